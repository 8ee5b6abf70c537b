"""CSV cells never start like a spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import pytest

from compliance.lib.spreadsheet import neutralize_cell, safe_row


@pytest.mark.parametrize(
    "payload",
    ['=HYPERLINK("https://evil.example/","click")', "+1", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_a_cell_that_starts_like_a_formula_is_prefixed_with_a_quote(payload: str) -> None:
    assert neutralize_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["児童手当の支給に関する事務", "苫小牧市-2026-01", "a=b", "", 3, None])
def test_ordinary_text_and_numbers_are_written_unchanged(value: object) -> None:
    assert neutralize_cell(value) == value


def test_a_row_is_neutralised_cell_by_cell() -> None:
    assert safe_row(["=1", 2, "ok"]) == ["'=1", 2, "ok"]
