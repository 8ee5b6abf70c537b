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

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
# Every default is written once, in :mod:`compliance.declaration.normal_form`; what follows
# reads the normal entry (every key present) and only converts: ISO dates to dates, lists to
# tuples.


def _basis(raw: dict[str, Any]) -> Basis:
    return Basis(
        kind=raw["kind"],
        statute=raw.get("statute", ""),
        affair=raw.get("affair", ""),
        ordinance=raw.get("ordinance", ""),
        row=raw.get("row", ""),
    )


def _ordinance(raw: dict[str, Any]) -> Ordinance:
    return Ordinance(
        id=raw["id"],
        title=raw["title"],
        number=raw["number"] or "",
        in_force_from=_date(raw["in_force_from"]),
        repealed_on=_opt_date(raw["repealed_on"]),
        affairs=tuple(OrdinanceAffair(a["id"], a["name"], a["field"]) for a in raw["affairs"]),
        intra_provisions=tuple(
            IntraProvision(
                id=p["id"],
                from_body=p["from_body"],
                to_body=p["to_body"],
                purpose=p["purpose"],
                categories=tuple(p["categories"]),
            )
            for p in raw["intra_provisions"]
        ),
    )


def _affair(raw: dict[str, Any]) -> Affair:
    return Affair(
        id=raw["id"],
        name=raw["name"],
        uses_number=raw["uses_number"],
        basis=_basis(raw["basis"]),
        uses_gender=raw["uses_gender"],
        needs_residence_status=raw["needs_residence_status"],
        persons=_opt_int(raw["persons"]),
        handlers=_opt_int(raw["handlers"]),
        serious_incident_past_year=raw["serious_incident_past_year"],
    )


def _file(raw: dict[str, Any]) -> File:
    return File(
        id=raw["id"],
        name=raw["name"],
        affairs=tuple(raw["affairs"]),
        persons=int(raw["persons"]),
        handlers=int(raw["handlers"]),
        serious_incident_past_year=raw["serious_incident_past_year"],
        staff_only=raw["staff_only"],
        held_from=_opt_date(raw["held_from"]),
    )


def _terminal(raw: dict[str, Any]) -> Terminal:
    return Terminal(
        id=raw["id"],
        name=raw["name"],
        connection=raw["connection"],
        write_authorized=raw["write_authorized"],
        two_factor=raw["two_factor"],
        resident_register_client=raw["resident_register_client"],
    )


def _provision(raw: dict[str, Any]) -> Provision:
    party = raw["counterparty"]
    return Provision(
        id=raw["id"],
        affair=raw["affair"],
        direction=raw["direction"],
        channel=raw["channel"],
        counterparty=Counterparty(party["name"], party["kind"], party["body"], party["same_government"]),
        categories=tuple(raw["categories"]),
        ground=raw.get("ground"),  # written only when declared
    )


def _card_flow(raw: dict[str, Any]) -> CardFlow:
    transfer = raw["transfer"]
    return CardFlow(
        id=raw["id"],
        affair=raw["affair"],
        card=raw["card"],
        application=raw["application"],
        operation=raw["operation"],
        items=frozenset(raw["items"]),
        terminal=raw["terminal"],
        transfer=Transfer(transfer["medium"], transfer["encrypted"], transfer["logged"]),
        consent_recorded=raw["consent_recorded"],
        persistent_key=raw["persistent_key"],
        statutory_procedure=raw.get("statutory_procedure", False),  # written only when true
    )


def _entrustment(raw: dict[str, Any]) -> Entrustment:
    return Entrustment(
        id=raw["id"],
        file=raw["file"],
        contractor=raw["contractor"],
        supervision=raw["supervision"],
        subcontract=raw["subcontract"],
        subcontract_permitted=raw["subcontract_permitted"],
    )


def _assessment(raw: dict[str, Any]) -> Assessment:
    comment = raw["public_comment"]
    return Assessment(
        id=raw["id"],
        affair=raw["affair"],
        level=raw["level"],
        published_on=_opt_date(raw["published_on"]),
        public_comment=None
        if comment is None
        else PublicComment(_date(comment["from"]), _date(comment["to"]), comment["shortened_reason"]),
        third_party_review_on=_opt_date(raw["third_party_review_on"]),
        ppc_approval_on=_opt_date(raw["ppc_approval_on"]),
        last_review_on=_opt_date(raw["last_review_on"]),
    )


def _change(raw: dict[str, Any]) -> Change:
    return Change(raw["id"], raw["affair"], _date(raw["effective_on"]), raw["important"], raw["summary"])


def _incident(raw: dict[str, Any]) -> Incident:
    known_on = _opt_date(raw.get("known_on"))  # written only when declared
    return Incident(raw["id"], _date(raw["occurred_on"]), raw["serious"], raw["summary"], known_on)


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
        ordinances=tuple(_ordinance(r) for r in document["ordinances"]),
        affairs=tuple(_affair(r) for r in document["affairs"]),
        files=tuple(_file(r) for r in document["files"]),
        terminals=tuple(_terminal(r) for r in document["terminals"]),
        provisions=tuple(_provision(r) for r in document["provisions"]),
        card_flows=tuple(_card_flow(r) for r in document["card_flows"]),
        entrustments=tuple(_entrustment(r) for r in document["entrustments"]),
        assessments=tuple(_assessment(r) for r in document["assessments"]),
        changes=tuple(_change(r) for r in document["changes"]),
        incidents=tuple(_incident(r) for r in document["incidents"]),
    )
