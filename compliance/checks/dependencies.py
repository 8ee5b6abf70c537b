"""Which parts of the law a check consulted, so an amendment re-checks exactly those it can change.

The engine reads the catalog only through the lookups of :class:`~compliance.law.catalog.Catalog`
(rows of a statute, a category, the permissions of a row and category, an Article 19 ground, an
ordinance field's limit, the ordinance scope, a card, an application, an item's placement on a
card). :class:`RecordingCatalog` answers those lookups from the real catalog and writes down a
*token* for each: what was asked, not what was found, so that a record *added* by an amendment is
matched as well as one changed or ended. :func:`record_tokens` gives the tokens a catalog record
answers; an organisation is affected by a change exactly when the two sets meet.

Both sides are defined here and nowhere else: a rule that starts consulting the catalog another
way must add its lookup to :class:`RecordingCatalog`, or amendments will not re-check it
(``tests/checks/test_catalog_dependencies.py`` walks every lookup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from compliance.law import models as m
from compliance.lib.text import normalize

if TYPE_CHECKING:
    from compliance.law.catalog import (
        Article19Item,
        CardApplicationRecord,
        CardPlacementRecord,
        Catalog,
        LinkagePermission,
        OrdinanceLinkageLimit,
        OrdinanceScopeRule,
        Period,
        ScheduleRow,
    )

#: Every token fits the dependency table's column.
TOKEN_LENGTH = 300
#: Stored for every organisation once checked, whatever it consulted: an organisation without it
#: has never been indexed (its data predates the index) and is re-checked by any change.
CHECKED_TOKEN = "checked"


def rows_token(kind: str, statute: str) -> str:
    return f"rows:{kind}:{normalize(statute)}"[:TOKEN_LENGTH]


def category_token(name: str) -> str:
    return f"category:{name}"[:TOKEN_LENGTH]


def permission_token(row_key: str, category: str) -> str:
    return f"permission:{row_key}:{category}"[:TOKEN_LENGTH]


def ordinance_limit_token(field: str) -> str:
    return f"ordinance_limit:{field}"


ORDINANCE_SCOPE_TOKEN = "ordinance_scope"


def article19_token(ground: str) -> str:
    return f"article19:{ground}"[:TOKEN_LENGTH]


def card_token(card: str) -> str:
    return f"card:{card}"[:TOKEN_LENGTH]


def application_token(application: str) -> str:
    return f"application:{application}"[:TOKEN_LENGTH]


def placement_token(card: str, item: str) -> str:
    return f"placement:{card}:{item}"[:TOKEN_LENGTH]


class RecordingCatalog:
    """The catalog, answering as before and remembering what was asked (:attr:`tokens`).

    Attributes the rules read directly (``cards``, ``article19_items``) only tell whether a table
    is loaded at all; they are passed through unrecorded: a catalog without cards or Article 19
    items is an unloaded catalog, not an amendment.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.tokens: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._catalog, name)

    def as_catalog(self) -> Catalog:
        """This recorder where a :class:`Catalog` is expected (it answers every lookup the same)."""
        return cast("Catalog", self)

    def rows_for(self, *, kind: str, statute: str, phrase: str) -> tuple[ScheduleRow, ...]:
        self.tokens.add(rows_token(kind, statute))
        return self._catalog.rows_for(kind=kind, statute=statute, phrase=phrase)

    def canonical_category(self, name: str) -> str:
        self.tokens.add(category_token(name))
        return self._catalog.canonical_category(name)

    def category_known(self, name: str) -> bool:
        self.tokens.add(category_token(name))
        return self._catalog.category_known(name)

    def category_in_force(self, name: str, day: dt.date) -> bool:
        self.tokens.add(category_token(name))
        return self._catalog.category_in_force(name, day)

    def permissions_for(self, *, row_key: str, category: str, day: dt.date) -> tuple[LinkagePermission, ...]:
        self.tokens.add(category_token(category))
        self.tokens.add(permission_token(row_key, self._catalog.canonical_category(category)))
        return self._catalog.permissions_for(row_key=row_key, category=category, day=day)

    def ordinance_limit(self, *, field: str, day: dt.date) -> OrdinanceLinkageLimit | None:
        self.tokens.add(ordinance_limit_token(field))
        return self._catalog.ordinance_limit(field=field, day=day)

    def ordinance_scope(self, day: dt.date) -> OrdinanceScopeRule | None:
        self.tokens.add(ORDINANCE_SCOPE_TOKEN)
        return self._catalog.ordinance_scope(day)

    def card_periods(self, card: str) -> tuple[Period, ...]:
        self.tokens.add(card_token(card))
        return self._catalog.card_periods(card)

    def application_records(self, application: str) -> tuple[CardApplicationRecord, ...]:
        self.tokens.add(application_token(application))
        return self._catalog.application_records(application)

    def placements_of(self, card: str, item: str) -> tuple[CardPlacementRecord, ...]:
        self.tokens.add(placement_token(card, item))
        return self._catalog.placements_of(card, item)

    def article19_item(self, ground: str, day: dt.date, *, nearest: bool = False) -> Article19Item | None:
        self.tokens.add(article19_token(ground))
        return self._catalog.article19_item(ground, day, nearest=nearest)


def record_tokens(obj: Any) -> set[str]:
    """The lookups a stored catalog record (a ``compliance.law`` model instance) answers.

    Records the engine never reads (statutes, card items as such, form definitions) answer none:
    changing them cannot change a finding.
    """
    if isinstance(obj, m.ScheduleRow):
        return {rows_token(obj.kind, obj.statute)}
    if isinstance(obj, m.InformationCategory):
        return {category_token(name) for name in [obj.name, *(obj.aliases or ())]}
    if isinstance(obj, m.LinkagePermission):
        return {permission_token(obj.requester_row, obj.category)}
    if isinstance(obj, m.OrdinanceLinkageLimit):
        return {ordinance_limit_token(obj.field)}
    if isinstance(obj, m.OrdinanceScopeRule):
        return {ORDINANCE_SCOPE_TOKEN}
    if isinstance(obj, m.Article19Item):
        return {article19_token(obj.ground)}
    if isinstance(obj, m.Card):
        return {card_token(obj.key)}
    if isinstance(obj, m.CardApplication):
        return {application_token(obj.key)}
    if isinstance(obj, m.CardItemPlacement):
        return {placement_token(obj.card, obj.item)}
    if isinstance(obj, m.ScheduleRowBody):  # a row's body: the row's lookups
        return record_tokens(obj.row)
    if isinstance(obj, m.LinkageProvider):  # a permission's provider: the permission's
        return record_tokens(obj.permission)
    return set()


def tokens_of(records: Iterable[Any]) -> set[str]:
    tokens: set[str] = set()
    for obj in records:
        tokens |= record_tokens(obj)
    return tokens
