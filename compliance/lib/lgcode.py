"""全国地方公共団体コード: the six-digit local-government code and its check digit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def lgcode_check_digit(first_five: str) -> int:
    """r = (6·c1 + 5·c2 + 4·c3 + 3·c4 + 2·c5) mod 11; the check digit is the last digit of 11 − r."""
    if len(first_five) != 5 or not first_five.isascii() or not first_five.isdigit():
        raise ValueError("expected exactly five ASCII digits")
    remainder = sum(w * int(c) for w, c in zip((6, 5, 4, 3, 2), first_five, strict=True)) % 11
    return (11 - remainder) % 10


def is_valid_lgcode(code: str) -> bool:
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return lgcode_check_digit(code[:5]) == int(code[5])


def validate_lgcode(value: str) -> None:
    if not is_valid_lgcode(value):
        raise ValidationError(
            _(
                "全国地方公共団体コードは検査数字を含む6桁です（例: 012131）。 "
                "(A local-government code is six digits including its check digit.)"
            ),
            code="invalid_lgcode",
        )
