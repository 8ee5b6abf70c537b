"""Searching the published assessments (公表された評価書の検索).

Free text is normalised exactly as the index is (NFKC, case folding, hiragana folded to
katakana: :func:`compliance.lib.text.normalize`), split on white space, and every term
must occur in the row's normalised text. A two-character term (委託, 税務) is looked up in
the bigram column (``bigrams LIKE '%|委託|%'``, served by a trigram index on PostgreSQL —
see :mod:`compliance.public.models`); a longer term by ``text LIKE '%児童手当%'``, which
pg_trgm serves from the text's own trigram index. Both tests are exact (the bigram column
holds every two-character substring of each word, see
:func:`compliance.public.indexing.word_bigrams`), so both databases return the same rows;
SQLite simply scans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import StrIndex

from compliance.assessments.models import Assessment
from compliance.assessments.states import PUBLIC_STATES
from compliance.lib.text import normalize
from compliance.public.models import SEP, PublicFinding, SearchDocument

#: Newest first by default: the register is read as a chronicle, and a date order needs only the
#: first page of matches (walking the date index), where relevance must rank every match.
SORTS = ("date", "relevance")

#: Columns a result list needs (the document and the search columns stay in the database).
LIST_COLUMNS = (
    "assessment_id",
    "version_id",
    "organization_id",
    "prefecture",
    "organization_kind",
    "organization_name",
    "level",
    "title",
    "number",
    "published_on",
    "basis_kind",
    "basis_statute",
    "basis_ordinance",
    "findings_count",
    "violations_count",
    "superseded_by",
    "replaces_published_on",
)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class SearchQuery:
    """The search form's fields; every one optional. Unknown or malformed values are ignored."""

    q: str = ""
    prefecture: str = ""
    organization: int | None = None
    kind: str = ""  # the body's kind (organization.kind)
    level: str = ""  # form: basic / key / full
    field: str = ""  # ordinance affair field
    basis: str = ""  # schedule / quasi / ordinance / related / none
    statute: str = ""
    ordinance: str = ""
    category: str = ""
    card_item: str = ""
    rule: str = ""
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    sort: str = "date"

    @classmethod
    def from_params(cls, params: Any) -> SearchQuery:
        def get(name: str) -> str:
            return (params.get(name) or "").strip()[:200]

        sort = get("sort")
        return cls(
            q=get("q"),
            prefecture=get("prefecture"),
            organization=_int(get("organization")),
            kind=get("kind"),
            level=get("level"),
            field=get("field"),
            basis=get("basis"),
            statute=get("statute"),
            ordinance=get("ordinance"),
            category=get("category"),
            card_item=get("card_item"),
            rule=get("rule"),
            published_from=_date(get("published_from")),
            published_to=_date(get("published_to")),
            sort=sort if sort in SORTS else "date",
        )

    @property
    def terms(self) -> list[str]:
        return normalize(self.q).split()[:10]

    def as_params(self) -> dict[str, str]:
        """The non-empty fields, for links that keep the query (pagination, feeds)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in ("", None) and not (f.name == "sort" and value == "date"):
                out[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


def _contains_value(column: str, value: str) -> dict[str, str]:
    return {f"{column}__contains": f"{SEP}{value}{SEP}"}


def indexed() -> QuerySet[SearchDocument]:
    """The whole index, for lists over every row (search, feeds, statistics, exports).

    Invariant: a row exists only for the publication version of an assessment that was public
    when it was indexed (:func:`compliance.public.indexing.search_index_version`), and a public
    assessment stays public — the workflow's only way out of ``published`` is ``ended``, which
    is still published 【終了】 (compliance/assessments/workflow.py). So lists need no join to
    the assessments table (at national scale that join costs more than the search itself);
    pages about one assessment re-check its state anyway (:func:`published_documents`).
    """
    return SearchDocument.objects.all()


def indexed_findings() -> QuerySet[PublicFinding]:
    """Every finding row of the index (same invariant as :func:`indexed`)."""
    return PublicFinding.objects.all()


def current() -> QuerySet[SearchDocument]:
    """The current publication of each affair: the index without the versions a newer publication
    of the same affair superseded (those stay readable one click away, on the current one's page)."""
    return indexed().filter(superseded_by__isnull=True)


def current_findings() -> QuerySet[PublicFinding]:
    """The finding rows of current publications only (:func:`current`)."""
    return indexed_findings().filter(document__superseded_by__isnull=True)


def published_documents() -> QuerySet[SearchDocument]:
    """Index rows whose assessment is public now, checked against its state (single pages, small sets)."""
    return SearchDocument.objects.filter(assessment__state__in=PUBLIC_STATES)


def with_state(qs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """Annotate ``state`` (``ended`` shows 【終了】) per row by a correlated subquery: evaluated only for the
    rows a page returns, never joined over the whole index."""
    return qs.annotate(
        state=Subquery(Assessment.objects.filter(pk=OuterRef("assessment_id")).values("state")[:1])
    )


def search(query: SearchQuery) -> QuerySet[SearchDocument]:
    """The rows matching ``query``, ordered as it asks (a lazy queryset: paginate it).

    One row per affair: superseded versions are left out (history is on the current one's page)."""
    qs = current()
    for term in query.terms:
        if len(term) == 2:
            # The bigram column holds exactly the two-character substrings of each word; the
            # pattern ``%|委託|%`` is long enough for the trigram index (pg_trgm needs 3 characters).
            qs = qs.filter(bigrams__contains=f"{SEP}{term}{SEP}")
        else:
            # One character: a scan (rare and unselective anyway). Three or more: ``LIKE '%…%'``,
            # which the trigram index on ``text`` serves directly on PostgreSQL.
            qs = qs.filter(text__contains=term)
    if query.prefecture:
        qs = qs.filter(prefecture=query.prefecture)
    if query.organization:
        qs = qs.filter(organization_id=query.organization)
    if query.kind:
        qs = qs.filter(organization_kind=query.kind)
    if query.level:
        qs = qs.filter(level=query.level)
    if query.basis:
        qs = qs.filter(basis_kind=query.basis)
    if query.statute:
        qs = qs.filter(basis_statute__contains=query.statute)
    if query.ordinance:
        qs = qs.filter(basis_ordinance__contains=query.ordinance)
    if query.field:
        qs = qs.filter(**_contains_value("fields", query.field))
    if query.category:
        qs = qs.filter(**_contains_value("categories", query.category))
    if query.card_item:
        qs = qs.filter(**_contains_value("card_items", query.card_item))
    if query.rule:
        qs = qs.filter(**_contains_value("rules", query.rule))
    if query.published_from:
        qs = qs.filter(published_on__gte=query.published_from)
    if query.published_to:
        qs = qs.filter(published_on__lte=query.published_to)
    qs = with_state(qs.only(*LIST_COLUMNS))
    if query.sort == "relevance" and query.terms:
        # The index text starts with the affair's name, then the body's, then the legal basis:
        # an earlier first occurrence of the first term is a closer match.
        qs = qs.annotate(position=StrIndex("text", Value(query.terms[0])))
        return qs.order_by("position", "-published_on", "-id")
    return qs.order_by("-published_on", "-id")


class CappedPaginator(Paginator):
    """Counts at most :attr:`cap` + 1 matches (``COUNT(*)`` over a ``LIMIT`` subquery).

    A common word (委託) matches most of a national register; counting every match costs a
    full pass for a number nobody reads past "more than a thousand". The page shows
    「1,000件以上」 and invites a narrower search.
    """

    cap = 1000

    @cached_property
    def count(self) -> int:
        # Unordered: with the page's ORDER BY, PostgreSQL walks the date index and filters the
        # text instead of using the trigram index on it.
        return min(self.object_list.order_by()[: self.cap + 1].count(), self.cap + 1)  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        return self.count > self.cap
