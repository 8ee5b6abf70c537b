"""An immutable, plain-Python picture of what one body declares: all the engine ever sees.

docs/domain.md §7.1, step 3: a declaration (``pia-declaration/1``) or,
later, the registry in the database becomes a :class:`DeclarationSnapshot` of
frozen dataclasses (no ORM objects), so the check engine stays a pure function
that the CLI, the web, bulk re-checks and amendment impact analysis share.

The field names follow the declaration format (docs/domain.md §5).
:func:`snapshot_from_declaration` expects a document that passed
:func:`compliance.declaration.validation.validate_declaration` and reads it through its
normal form (:func:`compliance.declaration.normal_form.normalize_declaration`), where every
default of the format is written; the defaults of the dataclasses below are the same, for
building a snapshot by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from compliance.declaration.collections import BY_NAME, TOP_LEVEL, Shape
from compliance.declaration.normal_form import normalize_declaration

_date = dt.date.fromisoformat


def _opt_date(value: str | None) -> dt.date | None:
    return None if value is None else _date(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Organization:
    """The declaring body (行政機関の長等): its kind and the organ (body) that declares."""

    name: str
    code: str
    kind: str
    body: str


@dataclass(frozen=True, slots=True)
class OrdinanceAffair:
    """An affair listed by an ordinance under 番号法第9条第2項 (条例事務)."""

    id: str
    name: str
    field: str


@dataclass(frozen=True, slots=True)
class IntraProvision:
    """Provision between organs of the same local government under 番号法第19条第11号."""

    id: str
    from_body: str
    to_body: str
    purpose: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ordinance:
    """A local ordinance (条例) on the use of individual numbers."""

    id: str
    title: str
    number: str
    in_force_from: dt.date
    repealed_on: dt.date | None
    affairs: tuple[OrdinanceAffair, ...]
    intra_provisions: tuple[IntraProvision, ...]

    def in_force(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.repealed_on is None or day < self.repealed_on)


@dataclass(frozen=True, slots=True)
class Basis:
    """The legal basis an affair cites for using the number (番号法第9条)."""

    kind: str  # schedule / quasi / ordinance / related / none
    statute: str = ""
    affair: str = ""  # a phrase of the schedule row (schedule/quasi) or an ordinance affair ID (ordinance)
    ordinance: str = ""
    row: str = (
        ""  # the row number (項番) as declared, e.g. 八十二の二 or 82-2; checked against the resolved rows
    )


@dataclass(frozen=True, slots=True)
class Affair:
    """事務: the unit of assessment (特定個人情報ファイルを取り扱う事務)."""

    id: str
    name: str
    uses_number: bool
    basis: Basis
    uses_gender: bool = False
    needs_residence_status: bool = False
    persons: int | None = None
    handlers: int | None = None
    serious_incident_past_year: bool | None = None


@dataclass(frozen=True, slots=True)
class File:
    """特定個人情報ファイル held for one or more affairs."""

    id: str
    name: str
    affairs: tuple[str, ...]
    persons: int
    handlers: int
    serious_incident_past_year: bool = False
    staff_only: bool = False
    held_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Terminal:
    """A terminal a card flow runs on (e.g. ICカード取扱端末 at the counter, 法務省資料「市区町村窓口における在留カード等のICチップの取扱い」)."""

    id: str
    name: str
    connection: str  # lgwan / internal_lan / standalone / internet
    write_authorized: bool = False
    two_factor: bool = False
    resident_register_client: bool = False


@dataclass(frozen=True, slots=True)
class Counterparty:
    name: str
    kind: str  # an organisation kind, or private / person
    body: str | None = None
    same_government: bool = False


@dataclass(frozen=True, slots=True)
class Provision:
    """提供: specific personal information given to or received from another party (番号法第19条)."""

    id: str
    affair: str
    direction: str  # receive / provide
    channel: str  # network / intra_government / entrustment / other
    counterparty: Counterparty
    categories: tuple[str, ...] = ()
    #: the Article 19 ground relied on (an ARTICLE19_GROUNDS key); None: inferred from the channel
    ground: str | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    medium: str = "none"  # none / network / removable_media
    encrypted: bool = False
    logged: bool = False


@dataclass(frozen=True, slots=True)
class CardFlow:
    """A card-reader data flow: card → application → items → operation → terminal → transfer → affair."""

    id: str
    affair: str
    card: str
    application: str
    operation: str  # read / write
    items: frozenset[str]
    terminal: str | None = None
    transfer: Transfer = Transfer()
    consent_recorded: bool = False
    persistent_key: bool = False
    #: the read or write is part of a procedure a statute prescribes (e.g. 住居地届出 under the immigration act)
    statutory_procedure: bool = False

    def reads(self, item: str) -> bool:
        return self.operation == "read" and item in self.items


@dataclass(frozen=True, slots=True)
class Entrustment:
    """委託 of (part of) the handling of a file (番号法第10条・第11条)."""

    id: str
    file: str
    contractor: str
    supervision: bool
    subcontract: bool
    subcontract_permitted: bool = False


@dataclass(frozen=True, slots=True)
class PublicComment:
    """意見聴取: the public comment period, counted with both ends."""

    start: dt.date
    end: dt.date
    shortened_reason: str | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Assessment:
    """特定個人情報保護評価書 of an affair (番号法第28条)."""

    id: str
    affair: str
    level: str  # basic / key / full
    published_on: dt.date | None = None
    public_comment: PublicComment | None = None
    third_party_review_on: dt.date | None = None
    ppc_approval_on: dt.date | None = None
    last_review_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """A change to an affair; ``important`` means 重要な変更 (re-assessment before it)."""

    id: str
    affair: str
    effective_on: dt.date
    important: bool
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident involving specific personal information (``serious``: 重大事故)."""

    id: str
    occurred_on: dt.date
    serious: bool
    summary: str = ""
    known_on: dt.date | None = None  # the day the body learned of it (発生を知った日)

    @property
    def counted_from(self) -> dt.date:
        """The day the threshold's one-year window runs from: when the body learned of it, else when it occurred."""
        return self.known_on or self.occurred_on


@dataclass(frozen=True, slots=True)
class DeclarationSnapshot:
    organization: Organization
    as_of: dt.date | None = None
    ordinances: tuple[Ordinance, ...] = ()
    affairs: tuple[Affair, ...] = ()
    files: tuple[File, ...] = ()
    terminals: tuple[Terminal, ...] = ()
    provisions: tuple[Provision, ...] = ()
    card_flows: tuple[CardFlow, ...] = ()
    entrustments: tuple[Entrustment, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    changes: tuple[Change, ...] = ()
    incidents: tuple[Incident, ...] = ()


# --- from a validated declaration, through its normal form ---------------------------
#
# Every default is written once, in the table of collections (compliance.declaration.collections),
# which the normal form applies; what follows reads the normal entry key by key and only converts
# (ISO dates to dates, lists to tuples), with a reader for each compound key.


T = TypeVar("T")
Reader = Callable[[Mapping[str, Any]], Any]


def _build(cls: type[T], collection: str, raw: Mapping[str, Any], **custom: Reader) -> T:
    """The dataclass ``cls`` from a normal entry of ``collection``: each attribute is the key of its name.

    Dates become dates and lists tuples (the shape is the table's); a key the normal form
    writes only when set takes the table's default; ``custom`` reads the compound keys.
    """
    keys = {f.name: f for f in BY_NAME[collection].fields}
    values: dict[str, Any] = {}
    for attribute in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = attribute.name
        if name in custom:
            values[name] = custom[name](raw)
            continue
        key = keys[name]
        value = raw.get(name, key.default)
        if key.shape is Shape.DATE:
            value = _opt_date(value)
        elif key.shape in (Shape.LIST, Shape.REFS):
            value = tuple(value)
        values[name] = value
    return cls(**values)


def _basis(raw: Mapping[str, Any]) -> Basis:
    basis = raw["basis"]
    return Basis(
        kind=basis["kind"],
        statute=basis.get("statute", ""),
        affair=basis.get("affair", ""),
        ordinance=basis.get("ordinance", ""),
        row=basis.get("row", ""),
    )


def _counterparty(raw: Mapping[str, Any]) -> Counterparty:
    party = raw["counterparty"]
    return Counterparty(party["name"], party["kind"], party["body"], party["same_government"])


def _transfer(raw: Mapping[str, Any]) -> Transfer:
    transfer = raw["transfer"]
    return Transfer(transfer["medium"], transfer["encrypted"], transfer["logged"])


def _public_comment(raw: Mapping[str, Any]) -> PublicComment | None:
    comment = raw["public_comment"]
    if comment is None:
        return None
    return PublicComment(_date(comment["from"]), _date(comment["to"]), comment["shortened_reason"])


def _count(name: str) -> Reader:
    return lambda raw: _opt_int(raw[name])


def _ordinance(raw: Mapping[str, Any]) -> Ordinance:
    return _build(
        Ordinance,
        "ordinances",
        raw,
        number=lambda r: r["number"] or "",
        affairs=lambda r: tuple(_build(OrdinanceAffair, "ordinance_affairs", a) for a in r["affairs"]),
        intra_provisions=lambda r: tuple(
            _build(IntraProvision, "intra_provisions", p) for p in r["intra_provisions"]
        ),
    )


def _card_flow(raw: Mapping[str, Any]) -> CardFlow:
    return _build(CardFlow, "card_flows", raw, items=lambda r: frozenset(r["items"]), transfer=_transfer)


_READERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "ordinances": _ordinance,
    "affairs": lambda r: _build(
        Affair, "affairs", r, basis=_basis, persons=_count("persons"), handlers=_count("handlers")
    ),
    "files": lambda r: _build(File, "files", r, persons=_count("persons"), handlers=_count("handlers")),
    "terminals": lambda r: _build(Terminal, "terminals", r),
    "provisions": lambda r: _build(Provision, "provisions", r, counterparty=_counterparty),
    "card_flows": _card_flow,
    "entrustments": lambda r: _build(Entrustment, "entrustments", r),
    "assessments": lambda r: _build(Assessment, "assessments", r, public_comment=_public_comment),
    "changes": lambda r: _build(Change, "changes", r),
    "incidents": lambda r: _build(Incident, "incidents", r),
}


def snapshot_from_declaration(data: Mapping[str, Any]) -> DeclarationSnapshot:
    """The snapshot of a validated ``pia-declaration/1`` document, read through its normal form.

    ``data`` may be a declaration as written or already normal (normalising is idempotent);
    the collections come sorted by ID, as the normal form has them.
    """
    document = normalize_declaration(data)
    org = document["organization"]
    return DeclarationSnapshot(
        organization=Organization(org["name"], org["code"], org["kind"], org["body"]),
        as_of=_opt_date(document.get("as_of")),
        **{name: tuple(_READERS[name](r) for r in document[name]) for name in TOP_LEVEL},
    )
