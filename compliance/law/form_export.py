"""The form definitions as ``form_definitions --format json`` prints them: official numbers, labels, choices.

Reviewers compare this with the PPC's own templates, so it prints what the form prints:
the item number (「1.①」), the label and any sub-label or question, the choices with their
numbers in the official order (「1) 実施する」), and whether a published assessment was
found that shows the item (``verified`` with its ``sources``).
"""

from __future__ import annotations

from typing import Any

from compliance.law.models import FormDefinition
from compliance.law.models.forms import RATING_CHOICES


def _choices(item: dict[str, Any]) -> list[str]:
    if item.get("answer_type") == "rating":
        return [f"{n}) {c}" for n, c in enumerate(RATING_CHOICES, start=1)]
    return [str(c) for c in item.get("choices") or []]


def _item(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": item["key"],
        "number": item.get("number", ""),
        "label": item["label"],
    }
    for optional in ("sub_label", "question"):
        if item.get(optional):
            out[optional] = item[optional]
    out["type"] = item.get("answer_type", "text")
    out["choices"] = _choices(item)
    if item.get("columns"):
        out["columns"] = list(item["columns"])
    out["required"] = bool(item.get("required", False))
    out["public"] = bool(item.get("public", True))
    if item.get("blank_when"):
        out["blank_when"] = item["blank_when"]
    out["verified"] = bool(item.get("verified", False))
    out["sources"] = list(item.get("sources") or [])
    return out


def _section(section: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": section["key"],
        "number": section.get("number", ""),
        "title": section.get("title") or section.get("label", ""),
        "items": [_item(i) for i in section.get("items", [])],
    }
    if section.get("sections"):
        out["sections"] = [_section(s) for s in section["sections"]]
    return out


def definition_identity(definition: FormDefinition) -> dict[str, Any]:
    """Which form, which version, since when: how the exports and a frozen assessment name a definition."""
    return {
        "key": definition.key,
        "form": definition.form,
        "version": definition.version,
        "title": definition.title,
        "official_mark": definition.official_mark,
        "in_force_from": definition.in_force_from.isoformat(),
    }


def form_definition_json(definition: FormDefinition) -> dict[str, Any]:
    return {
        **definition_identity(definition),
        "in_force_until": definition.in_force_until.isoformat() if definition.in_force_until else None,
        "verified": definition.verified,
        "sections": [_section(s) for s in definition.sections],
    }


def form_definitions_json(*, form: str | None = None, version: str | None = None) -> dict[str, Any]:
    rows = FormDefinition.objects.all()
    if form:
        rows = rows.filter(form=form)
    if version:
        rows = rows.filter(version=version)
    return {"forms": [form_definition_json(d) for d in rows.order_by("form", "in_force_from", "key")]}
