"""PostgreSQL only: the append-only trigger, the product's role that may only append, and concurrent appends."""

from __future__ import annotations

import io
import secrets
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from compliance.audit.chain import verify_chain
from compliance.audit.models import AuditChainHead, AuditEvent
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
                    record("compliance.findings.refreshed", actor=None, data={"worker": worker, "n": n})
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


@pytest.fixture
def hardened_roles() -> Iterator[tuple[str, str]]:
    """A NOLOGIN owner role and a login role for the product, removed (with what they own) afterwards."""
    suffix = secrets.token_hex(4)
    owner, app_role = f"hyoka_audit_owner_{suffix}", f"hyoka_app_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        administrator = cursor.fetchone()[0]
        cursor.execute(f"CREATE ROLE {app_role} LOGIN PASSWORD %s", [suffix])
    try:
        yield owner, app_role
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner])
            if cursor.fetchone():
                cursor.execute(f"REASSIGN OWNED BY {owner} TO {administrator}")
                cursor.execute(f"DROP OWNED BY {owner}")
                cursor.execute(f"DROP ROLE {owner}")
            cursor.execute(f"DROP OWNED BY {app_role}")
            cursor.execute(f"DROP ROLE {app_role}")


def _connect_as(role: str, password: str) -> psycopg.Connection[Any]:
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432, dbname=database["NAME"],
        user=role, password=password, autocommit=True,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_products_role_may_append_but_not_change_empty_or_unguard_the_log(
    hardened_roles: tuple[str, str],
) -> None:
    owner, app_role = hardened_roles
    first = record("compliance.catalog.loaded", actor=None)
    out = io.StringIO()

    call_command("audit_harden_postgres", "--owner", owner, "--app-role", app_role, stdout=out)

    table = connection.ops.quote_name(TABLE)
    refused = [
        f"UPDATE {table} SET data = '{{}}'",
        f"DELETE FROM {table}",
        f"TRUNCATE {table}",
        f"ALTER TABLE {table} DISABLE TRIGGER USER",
        f"ALTER TABLE {table} OWNER TO {app_role}",
        "SET session_replication_role = replica",
    ]
    with _connect_as(app_role, app_role.rsplit("_", 1)[1]) as app:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        # A custom setting any role may set: it no longer opens anything.
        app.execute("SET hyoka.audit_allow_truncate = 'on'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(f"TRUNCATE {table}")
        app.execute(
            f"INSERT INTO {table} (seq, created_at, action, actor_label, target_type, target_id, target_label,"
            " data, prev_hash, hash, key_id) VALUES (2, now(), 'compliance.catalog.loaded', 'system', '', '', '',"
            " '{}', %s, %s, '')",
            [first.hash, "f" * 64],
        )
        assert app.execute(f"SELECT count(*) FROM {table}").fetchone() == (2,)
        # What record() does to the chain head: lock it and move it. Nothing more.
        head = connection.ops.quote_name(AuditChainHead._meta.db_table)
        with app.transaction():
            app.execute(f"SELECT seq FROM {head} WHERE id = 1 FOR UPDATE")
            app.execute(f"UPDATE {head} SET seq = 2, hash = %s WHERE id = 1", ["f" * 64])
        for statement in (f"DELETE FROM {head}", f"TRUNCATE {head}"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)

    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [TABLE])
        assert cursor.fetchone() == (owner,)
        cursor.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [owner])
        assert cursor.fetchone() == (False,)
    assert f"audit tables owned by {owner}" in out.getvalue()


@pytest.mark.django_db
def test_hardening_refuses_to_leave_the_log_to_a_superuser() -> None:
    with pytest.raises(CommandError, match="superuser: no privilege limits it"):
        call_command("audit_harden_postgres", "--owner", "hyoka_audit_owner", "--app-role", "postgres")
