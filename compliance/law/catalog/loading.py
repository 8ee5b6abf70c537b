"""Building a :class:`~compliance.law.catalog.Catalog` from the catalog files or the database.

``check_declaration`` must work right after ``make setup`` with no database
(docs/domain.md §6.2), so the catalog can always be read straight from
``fixtures/law/*.yaml``; once the database is migrated and loaded, it is the
source of truth (amendments applied with ``catalog_apply`` live only there).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from compliance.law.catalog import (
    Article19Item,
    BodyRef,
    CardApplicationRecord,
    CardPlacementRecord,
    CardRecord,
    Catalog,
    Category,
    LinkagePermission,
    OrdinanceLinkageLimit,
    OrdinanceScopeRule,
    Period,
    ScheduleRow,
    build_catalog,
)


class CatalogFileError(ValueError):
    """A catalog file is missing, malformed, or refers to something that does not exist."""


def catalog_dir() -> Path:
    return Path(settings.HYOKA_FIXTURES_DIR) / "law"


def read_records(name: str, *, directory: Path | None = None) -> list[dict[str, Any]]:
    """The list of records in ``fixtures/law/NAME.yaml`` (empty when the file does not exist)."""
    path = (directory or catalog_dir()) / f"{name}.yaml"
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogFileError(f"{path.name}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise CatalogFileError(f"{path.name}: expected a list of records at the top level")
    return data


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CatalogFileError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def period_of(record: dict[str, Any], where: str) -> Period:
    start = _date(record.get("in_force_from"), f"{where}.in_force_from")
    if start is None:
        raise CatalogFileError(f"{where}.in_force_from: required")
    end = _date(record.get("in_force_until"), f"{where}.in_force_until")
    if end is not None and end <= start:
        raise CatalogFileError(f"{where}.in_force_until: must be after in_force_from")
    return Period(start, end)


def body_ref(raw: dict[str, Any], where: str) -> BodyRef:
    try:
        return BodyRef(
            label=str(raw["label"]),
            kinds=frozenset(raw["kinds"]),
            body=str(raw["body"]),
            delegated_by=str(raw.get("delegated_by") or ""),
        )
    except (KeyError, TypeError):
        raise CatalogFileError(f"{where}: a body needs label, kinds and body") from None


def schedule_row_of(raw: dict[str, Any], *, kind: str, where: str) -> ScheduleRow:
    return ScheduleRow(
        key=str(raw["key"]),
        kind=kind,
        row_number=str(raw.get("row_number", "")),
        statute=str(raw["statute"]),
        affair=str(raw["affair"]),
        bodies=tuple(body_ref(b, f"{where}.bodies[{i}]") for i, b in enumerate(raw.get("bodies", []))),
        field=str(raw.get("field", "other")),
        period=period_of(raw, where),
        resident_register=bool(raw.get("resident_register", False)),
        source=str(raw.get("source", "")),
        verified=bool(raw.get("verified", False)),
    )


def catalog_from_files(directory: Path | None = None) -> Catalog:
    """The catalog as shipped in ``fixtures/law/``, without touching the database."""
    rows = [
        schedule_row_of(r, kind="schedule", where=f"schedule_rows[{i}]")
        for i, r in enumerate(read_records("schedule_rows", directory=directory))
    ] + [
        schedule_row_of(r, kind="quasi", where=f"quasi_affairs[{i}]")
        for i, r in enumerate(read_records("quasi_affairs", directory=directory))
    ]
    categories = [
        Category(
            name=str(r["name"]),
            period=period_of(r, f"categories[{i}]"),
            source=str(r.get("source", "")),
            verified=bool(r.get("verified", False)),
            aliases=tuple(str(a) for a in r.get("aliases") or ()),
        )
        for i, r in enumerate(read_records("categories", directory=directory))
    ]
    permissions = [
        LinkagePermission(
            key=str(r["key"]),
            requester_row=str(r["requester_row"]),
            category=str(r["category"]),
            providers=tuple(
                body_ref(b, f"linkage_permissions[{i}].providers[{j}]") for j, b in enumerate(r["providers"])
            ),
            period=period_of(r, f"linkage_permissions[{i}]"),
            source=str(r.get("source", "")),
            verified=bool(r.get("verified", False)),
        )
        for i, r in enumerate(read_records("linkage_permissions", directory=directory))
    ]
    limits = [
        OrdinanceLinkageLimit(
            key=str(r["key"]),
            field=str(r["field"]),
            categories=frozenset(r.get("categories", [])),
            period=period_of(r, f"ordinance_linkage_limits[{i}]"),
            source=str(r.get("source", "")),
            verified=bool(r.get("verified", False)),
        )
        for i, r in enumerate(read_records("ordinance_linkage_limits", directory=directory))
    ]
    scope_rules = [
        OrdinanceScopeRule(
            key=str(r["key"]),
            allowed_fields=None if r.get("allowed_fields") is None else frozenset(r["allowed_fields"]),
            period=period_of(r, f"ordinance_scope_rules[{i}]"),
            source=str(r.get("source", "")),
            verified=bool(r.get("verified", False)),
        )
        for i, r in enumerate(read_records("ordinance_scope_rules", directory=directory))
    ]
    items = [
        Article19Item(
            key=str(r["key"]),
            ground=str(r.get("ground", "")),
            item=str(r["item"]),
            title=str(r.get("title", "")),
            period=period_of(r, f"article19_items[{i}]"),
            source=str(r.get("source", "")),
            verified=bool(r.get("verified", False)),
        )
        for i, r in enumerate(read_records("article19_items", directory=directory))
    ]
    cards, applications, placements = _cards_from_files(directory)
    return build_catalog(
        schedule_rows=rows,
        categories=categories,
        permissions=permissions,
        ordinance_limits=limits,
        ordinance_scope_rules=scope_rules,
        article19_items=items,
        cards=cards,
        card_applications=applications,
        card_placements=placements,
    )


def _cards_from_files(
    directory: Path | None,
) -> tuple[list[CardRecord], list[CardApplicationRecord], list[CardPlacementRecord]]:
    """The card specifications of ``cards.yaml`` (one file, four lists: cards, applications,
    items, placements); none when the file does not exist."""
    path = (directory or catalog_dir()) / "cards.yaml"
    if not path.exists():
        return [], [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CatalogFileError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogFileError(
            f"{path.name}: expected a mapping with the lists cards, applications, items, placements"
        )
    cards = [
        CardRecord(key=str(r["key"]), period=period_of(r, f"cards.cards[{i}]"))
        for i, r in enumerate(data.get("cards") or [])
    ]
    applications = [
        CardApplicationRecord(
            key=str(r["key"]),
            cards=frozenset(str(c) for c in r.get("cards") or ()),
            period=period_of(r, f"cards.applications[{i}]"),
            name=str(r.get("name") or ""),
            name_en=str(r.get("name_en") or ""),
            items=frozenset(str(x) for x in r.get("items") or ()),
        )
        for i, r in enumerate(data.get("applications") or [])
    ]
    placements = [
        CardPlacementRecord(
            key=str(r.get("key") or f"{r['card']}:{r['item']}"),
            card=str(r["card"]),
            item=str(r["item"]),
            where=str(r["where"]),
            period=period_of(r, f"cards.placements[{i}]"),
        )
        for i, r in enumerate(data.get("placements") or [])
    ]
    return cards, applications, placements


# --- the database ---------------------------------------------------------------------------------


def _db_body(ref: Any) -> BodyRef:
    return BodyRef(
        label=ref.label, kinds=frozenset(ref.kind_list), body=ref.body, delegated_by=ref.delegated_by
    )


def _traced(row: Any) -> dict[str, Any]:
    """A stored record's period and where it comes from, as every catalog record carries them."""
    return {
        "period": Period(row.in_force_from, row.in_force_until),
        "source": row.source,
        "verified": row.verified,
    }


def catalog_from_db() -> Catalog:
    """The same :class:`Catalog` as :func:`catalog_from_files`, read from the ``law`` tables.

    A fixed number of queries whatever the catalog's size (rows and permissions prefetch
    their body references): eleven.
    """
    # Imported on use: reading the shipped files needs no app registry (check_declaration, derive).
    from compliance.law import models as m

    schedule_rows = [
        ScheduleRow(
            key=r.key,
            kind=r.kind,
            row_number=r.row_number,
            statute=r.statute,
            affair=r.affair,
            bodies=tuple(_db_body(b) for b in r.bodies.all()),
            field=r.field,
            period=Period(r.in_force_from, r.in_force_until),
            resident_register=r.resident_register,
            source=r.source,
            verified=r.verified,
        )
        for r in m.ScheduleRow.objects.prefetch_related("bodies").order_by(
            "-kind", "position", "key", "in_force_from"
        )
    ]
    categories = [
        Category(
            name=c.name,
            **_traced(c),
            aliases=tuple(c.aliases or ()),
        )
        for c in m.InformationCategory.objects.all()
    ]
    permissions = [
        LinkagePermission(
            key=p.key,
            requester_row=p.requester_row,
            category=p.category,
            providers=tuple(_db_body(b) for b in p.providers.all()),
            **_traced(p),
        )
        for p in m.LinkagePermission.objects.prefetch_related("providers")
    ]
    ordinance_limits = [
        OrdinanceLinkageLimit(
            key=x.key,
            field=x.field,
            categories=frozenset(x.categories or []),
            **_traced(x),
        )
        for x in m.OrdinanceLinkageLimit.objects.all()
    ]
    ordinance_scope_rules = [
        OrdinanceScopeRule(
            key=x.key,
            allowed_fields=None if x.allowed_fields is None else frozenset(x.allowed_fields),
            **_traced(x),
        )
        for x in m.OrdinanceScopeRule.objects.all()
    ]
    article19_items = [
        Article19Item(
            key=x.key,
            ground=x.ground,
            item=x.item,
            title=x.title,
            **_traced(x),
        )
        for x in m.Article19Item.objects.order_by("ground", "in_force_from")
    ]
    return build_catalog(
        schedule_rows=schedule_rows,
        categories=categories,
        permissions=permissions,
        ordinance_limits=ordinance_limits,
        ordinance_scope_rules=ordinance_scope_rules,
        article19_items=article19_items,
        cards=[
            CardRecord(key=c.key, period=Period(c.in_force_from, c.in_force_until))
            for c in m.Card.objects.all()
        ],
        card_applications=[
            CardApplicationRecord(
                key=a.key,
                cards=frozenset(a.cards or ()),
                period=Period(a.in_force_from, a.in_force_until),
                name=a.name,
                name_en=a.name_en,
                items=frozenset(a.items or ()),
            )
            for a in m.CardApplication.objects.all()
        ],
        card_placements=[
            CardPlacementRecord(
                key=x.key,
                card=x.card,
                item=x.item,
                where=x.where,
                period=Period(x.in_force_from, x.in_force_until),
            )
            for x in m.CardItemPlacement.objects.all()
        ],
    )


#: Tables the check engine's Catalog is built from; their row counts and latest change form the revision.
_REVISION_MODELS = (
    "ScheduleRow", "ScheduleRowBody", "InformationCategory", "LinkagePermission", "LinkageProvider",
    "OrdinanceLinkageLimit", "OrdinanceScopeRule", "Article19Item", "Card", "CardApplication",
    "CardItemPlacement",
)  # fmt: skip
_cache: dict[tuple[Any, ...], Catalog] = {}


def catalog_revision() -> tuple[Any, ...]:
    """A value that changes whenever a catalog table the checks read changes: one query.

    Every period row carries ``updated_at`` (services set it on every write, bulk ones too),
    and counts catch deletions; the database alias is part of it so test databases never
    share an entry.
    """
    from django.apps import apps
    from django.db import connection

    parts = []
    for name in _REVISION_MODELS:
        model = apps.get_model("law", name)
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        if any(f.name == "updated_at" for f in model._meta.fields):
            parts.append(f"(SELECT MAX(updated_at) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    return (connection.alias, str(connection.settings_dict.get("NAME")), *map(str, values))


def _database_ready() -> bool:
    """Whether the catalog tables can be read without creating anything.

    On a fresh checkout the SQLite file does not exist yet; connecting would create it, so
    a missing file means "no database" (docs/domain.md §6.2: check_declaration writes nothing).
    """
    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict.get("NAME") or "")
        in_memory = name == ":memory:" or "mode=memory" in name
        if not in_memory and not Path(name).exists():
            return False
    return "law_schedulerow" in connection.introspection.table_names()


def load_catalog_for_checks() -> Catalog:
    """The catalog the checks use: the database when it is migrated and loaded, else the files.

    The database is the source of truth once loaded (amendments live only there). A small
    per-process cache keyed by :func:`catalog_revision` avoids rebuilding it for every check.
    """
    from django.db import DatabaseError

    try:
        if not _database_ready():
            return catalog_from_files()
        revision = catalog_revision()
    except (DatabaseError, RuntimeError):
        # DatabaseError: no database or tables (OperationalError, ProgrammingError).
        # RuntimeError: database access is not allowed here (pytest-django without the db mark).
        return catalog_from_files()
    if revision[2] in ("0", "None"):  # no schedule rows stored: the catalog has not been loaded
        return catalog_from_files()
    cached = _cache.get(revision)
    if cached is not None:
        return cached
    catalog = catalog_from_db()
    _cache.clear()
    _cache[revision] = catalog
    return catalog
