"""The legal catalog as plain, immutable, indexed Python data: what the check engine reads.

This module is the contract between the law app and the check engine. The engine
never touches the ORM; it receives a :class:`Catalog`, built either from the
database (:func:`compliance.law.catalog.loading.catalog_from_db`) or straight from the
YAML files in ``fixtures/law/`` (:func:`compliance.law.catalog.loading.catalog_from_files`),
so ``check_declaration`` works on a fresh checkout with no database.

Every record keeps its effective period; a record is in force on day D when
``in_force_from <= D`` and (``in_force_until`` is None or ``D < in_force_until``):
``in_force_until`` is the first day the record no longer applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from compliance.lib.text import normalize


@dataclass(frozen=True, slots=True)
class Period:
    in_force_from: dt.date
    in_force_until: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)


@dataclass(frozen=True, slots=True)
class BodyRef:
    """A body named in a schedule row's 上欄, e.g. 市町村長 → kinds {municipality, special_ward}, body mayor."""

    label: str
    kinds: frozenset[str]
    body: str
    #: set for a body that performs part of the affair by law (第9条第1項): the delegating statute
    delegated_by: str = ""

    def covers(self, kind: str, body: str) -> bool:
        return kind in self.kinds and body == self.body


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """A row of the Article 9(1) schedule (別表) or a quasi-statutory affair (準法定事務)."""

    key: str
    kind: str  # "schedule" or "quasi"
    row_number: str
    statute: str  # the statute's name as written in the schedule
    affair: str  # the affair text (下欄)
    bodies: tuple[BodyRef, ...]
    field: str  # social_security / tax / disaster / national_qualification / residence / vehicle / other
    period: Period
    resident_register: bool = False  # a 住民基本台帳 affair (may use 住民票コード)
    source: str = ""
    verified: bool = False

    def names_body(self, kind: str, body: str) -> bool:
        return any(ref.covers(kind, body) for ref in self.bodies)


@dataclass(frozen=True, slots=True)
class Category:
    """An information category (情報の種類), e.g. 地方税関係情報."""

    name: str
    period: Period
    source: str = ""
    verified: bool = False
    aliases: tuple[str, ...] = ()  # other names of the same category, accepted in declarations


@dataclass(frozen=True, slots=True)
class LinkagePermission:
    """Article 19(8): requester's schedule row may ask ``providers`` for ``category`` via the network."""

    key: str
    requester_row: str  # ScheduleRow.key: a schedule row or a quasi affair (準法定事務処理者 request too)
    category: str
    providers: tuple[BodyRef, ...]
    period: Period
    source: str = ""
    verified: bool = False


@dataclass(frozen=True, slots=True)
class OrdinanceLinkageLimit:
    """Article 19(9) and PPC rule (平成28年規則第6号): categories an ordinance affair of ``field`` may request."""

    key: str
    field: str  # an ordinance affair field (social_security, welfare, health, medical, local_tax, disaster, other)
    categories: frozenset[str]
    period: Period
    source: str = ""
    verified: bool = False


@dataclass(frozen=True, slots=True)
class OrdinanceScopeRule:
    """Article 9(2): which ordinance-affair fields may use the number during ``period``.

    ``allowed_fields`` None means any field (その他の, after the 2023 amendment).
    """

    key: str
    allowed_fields: frozenset[str] | None
    period: Period
    source: str = ""
    verified: bool = False


#: The stable names of the Article 19 items (提供の制限の例外), in the order of the 2025 text. The item
#: numbers moved with amendments (the 2015 text numbers intra-government provision 9, today's 11), so
#: rules name a ground and the citation takes its number from the catalog as of the check's date.
ARTICLE19_GROUNDS: tuple[str, ...] = (
    "to_person_or_related", "related_affairs", "from_person", "employer_transfer", "jlis", "entrustment",
    "resident_register", "network", "ordinance_network", "tax", "intra_government", "book_entry",
    "commission", "mic", "public_interest", "life_protection", "commission_rule",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Article19Item:
    """Article 19, item ``item`` during ``period``: the case ``ground`` of lawful provision."""

    key: str
    ground: str
    item: str
    title: str
    period: Period
    source: str = ""
    verified: bool = False

    @property
    def citation(self) -> str:
        return f"番号法第19条第{self.item}号"

    @property
    def citation_en(self) -> str:
        return f"Article 19({self.item}) of the My Number Act"


@dataclass(frozen=True, slots=True)
class CardRecord:
    """A card (マイナンバーカード, 在留カード, 特定在留カード…) and when it is issued."""

    key: str
    period: Period


@dataclass(frozen=True, slots=True)
class CardApplicationRecord:
    """An IC application or area (券面AP, JPKI-AP, 在留カードのICチップ…) and the cards that carry it."""

    key: str
    cards: frozenset[str]
    period: Period
    name: str = ""
    name_en: str = ""
    #: the items the application holds in ``period``; empty: the catalog does not say
    items: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CardPlacementRecord:
    """Where ``item`` sits on ``card`` during ``period``: face, back, chip_only or absent."""

    key: str
    card: str
    item: str
    where: str
    period: Period


_ROWS_MEMO_LIMIT = 50_000


@dataclass(frozen=True)
class Catalog:
    """All catalog records, indexed for the lookups the rules make. Build with :func:`build_catalog`."""

    schedule_rows: tuple[ScheduleRow, ...]
    categories: tuple[Category, ...]
    permissions: tuple[LinkagePermission, ...]
    ordinance_limits: tuple[OrdinanceLinkageLimit, ...]
    ordinance_scope_rules: tuple[OrdinanceScopeRule, ...]
    article19_items: tuple[Article19Item, ...] = ()
    cards: tuple[CardRecord, ...] = ()
    card_applications: tuple[CardApplicationRecord, ...] = ()
    card_placements: tuple[CardPlacementRecord, ...] = ()
    card_periods_by_key: dict[str, tuple[Period, ...]] = field(default_factory=dict)
    applications_by_key: dict[str, tuple[CardApplicationRecord, ...]] = field(default_factory=dict)
    placements_by_pair: dict[tuple[str, str], tuple[CardPlacementRecord, ...]] = field(default_factory=dict)
    rows_by_statute: dict[tuple[str, str], tuple[ScheduleRow, ...]] = field(default_factory=dict)
    categories_by_name: dict[str, tuple[Category, ...]] = field(default_factory=dict)
    permissions_by_pair: dict[tuple[str, str], tuple[LinkagePermission, ...]] = field(default_factory=dict)
    #: alias → the category's statutory name
    category_aliases: dict[str, str] = field(default_factory=dict)
    # Memo of rows_for answers (the catalog is immutable, so an answer never goes stale). It keeps
    # basis resolution cheap when the check engine resolves every affair of 2,000 bodies.
    _rows_memo: dict[tuple[str, str, str], tuple[ScheduleRow, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rows_for(self, *, kind: str, statute: str, phrase: str) -> tuple[ScheduleRow, ...]:
        """Rows of ``kind`` (schedule/quasi) whose statute matches and whose affair text contains ``phrase``.

        Matching ignores all periods; callers decide what "in force" means for them.
        """
        memo_key = (kind, statute, phrase)
        found = self._rows_memo.get(memo_key)
        if found is not None:
            return found

        candidates = self.rows_by_statute.get((kind, normalize(statute)), ())
        needle = normalize(phrase)
        found = tuple(row for row in candidates if needle in normalize(row.affair))
        if len(self._rows_memo) >= _ROWS_MEMO_LIMIT:
            self._rows_memo.clear()
        self._rows_memo[memo_key] = found
        return found

    def canonical_category(self, name: str) -> str:
        """The statutory name of the category ``name`` names (itself, or the category it is an alias of)."""
        return name if name in self.categories_by_name else self.category_aliases.get(name, name)

    def category_known(self, name: str) -> bool:
        return self.canonical_category(name) in self.categories_by_name

    def category_in_force(self, name: str, day: dt.date) -> bool:
        return any(
            c.period.contains(day) for c in self.categories_by_name.get(self.canonical_category(name), ())
        )

    def permissions_for(self, *, row_key: str, category: str, day: dt.date) -> tuple[LinkagePermission, ...]:
        return tuple(
            p
            for p in self.permissions_by_pair.get((row_key, self.canonical_category(category)), ())
            if p.period.contains(day)
        )

    def ordinance_limit(self, *, field: str, day: dt.date) -> OrdinanceLinkageLimit | None:
        for limit in self.ordinance_limits:
            if limit.field == field and limit.period.contains(day):
                return limit
        return None

    def ordinance_scope(self, day: dt.date) -> OrdinanceScopeRule | None:
        for rule in self.ordinance_scope_rules:
            if rule.period.contains(day):
                return rule
        return None

    # --- cards -----------------------------------------------------------------------------------

    def card_periods(self, card: str) -> tuple[Period, ...]:
        """The periods of the card's records (empty: the catalog does not know the card)."""
        return self.card_periods_by_key.get(card, ())

    def application_records(self, application: str) -> tuple[CardApplicationRecord, ...]:
        return self.applications_by_key.get(application, ())

    def placements_of(self, card: str, item: str) -> tuple[CardPlacementRecord, ...]:
        """Every dated placement of ``item`` on ``card`` (empty: the catalog does not say)."""
        return self.placements_by_pair.get((card, item), ())

    def article19_item(self, ground: str, day: dt.date, *, nearest: bool = False) -> Article19Item | None:
        """The Article 19 item of ``ground`` as numbered on ``day`` (None: not in the Act on that day).

        With ``nearest``, a ground not in force on ``day`` gives the first item of it after ``day``
        (the network item before the network provisions took effect), else the last one before.
        """
        items = sorted(
            (i for i in self.article19_items if i.ground == ground), key=lambda i: i.period.in_force_from
        )
        for item in items:
            if item.period.contains(day):
                return item
        if not nearest or not items:
            return None
        later = [i for i in items if i.period.in_force_from > day]
        return later[0] if later else items[-1]


def build_catalog(
    *,
    schedule_rows: Iterable[ScheduleRow],
    categories: Iterable[Category],
    permissions: Iterable[LinkagePermission],
    ordinance_limits: Iterable[OrdinanceLinkageLimit],
    ordinance_scope_rules: Iterable[OrdinanceScopeRule],
    article19_items: Iterable[Article19Item] = (),
    cards: Iterable[CardRecord] = (),
    card_applications: Iterable[CardApplicationRecord] = (),
    card_placements: Iterable[CardPlacementRecord] = (),
) -> Catalog:
    """Index the records once so that every rule lookup is a dictionary access."""
    rows = tuple(schedule_rows)
    cats = tuple(categories)
    perms = tuple(permissions)
    by_statute: dict[tuple[str, str], list[ScheduleRow]] = {}
    for row in rows:
        by_statute.setdefault((row.kind, normalize(row.statute)), []).append(row)
    by_name: dict[str, list[Category]] = {}
    for cat in cats:
        by_name.setdefault(cat.name, []).append(cat)
    by_pair: dict[tuple[str, str], list[LinkagePermission]] = {}
    for perm in perms:
        by_pair.setdefault((perm.requester_row, perm.category), []).append(perm)
    card_records, application_records = tuple(cards), tuple(card_applications)
    placement_records = tuple(card_placements)
    card_periods: dict[str, list[Period]] = {}
    for card in card_records:
        card_periods.setdefault(card.key, []).append(card.period)
    applications: dict[str, list[CardApplicationRecord]] = {}
    for application in application_records:
        applications.setdefault(application.key, []).append(application)
    placements: dict[tuple[str, str], list[CardPlacementRecord]] = {}
    for placement in placement_records:
        placements.setdefault((placement.card, placement.item), []).append(placement)
    return Catalog(
        schedule_rows=rows,
        categories=cats,
        permissions=perms,
        ordinance_limits=tuple(ordinance_limits),
        ordinance_scope_rules=tuple(ordinance_scope_rules),
        article19_items=tuple(article19_items),
        cards=card_records,
        card_applications=application_records,
        card_placements=placement_records,
        card_periods_by_key={k: tuple(v) for k, v in card_periods.items()},
        applications_by_key={k: tuple(v) for k, v in applications.items()},
        placements_by_pair={k: tuple(v) for k, v in placements.items()},
        rows_by_statute={k: tuple(v) for k, v in by_statute.items()},
        categories_by_name={k: tuple(v) for k, v in by_name.items()},
        permissions_by_pair={k: tuple(v) for k, v in by_pair.items()},
        category_aliases={alias: c.name for c in cats for alias in c.aliases if alias not in by_name},
    )
