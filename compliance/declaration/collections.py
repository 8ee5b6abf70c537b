"""The collections of a ``pia-declaration/1`` document: one table, read by every part that needs them.

Each row names a collection as the document spells it, the registry model that stores its
entries (as an app label, so this package imports no ORM), the prefix of the IDs the web
forms generate (``a1``, ``ch3``…), the entity of its audit actions (``compliance.<entity>.<verb>``)
and the collection's name for people in Japanese and English.

The validation (unique IDs per collection), the normal form (which collections, in which
order), the registry codec (which model stores which collection), the registry's write
services (audit nouns, ID prefixes) and the entry pages (which kinds of entry there are)
all derive their tables from :data:`COLLECTIONS`; what an entry holds is the schema's
business (``schema.json``) and, for its defaults, :mod:`compliance.declaration.normal_form`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Shape(Enum):
    """How the normal form (and the registry codec) treats a key of an entry."""

    VALUE = "value"  # a string, number, boolean or null, kept as declared
    DATE = "date"  # an ISO date (YYYY-MM-DD) or null; a date in the registry
    LIST = "list"  # a list of strings, kept in declared order
    REFS = "refs"  # a list of IDs: de-duplicated and sorted (``files[].affairs``)
    ENTRIES = "entries"  # a nested collection (an ordinance's affairs and intra provisions)
    BASIS = "basis"  # ``affairs[].basis``
    COUNTERPARTY = "counterparty"  # ``provisions[].counterparty``
    TRANSFER = "transfer"  # ``card_flows[].transfer``
    PUBLIC_COMMENT = "public_comment"  # ``assessments[].public_comment``


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of a key the schema requires (the normal form reads it as declared).
REQUIRED: Any = _Required()


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a collection's entries, as the normal form writes it."""

    name: str
    #: the value the normal form writes when the key is absent (:data:`REQUIRED`: never absent)
    default: Any = REQUIRED
    shape: Shape = Shape.VALUE
    #: written only when set (keys added to the format later, so older documents normalise as before)
    only_when_set: bool = False
    #: the registry model's field, when it is named otherwise (``id`` is stored as ``ref``)
    column: str = ""
    #: the collection whose entry this key names by ID (``affair``, ``file``, ``terminal``)
    ref: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def model_field(self) -> str:
        return self.column or self.name


def _f(name: str, default: Any = REQUIRED, shape: Shape = Shape.VALUE, **options: Any) -> Field:
    return Field(name, default, shape, **options)


ID = Field("id", column="ref")


@dataclass(frozen=True, slots=True)
class Collection:
    """One collection of a declaration."""

    #: the key as the registry and the import report name it (``ordinance_affairs`` for
    #: the affairs listed inside an ordinance)
    name: str
    #: the registry model that stores the entries, as ``app_label.ModelName``
    model: str
    #: the prefix of IDs generated for new entries (``a`` → ``a1``, ``a2``…)
    id_prefix: str
    #: the entry's name in the schema (``$defs``), the codec and the entry pages
    noun: str
    label_ja: str
    label_en: str
    #: the top-level collection whose entries hold this one (``None``: the document does)
    parent: str | None = None
    #: the key inside the parent entry (or the document) that holds the list
    key: str = ""
    #: the keys of an entry, in the order the normal form writes them
    fields: tuple[Field, ...] = ()
    #: the entity of its audit actions (``compliance.<entity>.created``) where it is not the noun
    audit_entity: str = ""

    @property
    def audit_noun(self) -> str:
        return self.audit_entity or self.noun

    @property
    def document_key(self) -> str:
        """The key that holds this collection's list, in the document or in the parent entry."""
        return self.key or self.name

    @property
    def nested(self) -> bool:
        return self.parent is not None


D = Shape.DATE

#: Every collection, in the order an import writes them (an ordinance's own collections
#: follow it, because the entries that cite them come later), with the keys of its entries.
#: A new optional key of an entry is one :class:`Field` here and its property in ``schema.json``.
COLLECTIONS: tuple[Collection, ...] = (
    Collection(
        "ordinances", "registry.Ordinance", "o", "ordinance", "条例", "Ordinances",
        fields=(
            ID, _f("title"), _f("number", None), _f("in_force_from", shape=D), _f("repealed_on", None, D),
            _f("affairs", (), Shape.ENTRIES), _f("intra_provisions", (), Shape.ENTRIES),
        ),
    ),
    Collection(
        "ordinance_affairs", "registry.OrdinanceAffair", "oa", "ordinance_affair", "条例事務", "Ordinance affair",
        parent="ordinances", key="affairs",
        fields=(ID, _f("name"), _f("field")),
    ),
    Collection(
        "intra_provisions", "registry.IntraProvision", "ip", "intra_provision", "庁内連携",
        "Intra-government provision", parent="ordinances",
        fields=(ID, _f("from_body"), _f("to_body"), _f("purpose", ""), _f("categories", shape=Shape.LIST)),
    ),
    Collection(
        "affairs", "registry.Affair", "a", "affair", "事務", "Affair",
        fields=(
            ID, _f("name"), _f("uses_number"), _f("uses_gender", False), _f("needs_residence_status", False),
            _f("basis", shape=Shape.BASIS), _f("persons", None), _f("handlers", None),
            _f("serious_incident_past_year", None),
        ),
    ),
    Collection(
        "files", "registry.SpecificFile", "f", "file", "特定個人情報ファイル", "Specific personal information files",
        fields=(
            ID, _f("name"), _f("affairs", shape=Shape.REFS), _f("persons"), _f("handlers"),
            _f("serious_incident_past_year", False), _f("staff_only", False), _f("held_from", None, D),
        ),
    ),
    Collection(
        "terminals", "registry.Terminal", "t", "terminal", "端末", "Terminal",
        fields=(
            ID, _f("name", ID), _f("connection"), _f("write_authorized", False), _f("two_factor", False),
            _f("resident_register_client", False),
        ),
    ),
    Collection(
        "provisions", "registry.Provision", "p", "provision", "提供・移転", "Provisions",
        fields=(
            ID, _f("affair", ref="affairs"), _f("direction"), _f("channel"), _f("counterparty", shape=Shape.COUNTERPARTY),
            _f("categories", (), Shape.LIST),
            _f("ground", None, only_when_set=True),  # absent: inferred from the channel
        ),
    ),
    Collection(
        "card_flows", "registry.CardFlow", "c", "card_flow", "カード読取りフロー", "Card-reader flows",
        fields=(
            ID, _f("affair", ref="affairs"), _f("card"), _f("application"), _f("operation"), _f("items", shape=Shape.LIST),
            _f("terminal", None, ref="terminals"), _f("transfer", None, Shape.TRANSFER), _f("consent_recorded", False),
            _f("persistent_key", False), _f("statutory_procedure", False, only_when_set=True),
        ),
    ),
    Collection(
        "entrustments", "registry.Entrustment", "e", "entrustment", "委託", "Entrustments",
        fields=(
            ID, _f("file", ref="files"), _f("contractor"), _f("supervision"), _f("subcontract"),
            _f("subcontract_permitted", False),
        ),
    ),
    Collection(
        "assessments", "registry.DeclaredAssessment", "s", "assessment", "実施済みの評価", "Past assessments",
        fields=(
            ID, _f("affair", ref="affairs"), _f("level"), _f("published_on", None, D),
            _f("public_comment", None, Shape.PUBLIC_COMMENT), _f("third_party_review_on", None, D),
            _f("ppc_approval_on", None, D), _f("last_review_on", None, D),
        ),
        # Not compliance.assessment.*: those are the actions of the assessments Hyōka conducts.
        audit_entity="declared_assessment",
    ),
    Collection(
        "changes", "registry.Change", "ch", "change", "変更", "Changes",
        fields=(ID, _f("affair", ref="affairs"), _f("effective_on", shape=D), _f("important"), _f("summary", "")),
    ),
    Collection(
        "incidents", "registry.Incident", "i", "incident", "事故", "Incidents",
        fields=(
            ID, _f("occurred_on", shape=D), _f("known_on", None, D, only_when_set=True), _f("serious"),
            _f("summary", ""),
        ),
    ),
)  # fmt: skip

#: The collections by name.
BY_NAME: dict[str, Collection] = {c.name: c for c in COLLECTIONS}

#: The names of the top-level collections, in document order.
TOP_LEVEL: tuple[str, ...] = tuple(c.name for c in COLLECTIONS if not c.nested)

#: The names of every collection (top-level and an ordinance's own), in the order an import writes them.
ALL: tuple[str, ...] = tuple(c.name for c in COLLECTIONS)


def nested_in(parent: str) -> tuple[Collection, ...]:
    """The collections held inside each entry of ``parent`` (an ordinance's affairs and intra provisions)."""
    return tuple(c for c in COLLECTIONS if c.parent == parent)
