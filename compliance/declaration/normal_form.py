"""The normal form of a ``pia-declaration/1`` document (docs/domain.md §5).

A declared entry may omit keys and list a file's affairs in any order; the normal
entry has every key of its collection's table (:mod:`compliance.declaration.collections`)
with the table's default — the only place a default is written: the check engine's snapshot
reads normal entries — ``files[].affairs`` de-duplicated and sorted,
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

from compliance.declaration.collections import COLLECTIONS, Collection, Field, Shape, nested_in

FORMAT = "pia-declaration/1"

_DIGITS = re.compile(r"(\d+)")


def ref_sort_key(ref: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order for IDs, so ``a2`` comes before ``a10`` in an export."""
    return tuple(
        (0, int(part), part) if part.isdigit() else (1, 0, part) for part in _DIGITS.split(ref) if part
    )


def as_list(value: Any) -> list[Any]:
    """``value`` as a list when it is one (or a tuple); an absent or null list is empty."""
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


def _normal_counterparty(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    party = raw or {}
    return {
        "name": party.get("name", ""),
        "kind": party.get("kind"),
        "body": party.get("body"),
        "same_government": party.get("same_government", False),
    }


def _normal_transfer(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    return {
        "medium": raw.get("medium", "none"),
        "encrypted": bool(raw.get("encrypted", False)),
        "logged": bool(raw.get("logged", False)),
    }


def sorted_unique_refs(refs: Any) -> list[str]:
    """A list of IDs without repeats, in natural order (``files[].affairs``)."""
    return sorted(set(as_list(refs)), key=ref_sort_key)


def _normal_entries(raw: Any, collection: Collection) -> list[dict[str, Any]]:
    return sorted_by_id([normalize_entry(collection, entry) for entry in as_list(raw)])


#: How a key of each compound shape is normalised (the simple shapes are handled in :func:`normalize_entry`).
_COMPOUND: dict[Shape, Callable[[Any], Any]] = {
    Shape.LIST: as_list,
    Shape.REFS: sorted_unique_refs,
    Shape.BASIS: _normal_basis,
    Shape.COUNTERPARTY: _normal_counterparty,
    Shape.TRANSFER: _normal_transfer,
    Shape.PUBLIC_COMMENT: _normal_public_comment,
}


def normalize_entry(collection: Collection, e: Mapping[str, Any]) -> dict[str, Any]:
    """One entry of ``collection`` in normal form: every key of :attr:`Collection.fields`, in order."""
    out: dict[str, Any] = {}
    for f in collection.fields:
        if f.shape is Shape.ENTRIES:
            [nested] = [c for c in nested_in(collection.name) if c.document_key == f.name]
            value: Any = _normal_entries(e.get(f.name), nested)
        elif f.shape in _COMPOUND:
            value = _COMPOUND[f.shape](e.get(f.name))
        elif f.required:
            value = e[f.name]
        elif isinstance(f.default, Field):  # defaults to another key's value (a terminal's name: its ID)
            value = e.get(f.name, e[f.default.name])
        else:
            value = e.get(f.name, f.default)
        if f.only_when_set and not value:
            continue
        out[f.name] = value
    return out


def sorted_by_id(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries in the natural order of their IDs."""
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
    for collection in COLLECTIONS:
        if not collection.nested:
            out[collection.name] = _normal_entries(data.get(collection.name), collection)
    return out
