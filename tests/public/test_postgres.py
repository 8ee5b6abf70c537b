"""PostgreSQL only: two-character Japanese queries are served by the trigram index, not a sequential scan."""

from __future__ import annotations

import pytest
from django.db import connection

from compliance.public.models import SearchDocument
from compliance.public.search import SearchQuery, search
from tests.public.factories import published

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _plan(sql: str, params: tuple) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: make the planner show it *can*
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_trigram_indexes_exist() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'public_searchdocument'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"public_search_bigrams_trgm", "public_search_text_trgm"} <= names


def test_a_two_character_query_can_use_the_bigram_index(org_a) -> None:
    """``LIKE '%|委託|%'`` yields complete trigrams; ``LIKE '%委託%'`` alone would not."""
    published(org_a, name="委託の事務")
    qs = SearchDocument.objects.filter(bigrams__contains="|委託|").order_by().values("id")
    sql, params = qs.query.sql_with_params()
    plan = _plan(sql, params)
    assert "public_search_bigrams_trgm" in plan, plan


def test_the_search_returns_the_same_rows_as_on_sqlite(org_a) -> None:
    published(org_a, name="委託の事務")
    published(org_a, name="託委の事務")
    assert [r.title for r in search(SearchQuery(q="委託"))] == ["委託の事務"]


def test_a_longer_query_can_use_the_text_index(org_a) -> None:
    published(org_a, name="児童手当の事務")
    qs = SearchDocument.objects.filter(text__contains="児童手当").order_by().values("id")
    sql, params = qs.query.sql_with_params()
    plan = _plan(sql, params)
    assert "public_search_text_trgm" in plan, plan
