"""Display labels for the public pages (codes in the data, words on the page)."""

from __future__ import annotations

from typing import Any

from django import template

from compliance.accounts.vocabulary import PREFECTURES, Body, OrganizationKind
from compliance.assessments.states import Level
from compliance.registry import vocabulary as v

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
