"""The normal form of a ``pia-declaration/1`` document (docs/domain.md §5).

A declared entry may omit keys and list a file's affairs in any order; the normal
entry has every key with its default (the same defaults the check engine reads,
:mod:`compliance.checks.snapshot`), ``files[].affairs`` de-duplicated and sorted,
and every collection sorted by ID. Import compares normal entries (so "updated"
means the content really changed) and the export writes them, which is what makes
export → import → export the identity.

The optional keys added to the format later (``provisions[].ground``, ``basis.row``,
``card_flows[].statutory_procedure``, ``incidents[].known_on``) are written only when
set, so a declaration that does not use them normalises exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

FORMAT = "pia-declaration/1"

_DIGITS = re.compile(r"(\d+)")


def ref_sort_key(ref: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order for IDs, so ``a2`` comes before ``a10`` in an export."""
    return tuple(
        (0, int(part), part) if part.isdigit() else (1, 0, part) for part in _DIGITS.split(ref) if part
    )


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _normal_basis(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    raw = raw or {"kind": "none"}
    kind = raw.get("kind", "none")
    if kind in ("schedule", "quasi"):
        basis = {"kind": kind, "statute": raw.get("statute", ""), "affair": raw.get("affair", "")}
        if kind == "schedule" and raw.get("row"):  # the row number (項番), only when declared
            basis["row"] = raw["row"]
        return basis
    if kind == "ordinance":
        return {"kind": kind, "ordinance": raw.get("ordinance", ""), "affair": raw.get("affair", "")}
    return {"kind": kind}


def _normal_public_comment(raw: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    return {"from": raw.get("from"), "to": raw.get("to"), "shortened_reason": raw.get("shortened_reason")}


def _normal_transfer(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    return {
        "medium": raw.get("medium", "none"),
        "encrypted": bool(raw.get("encrypted", False)),
        "logged": bool(raw.get("logged", False)),
    }


def _sorted_unique(refs: Any) -> list[str]:
    return sorted(set(_list(refs)), key=ref_sort_key)


def _normal_ordinance(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "title": e["title"],
        "number": e.get("number"),
        "in_force_from": e["in_force_from"],
        "repealed_on": e.get("repealed_on"),
        "affairs": _sorted(
            [{"id": a["id"], "name": a["name"], "field": a["field"]} for a in _list(e.get("affairs"))]
        ),
        "intra_provisions": _sorted(
            [
                {
                    "id": p["id"],
                    "from_body": p["from_body"],
                    "to_body": p["to_body"],
                    "purpose": p.get("purpose", ""),
                    "categories": _list(p.get("categories")),
                }
                for p in _list(e.get("intra_provisions"))
            ]
        ),
    }


def _normal_affair(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "name": e["name"],
        "uses_number": e["uses_number"],
        "uses_gender": e.get("uses_gender", False),
        "needs_residence_status": e.get("needs_residence_status", False),
        "basis": _normal_basis(e.get("basis")),
        "persons": e.get("persons"),
        "handlers": e.get("handlers"),
        "serious_incident_past_year": e.get("serious_incident_past_year"),
    }


def _normal_file(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "name": e["name"],
        "affairs": _sorted_unique(e.get("affairs")),
        "persons": e["persons"],
        "handlers": e["handlers"],
        "serious_incident_past_year": e.get("serious_incident_past_year", False),
        "staff_only": e.get("staff_only", False),
        "held_from": e.get("held_from"),
    }


def _normal_terminal(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "name": e.get("name", e["id"]),  # as the check engine reads an unnamed terminal
        "connection": e["connection"],
        "write_authorized": e.get("write_authorized", False),
        "two_factor": e.get("two_factor", False),
        "resident_register_client": e.get("resident_register_client", False),
    }


def _normal_provision(e: Mapping[str, Any]) -> dict[str, Any]:
    party = e.get("counterparty") or {}
    return {
        "id": e["id"],
        "affair": e["affair"],
        "direction": e["direction"],
        "channel": e["channel"],
        "counterparty": {
            "name": party.get("name", ""),
            "kind": party.get("kind"),
            "body": party.get("body"),
            "same_government": party.get("same_government", False),
        },
        "categories": _list(e.get("categories")),
        **({"ground": e["ground"]} if e.get("ground") else {}),  # None: inferred from the channel
    }


def _normal_card_flow(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "affair": e["affair"],
        "card": e["card"],
        "application": e["application"],
        "operation": e["operation"],
        "items": _list(e.get("items")),
        "terminal": e.get("terminal"),
        "transfer": _normal_transfer(e.get("transfer")),
        "consent_recorded": e.get("consent_recorded", False),
        "persistent_key": e.get("persistent_key", False),
        **({"statutory_procedure": True} if e.get("statutory_procedure") else {}),
    }


def _normal_entrustment(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "file": e["file"],
        "contractor": e["contractor"],
        "supervision": e["supervision"],
        "subcontract": e["subcontract"],
        "subcontract_permitted": e.get("subcontract_permitted", False),
    }


def _normal_assessment(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "affair": e["affair"],
        "level": e["level"],
        "published_on": e.get("published_on"),
        "public_comment": _normal_public_comment(e.get("public_comment")),
        "third_party_review_on": e.get("third_party_review_on"),
        "ppc_approval_on": e.get("ppc_approval_on"),
        "last_review_on": e.get("last_review_on"),
    }


def _normal_change(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "affair": e["affair"],
        "effective_on": e["effective_on"],
        "important": e["important"],
        "summary": e.get("summary", ""),
    }


def _normal_incident(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "occurred_on": e["occurred_on"],
        **({"known_on": e["known_on"]} if e.get("known_on") else {}),
        "serious": e["serious"],
        "summary": e.get("summary", ""),
    }


NORMALIZERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "ordinances": _normal_ordinance,
    "affairs": _normal_affair,
    "files": _normal_file,
    "terminals": _normal_terminal,
    "provisions": _normal_provision,
    "card_flows": _normal_card_flow,
    "entrustments": _normal_entrustment,
    "assessments": _normal_assessment,
    "changes": _normal_change,
    "incidents": _normal_incident,
}


def _sorted(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda entry: ref_sort_key(entry["id"]))


def normalize_organization(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": raw["name"], "code": raw["code"], "kind": raw["kind"], "body": raw["body"]}


def normalize_declaration(data: Mapping[str, Any]) -> dict[str, Any]:
    """The normal form of a **valid** declaration: every key with its default, collections sorted by ID.

    ``as_of`` is kept when declared; the registry itself has no as-of date, so an export
    writes the day it was asked for.
    """
    out: dict[str, Any] = {"format": FORMAT}
    if data.get("as_of") is not None:
        out["as_of"] = data["as_of"]
    out["organization"] = normalize_organization(data["organization"])
    for collection, normalizer in NORMALIZERS.items():
        out[collection] = _sorted([normalizer(entry) for entry in _list(data.get(collection))])
    return out
