"""Database selection for the whole test suite.

The suite runs on the embedded default (SQLite) and, in the second CI stage, on
PostgreSQL with Redis (``DATABASE_URL``/``REDIS_URL``). Two markers declare what a
test needs beyond the default:

* ``postgres``: PostgreSQL-only behaviour (triggers, trigram indexes);
* ``integration``: PostgreSQL and a real Redis broker (a Celery worker process).

They are skipped when the environment lacks the service — a legitimate
environment guard — except when ``HYOKA_REQUIRE_INTEGRATION=1`` (set by the
PostgreSQL stage of ``.ci/run``): then a missing service fails the test, so a
green CI run can never hide that these tests did not run.

Celery: every test except the ``integration`` ones runs tasks in-process (eager),
even when ``REDIS_URL`` is set, so the rest of the suite neither needs a worker nor
leaves messages in the broker; the integration tests drive a real worker process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


def _flush_past_append_only_triggers() -> None:
    """Let Django flush the throw-away test databases on PostgreSQL.

    The append-only tables (audit events, frozen versions) refuse TRUNCATE whatever an
    ordinary role sets (compliance/lib/append_only.py), and Django empties the test
    database with TRUNCATE after each transactional test. Its flush runs in one
    transaction, so it starts with ``SET LOCAL session_replication_role = replica``,
    which skips ordinary triggers for that transaction only and which only a superuser
    may set: the test suite connects as one (CI's ``postgres``); the product must not.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def flush_with_replica_role(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = sql_flush(self, style, tables, **kwargs)
        return ["SET LOCAL session_replication_role = replica", *statements] if statements else statements

    DatabaseOperations.sql_flush = flush_with_replica_role  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    _flush_past_append_only_triggers()


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("integration"):
        yield
        return
    from compliance.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def _missing_services(item: pytest.Item) -> str | None:
    from django.conf import settings
    from django.db import connection

    needs_postgres = item.get_closest_marker("postgres") or item.get_closest_marker("integration")
    if needs_postgres and connection.vendor != "postgresql":
        return f"needs PostgreSQL (DATABASE_URL), running on {connection.vendor}"
    if item.get_closest_marker("integration") and not getattr(settings, "REDIS_URL", None):
        return "needs a Redis broker (REDIS_URL)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    missing = _missing_services(item)
    if missing is None:
        return
    if os.environ.get("HYOKA_REQUIRE_INTEGRATION") == "1":
        pytest.fail(f"HYOKA_REQUIRE_INTEGRATION=1 but this test {missing}", pytrace=False)
    pytest.skip(missing)
