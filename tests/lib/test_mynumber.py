"""My Number (個人番号): the check digit of 番号法施行令第8条 and keeping the number out of free text."""

from __future__ import annotations

import io
import logging
import sys
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from compliance.lib.mynumber import (
    MASK,
    RedactMyNumberFilter,
    check_digit,
    contains_my_number,
    find_my_numbers,
    holds_my_number,
    is_valid_my_number,
    redact_my_numbers,
    validate_no_my_number,
)
from tests.lib.mynumber_payloads import INVALID, PAYLOADS, VALID


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


@pytest.mark.parametrize("spelling", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_every_known_spelling_of_a_valid_number_is_refused(spelling: str) -> None:
    with pytest.raises(ValidationError):
        validate_no_my_number(f"申請者（{spelling}）の照会")
    assert VALID in find_my_numbers(spelling)


@pytest.mark.parametrize("spelling", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_same_spellings_with_a_wrong_check_digit_are_accepted(spelling: str) -> None:
    # The check digit is the last 8 of each spelling: make it a 2 (123456789012, not valid).
    at = max(spelling.rfind(eight) for eight in "8八８")
    wrong = spelling[:at] + {"8": "2", "八": "二", "８": "２"}[spelling[at]] + spelling[at + 1 :]
    validate_no_my_number(f"受付番号 {wrong}")


@pytest.mark.parametrize(
    "text",
    [
        INVALID,
        f"受付番号 {INVALID}",
        "電話 0123-4567-8901",
        "電話 090-1234-5678、FAX 03-1234-5678",
        f"1{VALID}",  # thirteen digits written together: a 法人番号 shape, not a My Number
        f"{VALID}9",
        f"法人番号 1{VALID} の事業者",
        "令和6年4月1日から令和7年3月31日まで",
        "第一条、第二条及び第三条",
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


# --- generated spellings ------------------------------------------------------------

_SCRIPTS = {
    "ascii": "0123456789",
    "full-width": "０１２３４５６７８９",
    "kanji": "〇一二三四五六七八九",
}
_SEPARATORS = [
    " ", "  ", "\u3000", "\u00a0", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
    "\u2212", "\ufe58", "\ufe63", "\uff0d", "ー", "ｰ", ".", "．", "/", "／", "\u200b", "\u200c",
    "\u200d", "\u2060", "\ufeff", "\t", "\n", "\r\n", " - ", ".\u200b",
]  # fmt: skip


@st.composite
def spelled(draw: st.DrawFn, *, valid: bool) -> tuple[str, str]:
    """(the number as ASCII digits, the number in a random spelling and grouping)."""
    first_eleven = draw(st.text(alphabet="0123456789", min_size=11, max_size=11))
    right = check_digit(first_eleven)
    last = right if valid else draw(st.integers(0, 9).filter(lambda d: d != right))
    number = first_eleven + str(last)
    # Random grouping: cut points between the twelve digits.
    cuts = sorted(draw(st.sets(st.integers(1, 11), max_size=11)))
    groups = [number[a:b] for a, b in zip([0, *cuts], [*cuts, 12], strict=True)]
    text = ""
    for i, group in enumerate(groups):
        if i:
            text += "".join(draw(st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=3)))
        for digit in group:
            text += _SCRIPTS[draw(st.sampled_from(sorted(_SCRIPTS)))][int(digit)]
    return number, text


@given(spelled(valid=True), st.sampled_from(["", "番号", "No.", "（", "照会: "]))
def test_a_valid_number_in_any_script_separator_and_grouping_is_refused(
    case: tuple[str, str], prefix: str
) -> None:
    number, text = case
    with pytest.raises(ValidationError):
        validate_no_my_number(f"{prefix}{text}を確認")
    assert number in find_my_numbers(text)
    assert number not in unicodedata.normalize("NFKC", redact_my_numbers(f"{prefix}{text}"))


@given(spelled(valid=False))
def test_the_same_spellings_with_a_wrong_check_digit_are_accepted_generated(case: tuple[str, str]) -> None:
    _, text = case
    validate_no_my_number(f"受付 {text} 号")
    assert redact_my_numbers(text) == text


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=6),
    st.text(alphabet="0123456789", min_size=11, max_size=11),
)
def test_a_separator_does_not_let_extra_digits_hide_a_number(extra: str, first_eleven: str) -> None:
    number = first_eleven + str(check_digit(first_eleven))
    assert contains_my_number(f"{extra}-{number}")
    assert contains_my_number(f"{number} {extra}")
    assert contains_my_number(f"{extra} {number[:4]} {number[4:8]} {number[8:]} {extra}")


@given(st.text(alphabet="0123456789", min_size=13, max_size=20))
def test_digits_written_together_beyond_twelve_are_not_a_candidate(digits: str) -> None:
    assert not contains_my_number(digits)


def test_every_unicode_dash_and_invisible_format_character_separates_groups() -> None:
    separators = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in {"Pd", "Cf"} and not 0xD800 <= code <= 0xDFFF
    ]
    missed = [f"U+{ord(ch):04X}" for ch in separators if not contains_my_number(f"1234{ch}5678{ch}9018")]
    assert missed == []


# --- redaction ---------------------------------------------------------------------


def test_redaction_replaces_each_number_with_the_mask_and_keeps_the_rest() -> None:
    text = f"照会 {PAYLOADS['en dash']} と {PAYLOADS['kanji numerals']}、受付 {INVALID}"
    redacted = redact_my_numbers(text)
    assert redacted == f"照会 {MASK} と {MASK}、受付 {INVALID}"


def test_redaction_leaves_text_without_a_number_untouched() -> None:
    text = "ＡＢＣ 全角のまま 0123-4567-8901"
    assert redact_my_numbers(text) is text


def test_overlapping_windows_are_redacted_as_one() -> None:
    # 1234 5678 9018 and 5678 9018 0000 both carry a valid check digit.
    assert redact_my_numbers("番号 1234-5678-9018-0000 を") == f"番号 {MASK} を"


def test_holds_my_number_looks_into_keys_lists_and_numbers() -> None:
    assert holds_my_number({"a": [{"b": f"x {PAYLOADS['dots']}"}]})
    assert holds_my_number({VALID: 1})
    assert holds_my_number([int(VALID)])
    assert not holds_my_number({"a": [INVALID, 1, None, True, 1.5]})


@pytest.mark.parametrize("spelling", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_number_percent_encoded_or_escaped_is_still_found(spelling: str) -> None:
    from urllib.parse import quote

    for encoded in (
        quote(spelling),
        quote(quote(spelling)),
        spelling.encode("unicode_escape").decode("ascii"),
    ):
        assert contains_my_number(f"GET /search/?q={encoded} HTTP/1.1")
        redacted = redact_my_numbers(f"/search/?q={encoded}")
        assert MASK in redacted
        assert not contains_my_number(redacted)


def test_decoding_for_redaction_cannot_forge_a_log_line() -> None:
    hidden = PAYLOADS["en dash"].replace("\u2013", "%E2%80%93")
    redacted = redact_my_numbers(f"GET /?q={hidden}%0A[02/Dec/2026] forged HTTP/1.1")
    assert "\n" not in redacted  # no real line break
    assert redacted == f"GET /?q={MASK}\\n[02/Dec/2026] forged HTTP/1.1"


# --- logging -----------------------------------------------------------------------


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("test", logging.INFO, __file__, 1, message, args, None)


def test_the_log_filter_redacts_a_my_number_in_the_formatted_message() -> None:
    record = _record("looked up %s for %s", VALID, "苫小牧市")
    assert RedactMyNumberFilter().filter(record)
    assert VALID not in record.getMessage()
    assert MASK in record.getMessage()
    assert "苫小牧市" in record.getMessage()


@pytest.mark.parametrize("spelling", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_log_filter_redacts_every_spelling(spelling: str) -> None:
    record = _record("GET /search/?q=%s", spelling)
    RedactMyNumberFilter().filter(record)
    assert not contains_my_number(record.getMessage())


def test_the_log_filter_redacts_a_traceback() -> None:
    try:
        raise ValueError(f"bad value {PAYLOADS['newlines']}")
    except ValueError:
        record = logging.LogRecord("test", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactMyNumberFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "ValueError" in formatted
    assert not contains_my_number(formatted)


def test_the_log_filter_leaves_ordinary_twelve_digit_numbers_alone() -> None:
    record = _record("order %s", INVALID)
    RedactMyNumberFilter().filter(record)
    assert record.getMessage() == f"order {INVALID}"


def test_the_logging_configuration_redacts_on_the_console_handler() -> None:
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
    assert f"照会 {MASK}" in stream.getvalue()
