"""Registry rows ↔ normal ``pia-declaration/1`` entries, in one place per collection.

The export turns rows into normal entries (:mod:`compliance.declaration.normal_form`);
the import turns normal entries into model fields. Both directions use the tables
below, so a round trip changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compliance.declaration.normal_form import FORMAT, normalize_declaration, ref_sort_key
from compliance.registry import models as m

__all__ = ["FORMAT", "normalize_declaration", "ref_sort_key"]

#: Top-level collections, in document order, and the model that stores each.
COLLECTION_MODELS: dict[str, type[m.RegistryEntry]] = {
    "ordinances": m.Ordinance,
    "affairs": m.Affair,
    "files": m.SpecificFile,
    "terminals": m.Terminal,
    "provisions": m.Provision,
    "card_flows": m.CardFlow,
    "entrustments": m.Entrustment,
    "assessments": m.DeclaredAssessment,
    "changes": m.Change,
    "incidents": m.Incident,
}

#: Ordinance sub-collections; their IDs are unique within one ordinance only.
NESTED_MODELS: dict[str, type[m.RegistryEntry]] = {
    "ordinance_affairs": m.OrdinanceAffair,
    "intra_provisions": m.IntraProvision,
}

#: Every collection an import reports on, in the order they are written.
ALL_COLLECTIONS: tuple[str, ...] = (
    "ordinances",
    "ordinance_affairs",
    "intra_provisions",
    "affairs",
    "files",
    "terminals",
    "provisions",
    "card_flows",
    "entrustments",
    "assessments",
    "changes",
    "incidents",
)


def collection_label(name: str) -> str:
    """The collection's name for people (条例, 事務, 特定個人情報ファイル…): its model's plural name."""
    model = COLLECTION_MODELS.get(name) or NESTED_MODELS.get(name)
    return str(model._meta.verbose_name_plural) if model is not None else name


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _sorted(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=lambda entry: ref_sort_key(entry["id"]))


def _sorted_unique(refs: Any) -> list[str]:
    return sorted(set(_list(refs)), key=ref_sort_key)


# --- rows → normal entries (export) ------------------------------------------------


@dataclass
class ExportRefs:
    """Primary key → declaration ID of the rows other rows point at."""

    affairs: dict[int, str] = field(default_factory=dict)
    files: dict[int, str] = field(default_factory=dict)
    terminals: dict[int, str] = field(default_factory=dict)
    file_affairs: dict[int, list[str]] = field(default_factory=dict)
    ordinance_affairs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    intra_provisions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def ordinance_affair_entry(row: m.OrdinanceAffair) -> dict[str, Any]:
    return {"id": row.ref, "name": row.name, "field": row.field}


def intra_provision_entry(row: m.IntraProvision) -> dict[str, Any]:
    return {
        "id": row.ref,
        "from_body": row.from_body,
        "to_body": row.to_body,
        "purpose": row.purpose,
        "categories": _list(row.categories),
    }


def ordinance_entry(row: m.Ordinance, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "title": row.title,
        "number": row.number,
        "in_force_from": _date(row.in_force_from),
        "repealed_on": _date(row.repealed_on),
        "affairs": _sorted(refs.ordinance_affairs.get(row.pk, [])),
        "intra_provisions": _sorted(refs.intra_provisions.get(row.pk, [])),
    }


def affair_basis(row: m.Affair) -> dict[str, Any]:
    if row.basis_kind in ("schedule", "quasi"):
        basis = {"kind": row.basis_kind, "statute": row.basis_statute, "affair": row.basis_affair}
        if row.basis_kind == "schedule" and row.basis_row:
            basis["row"] = row.basis_row
        return basis
    if row.basis_kind == "ordinance":
        return {"kind": row.basis_kind, "ordinance": row.basis_ordinance, "affair": row.basis_affair}
    return {"kind": row.basis_kind}


def affair_entry(row: m.Affair, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "name": row.name,
        "uses_number": row.uses_number,
        "uses_gender": row.uses_gender,
        "needs_residence_status": row.needs_residence_status,
        "basis": affair_basis(row),
        "persons": row.persons,
        "handlers": row.handlers,
        "serious_incident_past_year": row.serious_incident_past_year,
    }


def file_entry(row: m.SpecificFile, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "name": row.name,
        "affairs": _sorted_unique(refs.file_affairs.get(row.pk, [])),
        "persons": row.persons,
        "handlers": row.handlers,
        "serious_incident_past_year": row.serious_incident_past_year,
        "staff_only": row.staff_only,
        "held_from": _date(row.held_from),
    }


def terminal_entry(row: m.Terminal, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "name": row.name,
        "connection": row.connection,
        "write_authorized": row.write_authorized,
        "two_factor": row.two_factor,
        "resident_register_client": row.resident_register_client,
    }


def provision_entry(row: m.Provision, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "affair": refs.affairs[row.affair_id],
        "direction": row.direction,
        "channel": row.channel,
        "counterparty": {
            "name": row.counterparty_name,
            "kind": row.counterparty_kind,
            "body": row.counterparty_body or None,
            "same_government": row.counterparty_same_government,
        },
        "categories": _list(row.categories),
        **({"ground": row.ground} if row.ground else {}),
    }


def card_flow_entry(row: m.CardFlow, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "affair": refs.affairs[row.affair_id],
        "card": row.card,
        "application": row.application,
        "operation": row.operation,
        "items": _list(row.items),
        "terminal": refs.terminals[row.terminal_id] if row.terminal_id else None,
        "transfer": {
            "medium": row.transfer_medium,
            "encrypted": row.transfer_encrypted,
            "logged": row.transfer_logged,
        },
        "consent_recorded": row.consent_recorded,
        "persistent_key": row.persistent_key,
        **({"statutory_procedure": True} if row.statutory_procedure else {}),
    }


def entrustment_entry(row: m.Entrustment, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "file": refs.files[row.file_id],
        "contractor": row.contractor,
        "supervision": row.supervision,
        "subcontract": row.subcontract,
        "subcontract_permitted": row.subcontract_permitted,
    }


def assessment_entry(row: m.DeclaredAssessment, refs: ExportRefs) -> dict[str, Any]:
    comment = None
    if row.has_public_comment:
        comment = {
            "from": _date(row.public_comment_from),
            "to": _date(row.public_comment_to),
            "shortened_reason": row.public_comment_shortened_reason,
        }
    return {
        "id": row.ref,
        "affair": refs.affairs[row.affair_id],
        "level": row.level,
        "published_on": _date(row.published_on),
        "public_comment": comment,
        "third_party_review_on": _date(row.third_party_review_on),
        "ppc_approval_on": _date(row.ppc_approval_on),
        "last_review_on": _date(row.last_review_on),
    }


def change_entry(row: m.Change, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "affair": refs.affairs[row.affair_id],
        "effective_on": _date(row.effective_on),
        "important": row.important,
        "summary": row.summary,
    }


def incident_entry(row: m.Incident, refs: ExportRefs) -> dict[str, Any]:
    return {
        "id": row.ref,
        "occurred_on": _date(row.occurred_on),
        **({"known_on": _date(row.known_on)} if row.known_on else {}),
        "serious": row.serious,
        "summary": row.summary,
    }


ENTRY_WRITERS: dict[str, Callable[[Any, ExportRefs], dict[str, Any]]] = {
    "ordinances": ordinance_entry,
    "affairs": affair_entry,
    "files": file_entry,
    "terminals": terminal_entry,
    "provisions": provision_entry,
    "card_flows": card_flow_entry,
    "entrustments": entrustment_entry,
    "assessments": assessment_entry,
    "changes": change_entry,
    "incidents": incident_entry,
}


# --- normal entries → model fields (import) ----------------------------------------


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


@dataclass
class ImportRefs:
    """Declaration ID → primary key, filled in as the import writes each collection."""

    affairs: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    terminals: dict[str, int] = field(default_factory=dict)
    ordinances: dict[str, int] = field(default_factory=dict)


def ordinance_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "title": e["title"],
        "number": e["number"],
        "in_force_from": _day(e["in_force_from"]),
        "repealed_on": _day(e["repealed_on"]),
    }


def ordinance_affair_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {"name": e["name"], "field": e["field"]}


def intra_provision_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "from_body": e["from_body"],
        "to_body": e["to_body"],
        "purpose": e["purpose"],
        "categories": list(e["categories"]),
    }


def affair_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    basis = e["basis"]
    return {
        "name": e["name"],
        "uses_number": e["uses_number"],
        "uses_gender": e["uses_gender"],
        "needs_residence_status": e["needs_residence_status"],
        "basis_kind": basis["kind"],
        "basis_statute": basis.get("statute", ""),
        "basis_affair": basis.get("affair", ""),
        "basis_ordinance": basis.get("ordinance", ""),
        "basis_row": basis.get("row", ""),
        "persons": e["persons"],
        "handlers": e["handlers"],
        "serious_incident_past_year": e["serious_incident_past_year"],
    }


def file_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "name": e["name"],
        "persons": e["persons"],
        "handlers": e["handlers"],
        "serious_incident_past_year": e["serious_incident_past_year"],
        "staff_only": e["staff_only"],
        "held_from": _day(e["held_from"]),
    }


def terminal_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "name": e["name"],
        "connection": e["connection"],
        "write_authorized": e["write_authorized"],
        "two_factor": e["two_factor"],
        "resident_register_client": e["resident_register_client"],
    }


def provision_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    party = e["counterparty"]
    return {
        "affair_id": refs.affairs[e["affair"]],
        "direction": e["direction"],
        "channel": e["channel"],
        "counterparty_name": party["name"],
        "counterparty_kind": party["kind"],
        "counterparty_body": party["body"] or "",
        "counterparty_same_government": party["same_government"],
        "categories": list(e["categories"]),
        "ground": e.get("ground") or "",
    }


def card_flow_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    transfer = e["transfer"]
    return {
        "affair_id": refs.affairs[e["affair"]],
        "card": e["card"],
        "application": e["application"],
        "operation": e["operation"],
        "items": list(e["items"]),
        "terminal_id": refs.terminals[e["terminal"]] if e["terminal"] is not None else None,
        "transfer_medium": transfer["medium"],
        "transfer_encrypted": transfer["encrypted"],
        "transfer_logged": transfer["logged"],
        "consent_recorded": e["consent_recorded"],
        "persistent_key": e["persistent_key"],
        "statutory_procedure": e.get("statutory_procedure", False),
    }


def entrustment_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "file_id": refs.files[e["file"]],
        "contractor": e["contractor"],
        "supervision": e["supervision"],
        "subcontract": e["subcontract"],
        "subcontract_permitted": e["subcontract_permitted"],
    }


def assessment_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    comment = e["public_comment"] or {}
    return {
        "affair_id": refs.affairs[e["affair"]],
        "level": e["level"],
        "published_on": _day(e["published_on"]),
        "public_comment_from": _day(comment.get("from")),
        "public_comment_to": _day(comment.get("to")),
        "public_comment_shortened_reason": comment.get("shortened_reason"),
        "third_party_review_on": _day(e["third_party_review_on"]),
        "ppc_approval_on": _day(e["ppc_approval_on"]),
        "last_review_on": _day(e["last_review_on"]),
    }


def change_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "affair_id": refs.affairs[e["affair"]],
        "effective_on": _day(e["effective_on"]),
        "important": e["important"],
        "summary": e["summary"],
    }


def incident_fields(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
    return {
        "occurred_on": _day(e["occurred_on"]),
        "known_on": _day(e.get("known_on")),
        "serious": e["serious"],
        "summary": e["summary"],
    }


FIELD_READERS: dict[str, Callable[[Mapping[str, Any], ImportRefs], dict[str, Any]]] = {
    "ordinances": ordinance_fields,
    "ordinance_affairs": ordinance_affair_fields,
    "intra_provisions": intra_provision_fields,
    "affairs": affair_fields,
    "files": file_fields,
    "terminals": terminal_fields,
    "provisions": provision_fields,
    "card_flows": card_flow_fields,
    "entrustments": entrustment_fields,
    "assessments": assessment_fields,
    "changes": change_fields,
    "incidents": incident_fields,
}
