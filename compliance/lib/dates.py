"""Date arithmetic in years, counted as the law counts them (the same calendar day).

The assessment procedure and the check rules count their periods with it (a review within a
year, re-assessment within 5 years, a serious incident in the past year)."""

from __future__ import annotations

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (earlier when negative); 29 February becomes 28 February in a
    common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
