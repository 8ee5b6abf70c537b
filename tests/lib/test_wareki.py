"""和暦: dates as Japanese documents print them."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.lib.wareki import to_wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 4, 1), "令和8年4月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(2013, 5, 31), "平成25年5月31日"),  # 番号法 promulgated
    ],
)
def test_it_writes_the_era_and_the_first_year_as_gannen(day: dt.date, expected: str) -> None:
    assert to_wareki(day) == expected


def test_it_refuses_dates_before_the_meiji_calendar_reform() -> None:
    with pytest.raises(ValueError):
        to_wareki(dt.date(1872, 12, 31))
