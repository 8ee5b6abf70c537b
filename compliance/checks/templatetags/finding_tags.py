"""Template filters for findings wherever they are shown (stored rows, frozen versions, previews)."""

from __future__ import annotations

from django import template

from compliance.checks.models import Severity

register = template.Library()

_LABELS = dict(Severity.choices)


@register.filter
def severity_label(value: str) -> str:
    """違反 / 警告 / 注意 (Violation / Warning / Notice in English) for a severity value."""
    label = _LABELS.get(value)
    return str(label) if label is not None else value
