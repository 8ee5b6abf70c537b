"""和暦 dates in any page: ``{% load wareki_tags %}{{ day|wareki }}``.

Officers and readers of an assessment write dates in the Japanese era (令和8年11月3日), as the
PPC forms do; the machine-readable ISO date stays in the ``<time datetime>``. On English pages
the text is the ISO date. (In the accounts app because every other app may load it.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from compliance.lib.wareki import to_wareki

register = template.Library()


@register.filter
def wareki(value: Any) -> str:
    """A date, a datetime (its local day) or an ISO ``YYYY-MM-DD`` string in a ``<time>``:
    令和8年11月3日 (2026-11-03 in English); anything else as it is, nothing as —."""
    if value in (None, ""):
        return "—"
    day = value
    if isinstance(value, dt.datetime):
        day = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(day, dt.date):
        return str(value)
    text = day.isoformat() if (get_language() or "ja").startswith("en") else to_wareki(day)
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), text)
