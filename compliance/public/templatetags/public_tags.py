"""Display labels for the public pages (codes in the data, words on the page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from compliance.assessments.states import Level
from compliance.lib import vocabulary as v
from compliance.lib.vocabulary import PREFECTURES, Body, OrganizationKind

register = template.Library()

VOCABULARIES: dict[str, Any] = {
    "prefecture": dict(PREFECTURES),
    "level": dict(Level.choices),
    "kind": dict(OrganizationKind.choices),
    "body": dict(Body.choices),
    "basis": dict(v.BasisKind.choices),
    "field": dict(v.OrdinanceField.choices),
    "card": dict(v.Card.choices),
    "application": dict(v.Application.choices),
    "operation": dict(v.Operation.choices),
    "item": dict(v.CardItem.choices),
    "direction": dict(v.Direction.choices),
    "channel": dict(v.Channel.choices),
    "counterparty": dict(v.CounterpartyKind.choices),
    "medium": dict(v.Medium.choices),
}


@register.filter
def label(value: Any, vocabulary: str) -> str:
    """``{{ row.level|label:"level" }}`` → 基礎項目評価; unknown codes are shown as they are."""
    if isinstance(value, list | tuple):
        return "、".join(label(item, vocabulary) for item in value)
    return str(VOCABULARIES.get(vocabulary, {}).get(value, value if value not in (None, "") else "—"))


@register.simple_tag
def options(choices: Any, selected: Any) -> str:
    """The ``<option>`` elements of a filter ``<select>``, ``selected`` marked.

    ``choices``: (code, label) pairs or bare codes. One tag instead of a template loop: the
    search page has some two hundred options, and rendering them node by node was most of
    its rendering time.
    """
    selected = "" if selected is None else str(selected)
    pairs = ((c, c) if isinstance(c, str) else (c[0], c[1]) for c in choices)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, mark_safe(" selected") if str(code) == selected else "", name) for code, name in pairs),
    )
