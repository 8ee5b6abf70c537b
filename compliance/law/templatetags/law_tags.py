"""Display helpers for the law browser's templates (no logic beyond naming things)."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist

from compliance.law.records import Kind, Record
from compliance.law.selectors import summarize

register = template.Library()


@register.filter
def record_summary(record: Record) -> str:
    return summarize(record)


@register.filter
def field_labels(fields: tuple[str, ...], kind: Kind) -> str:
    """The changed fields by their verbose names (e.g. ``affair`` → 事務（下欄）)."""
    names = []
    for name in fields:
        try:
            names.append(str(getattr(kind.model._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:  # body lists (bodies, providers) are reverse relations
            names.append(name)
    return "、".join(names)
