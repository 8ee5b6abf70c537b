"""PostgreSQL only: the append-only trigger, and concurrent appends that must not fork the chain."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from compliance.audit.chain import verify_chain
from compliance.audit.models import AuditEvent
from compliance.audit.services import record

pytestmark = pytest.mark.postgres

TABLE = AuditEvent._meta.db_table


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(TABLE)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    ["UPDATE {table} SET data = '{{}}'", "DELETE FROM {table}", "UPDATE {table} SET hash = hash"],
    ids=["update-data", "delete", "update-noop"],
)
def test_the_database_refuses_to_change_or_delete_events(sql: str) -> None:
    record("compliance.catalog.loaded", actor=None, data={"rows": 1})

    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql)

    assert AuditEvent.objects.count() == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_database_refuses_to_truncate_events_whatever_the_session_sets() -> None:
    record("compliance.catalog.loaded", actor=None)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush this test's deferred FK checks
        # The switch the trigger used to honour: any role may set a custom setting.
        cursor.execute("SELECT set_config('hyoka.audit_allow_truncate', 'on', true)")
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(TABLE)} CASCADE")

    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain() -> None:
    threads_count, per_thread = 6, 5
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            start.wait(timeout=30)
            for n in range(per_thread):
                # Each append is its own transaction on this thread's own connection.
                with transaction.atomic():
                    record("compliance.concurrency.appended", actor=None, data={"worker": worker, "n": n})
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    total = threads_count * per_thread
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert seqs == list(range(1, total + 1))
    assert len(set(prev_hashes)) == total  # no two events share a predecessor: no fork
    report = verify_chain()
    assert (report.ok, report.count) == (True, total)
