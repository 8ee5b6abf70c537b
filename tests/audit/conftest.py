"""Audit test helpers. The cast (org_a, officer_a, reviewer, …) comes from tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from compliance.audit.models import AuditEvent
from compliance.lib.mynumber import check_digit

# Twelve digits with a valid check digit: what the log must refuse. Built here, never stored.
MY_NUMBER = "12345678901" + str(check_digit("12345678901"))
# Twelve digits with a wrong check digit: an ordinary number the log must accept.
NOT_A_MY_NUMBER = "12345678901" + str((check_digit("12345678901") + 1) % 10)


@contextmanager
def _triggers_disabled() -> Iterator[None]:
    """Let a test play the attacker who owns the database (and can disable triggers)."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of this test's inserts would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.fixture
def tamper() -> Callable[[str, list[object]], None]:
    """Run raw SQL against the audit table behind the product's back (``{table}`` is filled in)."""

    def run(sql: str, params: list[object]) -> None:
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        with _triggers_disabled(), connection.cursor() as cursor:
            cursor.execute(sql.format(table=table), params)

    return run
