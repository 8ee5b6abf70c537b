"""全国地方公共団体コード: six digits whose last digit checks the first five."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from compliance.lib.lgcode import is_valid_lgcode, lgcode_check_digit, validate_lgcode

REAL_CODES = ["012131", "052019", "402036", "462012"]  # 苫小牧市, 秋田市, 久留米市, 鹿児島市


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_accepts_real_municipal_codes(code: str) -> None:
    assert is_valid_lgcode(code)


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_refuses_a_code_whose_check_digit_was_altered(code: str) -> None:
    for wrong in set("0123456789") - {code[5]}:
        assert not is_valid_lgcode(code[:5] + wrong)


@pytest.mark.parametrize("code", ["012141", "102131", "052029"])
def test_it_refuses_codes_with_a_changed_body_digit(code: str) -> None:
    assert not is_valid_lgcode(code)


@pytest.mark.parametrize("code", ["01213", "0121310", "01213a", "０１２１３１", "", "012 131"])
def test_it_refuses_anything_but_six_ascii_digits(code: str) -> None:
    assert not is_valid_lgcode(code)


def test_the_validator_names_the_expected_format() -> None:
    with pytest.raises(ValidationError) as error:
        validate_lgcode("012132")
    assert error.value.code == "invalid_lgcode"
    validate_lgcode("012131")  # no exception


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_check_digit_completes_every_five_digit_prefix(prefix: str) -> None:
    valid = [digit for digit in "0123456789" if is_valid_lgcode(prefix + digit)]
    assert valid == [str(lgcode_check_digit(prefix))]
