"""My Number (個人番号): the check digit of 番号法施行令第8条 and keeping the number out of free text."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from compliance.lib.mynumber import (
    RedactMyNumberFilter,
    check_digit,
    contains_my_number,
    is_valid_my_number,
    validate_no_my_number,
)

# The one valid number these tests use, only to prove it is refused.
VALID = "123456789018"
INVALID = "123456789012"  # same digits, wrong check digit: an ordinary twelve-digit number


def test_the_check_digit_of_the_textbook_example_is_eight() -> None:
    assert check_digit("12345678901") == 8


def test_a_number_with_the_right_check_digit_is_valid() -> None:
    assert is_valid_my_number(VALID)
    assert not is_valid_my_number(INVALID)


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        f"申請者の番号は{VALID}です",
        "申請者の番号は１２３４５６７８９０１８です",  # full-width digits
        "番号 1234-5678-9018 を確認",
        "番号 1234 5678 9018 を確認",
        "番号 １２３４－５６７８－９０１８",
    ],
)
def test_the_validator_refuses_free_text_containing_a_my_number(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_no_my_number(text)
    assert error.value.code == "contains_my_number"


@pytest.mark.parametrize(
    "text",
    [
        INVALID,
        f"受付番号 {INVALID}",
        "電話 0123-4567-8901",
        f"1{VALID}",  # thirteen digits: not a My Number
        f"{VALID}9",
        "",
    ],
)
def test_the_validator_accepts_text_without_a_valid_my_number(text: str) -> None:
    validate_no_my_number(text)
    assert not contains_my_number(text)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 9))
def test_twelve_digits_are_valid_exactly_when_the_last_digit_is_the_check_digit(
    first_eleven: str, last: int
) -> None:
    assert is_valid_my_number(first_eleven + str(last)) == (last == check_digit(first_eleven))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_the_validator_refuses_every_valid_number_embedded_in_prose(first_eleven: str) -> None:
    number = first_eleven + str(check_digit(first_eleven))
    with pytest.raises(ValidationError):
        validate_no_my_number(f"対象者（{number}）の照会")


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("test", logging.INFO, __file__, 1, message, args, None)


def test_the_log_filter_redacts_a_my_number_in_the_formatted_message() -> None:
    record = _record("looked up %s for %s", VALID, "苫小牧市")
    assert RedactMyNumberFilter().filter(record)
    assert VALID not in record.getMessage()
    assert "[REDACTED]" in record.getMessage()
    assert "苫小牧市" in record.getMessage()


def test_the_log_filter_leaves_ordinary_twelve_digit_numbers_alone() -> None:
    record = _record("order %s", INVALID)
    RedactMyNumberFilter().filter(record)
    assert record.getMessage() == f"order {INVALID}"


def test_the_logging_configuration_redacts_on_the_console_handler() -> None:
    import io

    from django.conf import settings
    from django.utils.module_loading import import_string

    config = settings.LOGGING
    filter_names = config["handlers"]["console"]["filters"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    for name in filter_names:
        handler.addFilter(import_string(config["filters"][name]["()"])())
    logger = logging.getLogger("tests.lib.mynumber")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("照会 %s", "1234-5678-9018")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert "照会 [REDACTED]" in stream.getvalue()
