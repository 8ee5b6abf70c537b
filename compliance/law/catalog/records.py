"""The catalog's record kinds and how a raw record (from a YAML file or a change set) is checked.

One table describes every kind: which file or change-set section it lives in, which model
stores it, and its fields. ``load_catalog``, ``catalog_apply`` and ``import_egov_law`` all parse
records through :func:`parse_record`, so the three doors into the catalog accept the same
shapes and give the same messages (naming the file, the record index and the field).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance.law import models as m
from compliance.law.catalog import ARTICLE19_GROUNDS
from compliance.law.catalog.values import (
    BodyValue,
    CatalogValidationError,
    Parser,
    Problems,
    choice_list_parser,
    choice_parser,
    parse_bodies,
    parse_bool,
    parse_date,
    parse_text,
    parse_text_list,
)
from compliance.law.ppc_form_structure import parse_sections

__all__ = [  # the names the rest of the app imports from here
    "KINDS", "KINDS_BY_NAME", "ROW_KINDS", "BodyValue", "CatalogValidationError", "FieldSpec", "Kind",
    "Problems", "Record", "Universe", "check_references", "merged_raw", "parse_date", "parse_record",
    "parse_text", "record_from_model",
]  # fmt: skip

COMMON_KEYS = frozenset({"key", "in_force_from", "in_force_until", "source", "verified", "notes"})


# --- record kinds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    parse: Parser
    required: bool = False
    default: Any = None
    #: what the value refers to: statute_name, row_key, schedule_row_key, requester_key (a schedule
    #: row or a quasi affair), category_name,
    #: category_names, card_key, card_keys, card_item_key, card_item_keys
    ref: str | None = None


@dataclass(frozen=True)
class Kind:
    name: str  # section name in change sets, e.g. "schedule_rows"
    model: type[m.CatalogRecord]
    file: str  # file stem in fixtures/law/
    fields: tuple[FieldSpec, ...]
    section: str | None = None  # key inside a multi-kind file (cards.yaml)
    fixed: dict[str, Any] = field(default_factory=dict)  # model values implied by the kind
    bodies: str | None = None  # name of the body-reference list field, if any
    title: Any = None  # what a reader calls this kind (lazy translation); default: the model's name

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def label(self) -> str:
        return str(self.title or self.model._meta.verbose_name)

    def queryset(self) -> m.CatalogQuerySet:
        qs = self.model.objects.filter(**self.fixed) if self.fixed else self.model.objects.all()
        if self.bodies:
            qs = qs.prefetch_related(self.bodies)
        return qs


_ROW_FIELDS = (
    FieldSpec("row_number", parse_text, default=""),
    FieldSpec("statute", parse_text, required=True, ref="statute_name"),
    FieldSpec("affair", parse_text, required=True),
    FieldSpec("bodies", parse_bodies, required=True),
    FieldSpec("field", choice_parser(m.Field.values), default=m.Field.OTHER),
    FieldSpec("ordinance_ref", parse_text, default=""),
    FieldSpec("resident_register", parse_bool, default=False),
)

KINDS: tuple[Kind, ...] = (
    Kind(
        "statutes", m.Statute, "statutes",
        (
            FieldSpec("name", parse_text, required=True),
            FieldSpec("number", parse_text, default=""),
            FieldSpec("egov_law_id", parse_text, default=""),
            FieldSpec("kind", choice_parser(m.StatuteKind.values), default=m.StatuteKind.LAW),
        ),
    ),
    Kind("categories", m.InformationCategory, "categories",
         (FieldSpec("name", parse_text, required=True), FieldSpec("aliases", parse_text_list, default=[]),
          FieldSpec("description", parse_text, default=""))),
    Kind("schedule_rows", m.ScheduleRow, "schedule_rows", _ROW_FIELDS,
         fixed={"kind": m.RowKind.SCHEDULE}, bodies="bodies", title=_("別表の項")),
    Kind("quasi_affairs", m.ScheduleRow, "quasi_affairs",
         (*_ROW_FIELDS, FieldSpec("related_row", parse_text, default="", ref="schedule_row_key")),
         fixed={"kind": m.RowKind.QUASI}, bodies="bodies", title=_("準法定事務")),
    Kind(
        "article19_items", m.Article19Item, "article19_items",
        (FieldSpec("ground", choice_parser(ARTICLE19_GROUNDS), required=True), FieldSpec("item", parse_text, required=True),
         FieldSpec("title", parse_text, default=""), FieldSpec("meaning", parse_text, default="")),
    ),
    Kind(
        "linkage_permissions", m.LinkagePermission, "linkage_permissions",
        (
            # a schedule row or a quasi affair: 準法定事務処理者 are 情報照会者 too (第19条第8号)
            FieldSpec("requester_row", parse_text, required=True, ref="requester_key"),
            FieldSpec("category", parse_text, required=True, ref="category_name"),
            FieldSpec("providers", parse_bodies, required=True),
        ),
        bodies="providers",
    ),
    Kind(
        "ordinance_linkage_limits", m.OrdinanceLinkageLimit, "ordinance_linkage_limits",
        (
            FieldSpec("field", choice_parser(m.OrdinanceField.values), required=True),
            FieldSpec("categories", parse_text_list, default=(), ref="category_names"),
        ),
    ),
    Kind(
        "ordinance_scope_rules", m.OrdinanceScopeRule, "ordinance_scope_rules",
        (FieldSpec("allowed_fields", choice_list_parser(m.OrdinanceField.values, nullable=True), default=None),),
    ),
    Kind("cards", m.Card, "cards",
         (FieldSpec("name", parse_text, required=True), FieldSpec("name_en", parse_text, default="")), section="cards"),
    Kind(
        "card_applications", m.CardApplication, "cards",
        (FieldSpec("name", parse_text, required=True), FieldSpec("name_en", parse_text, default=""),
         FieldSpec("description", parse_text, default=""),
         FieldSpec("cards", parse_text_list, default=(), ref="card_keys"),
         FieldSpec("items", parse_text_list, default=(), ref="card_item_keys")),
        section="applications",
    ),
    Kind(
        "card_items", m.CardItem, "cards",
        (FieldSpec("name", parse_text, required=True), FieldSpec("name_en", parse_text, default=""),
         FieldSpec("needs_legal_basis", parse_bool, default=False), FieldSpec("description", parse_text, default="")),
        section="items",
    ),
    Kind(
        "card_placements", m.CardItemPlacement, "cards",
        (FieldSpec("card", parse_text, required=True, ref="card_key"),
         FieldSpec("item", parse_text, required=True, ref="card_item_key"),
         FieldSpec("where", choice_parser(m.Placement.values), required=True)),
        section="placements",
    ),
    Kind(
        "forms", m.FormDefinition, "forms",
        (FieldSpec("form", choice_parser(m.FormLevel.values), required=True),
         FieldSpec("version", parse_text, required=True), FieldSpec("title", parse_text, default=""),
         FieldSpec("official_mark", parse_text, default=""),
         FieldSpec("sections", parse_sections, required=True)),
    ),
)  # fmt: skip

KINDS_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
#: Kinds sharing the ScheduleRow table and therefore one key space.
ROW_KINDS = ("schedule_rows", "quasi_affairs")


@dataclass
class Record:
    """A parsed record: the common columns, the kind-specific values and the body references."""

    kind: Kind
    key: str
    in_force_from: dt.date
    in_force_until: dt.date | None
    source: str
    verified: bool
    notes: str
    values: dict[str, Any]
    bodies: list[BodyValue] | None
    where: str
    position: int = 0

    def overlaps(self, start: dt.date, until: dt.date | None) -> bool:
        return (until is None or self.in_force_from < until) and (
            self.in_force_until is None or start < self.in_force_until
        )

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)

    def content(self) -> dict[str, Any]:
        """What a reader of the law sees: used to tell an unchanged record from a changed one."""
        data: dict[str, Any] = {f: self.values[f] for f in self.kind.field_names if f != self.kind.bodies}
        if self.kind.bodies:
            data[self.kind.bodies] = [
                (b.label, tuple(b.kinds), b.body, b.delegated_by) for b in self.bodies or []
            ]
        data.update(source=self.source, verified=self.verified, notes=self.notes)
        return data


def parse_record(
    kind: Kind,
    raw: Any,
    where: str,
    problems: Problems,
    *,
    default_from: dt.date | None = None,
    default_source: str | None = None,
    default_verified: bool | None = None,
    period_from_caller: bool = False,
) -> Record | None:
    """Check one raw record of ``kind``; every problem goes to ``problems`` prefixed with ``where``.

    ``period_from_caller``: the start date comes from the caller (a change set's ``effective_on``)
    and the record must not set ``in_force_from`` itself.
    """
    if not isinstance(raw, dict):
        problems.add(where, "expected a mapping (key: value)")
        return None
    allowed = COMMON_KEYS | set(kind.field_names)
    for unknown in sorted(set(map(str, raw)) - allowed):
        problems.add(f"{where}.{unknown}", f"unknown key for {kind.name}")
    key = parse_text(raw.get("key"), f"{where}.key", problems)
    if kind.name == "card_placements" and not key and raw.get("card") and raw.get("item"):
        key = f"{raw['card']}:{raw['item']}"
    if not key:
        problems.add(f"{where}.key", "required")
    if period_from_caller and "in_force_from" in raw:
        problems.add(f"{where}.in_force_from", "set by the change set's effective_on; leave it out")
    start = (
        default_from
        if period_from_caller
        else parse_date(raw.get("in_force_from"), f"{where}.in_force_from", problems)
    )
    if start is None:
        start = default_from
    if start is None:
        problems.add(f"{where}.in_force_from", "required")
    until = parse_date(raw.get("in_force_until"), f"{where}.in_force_until", problems)
    if start is not None and until is not None and until <= start:
        problems.add(f"{where}.in_force_until", f"must be after in_force_from ({start.isoformat()})")
    source = parse_text(raw.get("source"), f"{where}.source", problems) or (default_source or "")
    if not source:
        problems.add(
            f"{where}.source", "required: say where the record comes from (statute article, document)"
        )
    if "verified" in raw:
        verified = parse_bool(raw["verified"], f"{where}.verified", problems)
    else:
        verified = bool(default_verified) if default_verified is not None else False
    notes = parse_text(raw.get("notes"), f"{where}.notes", problems)
    values: dict[str, Any] = {}
    bodies: list[BodyValue] | None = None
    for spec in kind.fields:
        fwhere = f"{where}.{spec.name}"
        if raw.get(spec.name) is None:
            if spec.required:
                problems.add(fwhere, "required")
            values[spec.name] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
            continue
        value = spec.parse(raw[spec.name], fwhere, problems)
        if spec.required and value in ("", []):
            problems.add(fwhere, "required")
        values[spec.name] = value
    if kind.bodies:
        bodies = list(values.get(kind.bodies) or [])
    if not key or start is None:
        return None
    return Record(
        kind=kind,
        key=key,
        in_force_from=start,
        in_force_until=until,
        source=source,
        verified=verified,
        notes=notes,
        values=values,
        bodies=bodies,
        where=where,
    )


def record_from_model(kind: Kind, obj: m.CatalogRecord) -> Record:
    """The :class:`Record` a stored period row stands for (bodies must be prefetched)."""
    values: dict[str, Any] = {}
    bodies: list[BodyValue] | None = None
    for spec in kind.fields:
        if spec.name == kind.bodies:
            bodies = [
                BodyValue(label=b.label, kinds=tuple(b.kind_list), body=b.body, delegated_by=b.delegated_by)
                for b in getattr(obj, kind.bodies).all()
            ]
            values[spec.name] = bodies
        else:
            values[spec.name] = getattr(obj, spec.name)
    return Record(
        kind=kind,
        key=obj.key,
        in_force_from=obj.in_force_from,
        in_force_until=obj.in_force_until,
        source=obj.source,
        verified=obj.verified,
        notes=obj.notes,
        values=values,
        bodies=bodies,
        where=f"{kind.name}:{obj.key}",
        position=obj.position,
    )


def merged_raw(kind: Kind, base: Record, changes: dict[str, Any]) -> dict[str, Any]:
    """A raw record: ``base`` with ``changes`` on top (for a change set's ``change`` entries)."""
    raw: dict[str, Any] = {
        "key": base.key,
        "source": base.source,
        "verified": base.verified,
        "notes": base.notes,
    }
    for spec in kind.fields:
        value = base.values.get(spec.name)
        if spec.name == kind.bodies:
            value = [
                {"label": b.label, "kinds": list(b.kinds), "body": b.body}
                | ({"delegated_by": b.delegated_by} if b.delegated_by else {})
                for b in base.bodies or []
            ]
        raw[spec.name] = value
    if base.in_force_until is not None:
        raw["in_force_until"] = base.in_force_until
    raw.update(changes)
    return raw


# --- references --------------------------------------------------------------------------------


@dataclass
class Universe:
    """The names and keys records may refer to."""

    statute_names: set[str] = field(default_factory=set)
    row_keys: dict[str, str] = field(default_factory=dict)  # key -> kind name (schedule_rows / quasi_affairs)
    category_names: set[str] = field(default_factory=set)
    card_keys: set[str] = field(default_factory=set)
    card_item_keys: set[str] = field(default_factory=set)

    def add(self, record: Record) -> None:
        name = record.kind.name
        if name == "statutes":
            self.statute_names.add(record.values["name"])
        elif name in ROW_KINDS:
            self.row_keys[record.key] = name
        elif name == "categories":
            self.category_names.add(record.values["name"])
        elif name == "cards":
            self.card_keys.add(record.key)
        elif name == "card_items":
            self.card_item_keys.add(record.key)


def check_references(record: Record, universe: Universe, problems: Problems, *, context: str = "") -> None:
    """Every name or key ``record`` refers to must exist in ``universe`` (``context`` says when)."""
    suffix = f" {context}" if context else ""
    for spec in record.kind.fields:
        if spec.ref is None:
            continue
        value = record.values.get(spec.name)
        where = f"{record.where}.{spec.name}"
        if spec.ref == "statute_name" and value not in universe.statute_names:
            problems.add(where, f"statute {value!r} is not in statutes{suffix}")
        elif spec.ref == "schedule_row_key" and value:
            if value not in universe.row_keys:
                problems.add(where, f"schedule row {value!r} does not exist{suffix}")
            elif universe.row_keys[value] != "schedule_rows":
                problems.add(where, f"{value!r} is a quasi affair, not a schedule row")
        elif spec.ref == "requester_key" and value not in universe.row_keys:
            problems.add(where, f"schedule row {value!r} does not exist{suffix} (nor a quasi affair)")
        elif spec.ref == "category_name" and value not in universe.category_names:
            problems.add(where, f"information category {value!r} does not exist{suffix}")
        elif spec.ref == "category_names":
            for i, name in enumerate(value or []):
                if name not in universe.category_names:
                    problems.add(f"{where}[{i}]", f"information category {name!r} does not exist{suffix}")
        elif spec.ref == "card_key" and value not in universe.card_keys:
            problems.add(where, f"card {value!r} does not exist{suffix}")
        elif spec.ref == "card_keys":
            for i, key in enumerate(value or []):
                if key not in universe.card_keys:
                    problems.add(f"{where}[{i}]", f"card {key!r} does not exist{suffix}")
        elif spec.ref == "card_item_keys":
            for i, key in enumerate(value or ()):
                if key not in universe.card_item_keys:
                    problems.add(f"{where}[{i}]", f"card item {key!r} does not exist{suffix}")
        elif spec.ref == "card_item_key" and value not in universe.card_item_keys:
            problems.add(where, f"card item {value!r} does not exist{suffix}")
