"""Row and item numbers: kanji as printed and digits as in the catalog convert both ways."""

from __future__ import annotations

import pytest

from compliance.law.numbers import int_to_kanji, kanji_row, kanji_to_int, normalize_row_number, row_number_of


@pytest.mark.parametrize("number", [1, 9, 10, 11, 19, 20, 56, 99, 100, 101, 110, 136, 177, 999, 1000])
def test_kanji_numerals_round_trip(number: int) -> None:
    assert kanji_to_int(int_to_kanji(number)) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("八十二の二", "82-2"), ("82-2", "82-2"), ("８２の２", "82-2"), ("百三十六", "136"), ("五十六の項", "56"),
     ("056", "56"), ("", None), ("child", None)],
)  # fmt: skip
def test_a_row_number_is_read_in_either_form(text: str, expected: str | None) -> None:
    assert normalize_row_number(text) == expected


def test_rows_convert_between_digits_and_kanji() -> None:
    assert kanji_row("56-2") == "五十六の二"
    assert row_number_of("五十六の二") == "56-2"
