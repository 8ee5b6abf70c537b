"""Audit test helpers. The cast (org_a, officer_a, reviewer, …) comes from tests/conftest.py."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from compliance.audit.chain import canonical_json, canonical_timestamp
from compliance.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
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


Forge = Callable[..., None]


@pytest.fixture
def forge(tamper: Callable[[str, list[object]], None]) -> Forge:
    """Rewrite the whole chain as a database writer without ``HYOKA_AUDIT_KEY`` can.

    ``edit`` changes the loaded events (in ``seq`` order) in memory; then every event is
    re-linked and re-hashed with what the attacker can compute (plain SHA-256, no key id,
    or HMAC with a ``guessed_key``) and the chain head is moved to the new last event.
    """

    def run(edit: Callable[[list[AuditEvent]], None] = lambda events: None, *, guessed_key: str = "") -> None:
        events = list(AuditEvent.objects.order_by("seq"))
        edit(events)
        prev = GENESIS_HASH
        for event in events:
            content = canonical_json(
                {
                    "prev": prev, "seq": event.seq, "at": canonical_timestamp(event.created_at),
                    "action": event.action, "actor_id": event.actor_id, "actor": event.actor_label,
                    "target_type": event.target_type, "target_id": event.target_id,
                    "target_label": event.target_label, "organization": event.organization_id,
                    "data": event.data,
                }
            )  # fmt: skip
            if guessed_key:
                digest = hmac.new(guessed_key.encode(), content.encode(), hashlib.sha256).hexdigest()
            else:
                digest = hashlib.sha256(content.encode()).hexdigest()
            tamper(
                "UPDATE {table} SET action = %s, created_at = %s, data = %s, prev_hash = %s, hash = %s,"
                " key_id = %s WHERE seq = %s",
                [event.action, event.created_at, json.dumps(event.data), prev, digest,
                 event.key_id if guessed_key else "", event.seq],
            )  # fmt: skip
            prev = digest
        AuditChainHead.objects.filter(id=1).update(seq=len(events), hash=prev)

    return run
