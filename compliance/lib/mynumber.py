"""The individual number (個人番号, "My Number"): check digit, and keeping it out of free text.

番号法施行令第8条 defines the check digit. The product never stores a My Number:
every free-text field runs :func:`validate_no_my_number`, and log records pass
through :class:`RedactMyNumberFilter`.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Twelve digits not embedded in a longer run of digits. NFKC first, so that
# full-width digits (１２３…) and separators people type are caught too.
_CANDIDATE = re.compile(r"(?<!\d)(\d{4})[ \-]?(\d{4})[ \-]?(\d{4})(?!\d)")


def check_digit(first_eleven: str) -> int:
    """The check digit for the first eleven digits (番号法施行令第8条)."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("expected exactly eleven ASCII digits")
    # P(n) is the n-th digit counted from the right; Q(n) = n+1 (n ≤ 6), n-5 (n ≥ 7).
    total = 0
    for n in range(1, 12):
        p = int(first_eleven[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(value: str) -> bool:
    """True if ``value`` is twelve digits whose last digit is the correct check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:11]) == int(value[11])


def find_my_numbers(text: str) -> list[str]:
    """Every twelve-digit run in ``text`` (after NFKC) that carries a valid check digit."""
    normalised = unicodedata.normalize("NFKC", text)
    found = []
    for match in _CANDIDATE.finditer(normalised):
        digits = "".join(match.groups())
        if is_valid_my_number(digits):
            found.append(digits)
    return found


def contains_my_number(text: str) -> bool:
    return bool(find_my_numbers(text))


def validate_no_my_number(value: object) -> None:
    """Django validator for every free-text field: refuse text that contains a My Number.

    A twelve-digit string without a valid check digit (a phone number, an order
    number) is accepted; only a number that could be someone's 個人番号 is refused.
    """
    if isinstance(value, str) and contains_my_number(value):
        raise ValidationError(
            _(
                "個人番号と思われる12桁の数字が含まれています。個人番号は入力できません。"
                " (This text appears to contain an individual number; it cannot be stored.)"
            ),
            code="contains_my_number",
        )


def redact_my_numbers(text: str) -> str:
    normalised = unicodedata.normalize("NFKC", text)
    return (
        _CANDIDATE.sub(
            lambda m: "[REDACTED]" if is_valid_my_number("".join(m.groups())) else m.group(0), normalised
        )
        if contains_my_number(text)
        else text
    )


class RedactMyNumberFilter(logging.Filter):
    """Logging filter: a My Number never reaches a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as Django would
            return True
        if contains_my_number(message):
            record.msg = redact_my_numbers(message)
            record.args = None
        return True
