"""Registry rows ↔ normal ``pia-declaration/1`` entries, in one place per collection.

The export turns rows into normal entries (:mod:`compliance.declaration.normal_form`);
the import turns normal entries into model fields. Both directions go key by key through
the table of collections (:mod:`compliance.declaration.collections`): a plain key is the
model field of its name, a date an ISO date, a reference the ID of the row it points at;
only the compound keys (``basis``, ``counterparty``, ``transfer``, ``public_comment``, an
ordinance's lists, a file's affairs) have functions here. So a round trip changes nothing,
and a new plain key needs no code here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from compliance.declaration.collections import ALL, BY_NAME, COLLECTIONS, ID, TOP_LEVEL, Collection, Shape
from compliance.declaration.normal_form import (
    FORMAT,
    as_list,
    normalize_declaration,
    ref_sort_key,
    sorted_by_id,
    sorted_unique_refs,
)
from compliance.registry import models as m

__all__ = ["FORMAT", "normalize_declaration", "ref_sort_key"]


def collection_model(collection: Collection) -> type[m.RegistryEntry]:
    """The registry model a collection's row names (``registry.Affair`` → :class:`~m.Affair`)."""
    app_label, name = collection.model.split(".")
    model: type[m.RegistryEntry] = getattr(m, name)
    assert model._meta.app_label == app_label, collection.model
    return model


#: Top-level collections, in document order, and the model that stores each.
COLLECTION_MODELS: dict[str, type[m.RegistryEntry]] = {
    c.name: collection_model(c) for c in COLLECTIONS if not c.nested
}

#: Ordinance sub-collections; their IDs are unique within one ordinance only.
NESTED_MODELS: dict[str, type[m.RegistryEntry]] = {
    c.name: collection_model(c) for c in COLLECTIONS if c.nested
}

#: Every collection an import reports on, in the order they are written.
ALL_COLLECTIONS: tuple[str, ...] = ALL


def collection_label(name: str) -> str:
    """The collection's name for people (条例, 事務, 特定個人情報ファイル…): its model's plural name."""
    model = COLLECTION_MODELS.get(name) or NESTED_MODELS.get(name)
    return str(model._meta.verbose_name_plural) if model is not None else name


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()


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


def _refs_of(refs: ExportRefs | ImportRefs, collection: str) -> dict[Any, Any]:
    table: dict[Any, Any] = getattr(refs, collection)
    return table


#: How a compound key is written from a row (the row and the IDs of the rows it points at).
ExportKey = Callable[[Any, ExportRefs], Any]


def export_entry(
    collection: Collection, row: Any, refs: ExportRefs, custom: Mapping[str, ExportKey]
) -> dict[str, Any]:
    """A row as its normal entry: each key of the collection's table, in order; ``custom`` for compound keys."""
    out: dict[str, Any] = {}
    for f in collection.fields:
        value: Any
        if f.name in custom:
            value = custom[f.name](row, refs)
        elif f.ref:
            pk = getattr(row, f"{f.model_field}_id")
            value = None if pk is None else _refs_of(refs, f.ref)[pk]
        elif f.shape is Shape.DATE:
            value = _date(getattr(row, f.model_field))
        elif f.shape is Shape.LIST:
            value = as_list(getattr(row, f.model_field))
        else:
            value = getattr(row, f.model_field)
        if f.only_when_set and not value:
            continue
        out[f.name] = value
    return out


def _writer(name: str, **custom: ExportKey) -> Callable[[Any, ExportRefs], dict[str, Any]]:
    collection = BY_NAME[name]

    def write(row: Any, refs: ExportRefs) -> dict[str, Any]:
        return export_entry(collection, row, refs, custom)

    write.__name__ = f"{collection.noun}_entry"
    return write


def affair_basis(row: m.Affair) -> dict[str, Any]:
    if row.basis_kind in ("schedule", "quasi"):
        basis = {"kind": row.basis_kind, "statute": row.basis_statute, "affair": row.basis_affair}
        if row.basis_kind == "schedule" and row.basis_row:
            basis["row"] = row.basis_row
        return basis
    if row.basis_kind == "ordinance":
        return {"kind": row.basis_kind, "ordinance": row.basis_ordinance, "affair": row.basis_affair}
    return {"kind": row.basis_kind}


def _counterparty(row: m.Provision, refs: ExportRefs) -> dict[str, Any]:
    return {
        "name": row.counterparty_name,
        "kind": row.counterparty_kind,
        "body": row.counterparty_body or None,
        "same_government": row.counterparty_same_government,
    }


def _transfer(row: m.CardFlow, refs: ExportRefs) -> dict[str, Any]:
    return {"medium": row.transfer_medium, "encrypted": row.transfer_encrypted, "logged": row.transfer_logged}


def _public_comment(row: m.DeclaredAssessment, refs: ExportRefs) -> dict[str, Any] | None:
    if not row.has_public_comment:
        return None
    return {
        "from": _date(row.public_comment_from),
        "to": _date(row.public_comment_to),
        "shortened_reason": row.public_comment_shortened_reason,
    }


def ordinance_affair_entry(row: m.OrdinanceAffair) -> dict[str, Any]:
    return export_entry(BY_NAME["ordinance_affairs"], row, ExportRefs(), {})


def intra_provision_entry(row: m.IntraProvision) -> dict[str, Any]:
    return export_entry(BY_NAME["intra_provisions"], row, ExportRefs(), {})


#: Rows → normal entries, per top-level collection; the keys the table cannot say are written here.
ENTRY_WRITERS: dict[str, Callable[[Any, ExportRefs], dict[str, Any]]] = {
    "ordinances": _writer(
        "ordinances",
        affairs=lambda row, refs: sorted_by_id(refs.ordinance_affairs.get(row.pk, [])),
        intra_provisions=lambda row, refs: sorted_by_id(refs.intra_provisions.get(row.pk, [])),
    ),
    "affairs": _writer("affairs", basis=lambda row, refs: affair_basis(row)),
    "files": _writer(
        "files", affairs=lambda row, refs: sorted_unique_refs(refs.file_affairs.get(row.pk, []))
    ),
    "terminals": _writer("terminals"),
    "provisions": _writer("provisions", counterparty=_counterparty),
    "card_flows": _writer("card_flows", transfer=_transfer),
    "entrustments": _writer("entrustments"),
    "assessments": _writer("assessments", public_comment=_public_comment),
    "changes": _writer("changes"),
    "incidents": _writer("incidents"),
}
assert tuple(ENTRY_WRITERS) == TOP_LEVEL


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


#: How a compound key of a normal entry becomes model fields.
ImportKey = Callable[[Mapping[str, Any]], dict[str, Any]]


def import_fields(
    collection: Collection, e: Mapping[str, Any], refs: ImportRefs, custom: Mapping[str, ImportKey]
) -> dict[str, Any]:
    """A normal entry as model fields: each key of the collection's table; ``custom`` for compound keys.

    The ID is the import's business (``ref``), and so are nested collections and a file's affairs.
    """
    out: dict[str, Any] = {}
    for f in collection.fields:
        if f is ID or f.shape in (Shape.ENTRIES, Shape.REFS):
            continue
        if f.name in custom:
            out.update(custom[f.name](e))
            continue
        value = e[f.name] if f.required else e.get(f.name, f.default)
        if f.ref:
            out[f"{f.model_field}_id"] = None if value is None else _refs_of(refs, f.ref)[value]
        elif f.shape is Shape.DATE:
            out[f.model_field] = _day(value)
        elif f.shape is Shape.LIST:
            out[f.model_field] = list(value)
        else:
            out[f.model_field] = value
    return out


def _reader(name: str, **custom: ImportKey) -> Callable[[Mapping[str, Any], ImportRefs], dict[str, Any]]:
    collection = BY_NAME[name]

    def read(e: Mapping[str, Any], refs: ImportRefs) -> dict[str, Any]:
        return import_fields(collection, e, refs, custom)

    read.__name__ = f"{collection.noun}_fields"
    return read


def _basis_fields(e: Mapping[str, Any]) -> dict[str, Any]:
    basis = e["basis"]
    return {
        "basis_kind": basis["kind"],
        "basis_statute": basis.get("statute", ""),
        "basis_affair": basis.get("affair", ""),
        "basis_ordinance": basis.get("ordinance", ""),
        "basis_row": basis.get("row", ""),
    }


def _counterparty_fields(e: Mapping[str, Any]) -> dict[str, Any]:
    party = e["counterparty"]
    return {
        "counterparty_name": party["name"],
        "counterparty_kind": party["kind"],
        "counterparty_body": party["body"] or "",
        "counterparty_same_government": party["same_government"],
    }


def _transfer_fields(e: Mapping[str, Any]) -> dict[str, Any]:
    transfer = e["transfer"]
    return {
        "transfer_medium": transfer["medium"],
        "transfer_encrypted": transfer["encrypted"],
        "transfer_logged": transfer["logged"],
    }


def _public_comment_fields(e: Mapping[str, Any]) -> dict[str, Any]:
    comment = e["public_comment"] or {}
    return {
        "public_comment_from": _day(comment.get("from")),
        "public_comment_to": _day(comment.get("to")),
        "public_comment_shortened_reason": comment.get("shortened_reason"),
    }


#: Normal entries → model fields, per collection; the keys the table cannot say are read here.
FIELD_READERS: dict[str, Callable[[Mapping[str, Any], ImportRefs], dict[str, Any]]] = {
    "ordinances": _reader("ordinances"),
    "ordinance_affairs": _reader("ordinance_affairs"),
    "intra_provisions": _reader("intra_provisions"),
    "affairs": _reader("affairs", basis=_basis_fields),
    "files": _reader("files"),
    "terminals": _reader("terminals"),
    "provisions": _reader(
        "provisions", counterparty=_counterparty_fields, ground=lambda e: {"ground": e.get("ground") or ""}
    ),
    "card_flows": _reader("card_flows", transfer=_transfer_fields),
    "entrustments": _reader("entrustments"),
    "assessments": _reader("assessments", public_comment=_public_comment_fields),
    "changes": _reader("changes"),
    "incidents": _reader("incidents"),
}
assert tuple(FIELD_READERS) == ALL
