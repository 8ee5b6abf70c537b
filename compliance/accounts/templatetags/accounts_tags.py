"""Small display helpers for the accounts templates."""

from __future__ import annotations

import datetime as dt
import math

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: dt.timedelta | None) -> int:
    """A duration rounded up to whole minutes (the login cool-off on the lockout page)."""
    if not isinstance(value, dt.timedelta):
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))
