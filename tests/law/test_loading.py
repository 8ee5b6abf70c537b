"""The catalog the check engine reads: from the database once loaded, else straight from the files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.law import models as m
from compliance.law.catalog import Catalog, loading
from tests.law.conftest import CATALOG
from tests.law.factories import LinkagePermissionFactory, ScheduleRowFactory

ROOT = Path(__file__).resolve().parents[2]


def as_sets(catalog: Catalog) -> tuple[frozenset, ...]:
    return (
        frozenset(catalog.schedule_rows), frozenset(catalog.categories), frozenset(catalog.permissions),
        frozenset(catalog.ordinance_limits), frozenset(catalog.ordinance_scope_rules),
    )  # fmt: skip


def test_the_database_catalog_is_the_same_as_the_files_catalog(loaded):
    from_db = loading.catalog_from_db()
    from_files = loading.catalog_from_files(CATALOG)
    assert as_sets(from_db) == as_sets(from_files)
    assert [r.key for r in from_db.schedule_rows] == [r.key for r in from_files.schedule_rows]
    assert from_db.rows_for(kind="schedule", statute="児童手当法", phrase="児童手当") == from_files.rows_for(
        kind="schedule", statute="児童手当法", phrase="児童手当"
    )


def test_building_the_catalog_from_the_database_takes_the_same_queries_whatever_its_size(db):
    ScheduleRowFactory.create_batch(3)
    LinkagePermissionFactory.create_batch(3)
    with CaptureQueriesContext(connection) as small:
        loading.catalog_from_db()
    ScheduleRowFactory.create_batch(60)
    LinkagePermissionFactory.create_batch(60)
    with CaptureQueriesContext(connection) as large:
        catalog = loading.catalog_from_db()
    assert len(catalog.schedule_rows) == 63
    assert (
        len(large.captured_queries) == len(small.captured_queries) == 11
    )  # one table each (cards: three), two prefetches


def test_checks_read_the_database_once_it_is_loaded(loaded, change_file):
    path = change_file({
        "effective_on": "2025-04-01", "source": "テスト改正",
        "add": {"categories": [{"key": "cat-new", "name": "新しい関係情報"}]},
    })  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())
    catalog = loading.load_catalog_for_checks()
    assert catalog.category_known("新しい関係情報")


def test_checks_read_the_files_while_the_database_holds_no_catalog(db, settings, tmp_path):
    (tmp_path / "law").symlink_to(CATALOG, target_is_directory=True)
    settings.HYOKA_FIXTURES_DIR = tmp_path  # fixtures/law is the test catalog
    assert m.ScheduleRow.objects.count() == 0
    catalog = loading.load_catalog_for_checks()
    assert len(catalog.schedule_rows) == 5


def test_the_cached_catalog_follows_every_change(loaded, change_file):
    first = loading.load_catalog_for_checks()
    assert loading.load_catalog_for_checks() is first
    path = change_file({
        "effective_on": "2025-04-01", "source": "テスト改正",
        "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]},
    })  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())
    second = loading.load_catalog_for_checks()
    assert second is not first
    ended = [p for p in second.permissions if p.key == "perm-jidou-teate-chihouzei"]
    assert ended[0].period.in_force_until is not None


def test_a_cached_catalog_costs_one_query(loaded):
    loading.load_catalog_for_checks()
    with CaptureQueriesContext(connection) as queries:
        loading.load_catalog_for_checks()
    assert len([q for q in queries.captured_queries if "law_" in q["sql"]]) == 1


def test_a_fresh_checkout_reads_the_files_without_creating_a_database(tmp_path):
    """contracts.md §2: no database prepared; the SQLite file must not appear."""
    database = tmp_path / "hyoka.sqlite3"
    script = (
        "import django, os; django.setup();"
        "from compliance.law.catalog.loading import load_catalog_for_checks;"
        "c = load_catalog_for_checks(); print(len(c.schedule_rows))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "compliance.settings", "DATABASE_URL": f"sqlite:///{database}",
        "PATH": "/usr/bin:/bin",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert not database.exists()
