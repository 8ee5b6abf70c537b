"""verify_audit: walking the chain and naming the first broken link."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.audit.chain import canonical_json, current_key_id, event_hash, stored_event_hash, verify_chain
from compliance.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from compliance.audit.services import AuditDataError, record
from compliance.audit.tasks import audit_verify_chain
from tests.audit.conftest import Forge

pytestmark = pytest.mark.django_db

Tamper = Callable[[str, list[object]], None]


def _append(count: int) -> list[AuditEvent]:
    return [record("compliance.catalog.loaded", actor=None, data={"n": n}) for n in range(count)]


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue().strip()


def test_it_reports_ok_with_the_number_of_events() -> None:
    _append(3)

    assert _verify() == "OK: 3 events"


def test_it_reports_ok_for_an_empty_log() -> None:
    assert _verify() == "OK: 0 events"


def test_it_walks_the_chain_across_many_chunks() -> None:
    _append(7)

    out = io.StringIO()
    call_command("verify_audit", "--chunk-size", "2", stdout=out)

    assert out.getvalue().strip() == "OK: 7 events"


def test_it_names_the_event_whose_data_was_edited(tamper: Tamper) -> None:
    events = _append(4)

    tamper("UPDATE {table} SET data = %s WHERE seq = 3", ['{"n": 99}'])

    with pytest.raises(CommandError, match=r"broken at seq 3 .*stored hash " + events[2].hash) as excinfo:
        _verify()
    assert excinfo.value.returncode == 1


def test_it_names_the_event_whose_timestamp_was_edited(tamper: Tamper) -> None:
    _append(2)
    stored = AuditEvent.objects.get(seq=2)

    tamper("UPDATE {table} SET created_at = %s WHERE seq = 2", [stored.created_at.replace(microsecond=1)])

    with pytest.raises(CommandError, match=r"broken at seq 2"):
        _verify()


def test_it_names_the_first_missing_event_when_one_was_deleted(tamper: Tamper) -> None:
    _append(4)

    tamper("DELETE FROM {table} WHERE seq = 2", [])

    with pytest.raises(CommandError, match=r"broken at seq 2 .*seq 2 is missing"):
        _verify()


def test_it_notices_events_deleted_from_the_end(tamper: Tamper) -> None:
    _append(3)

    tamper("DELETE FROM {table} WHERE seq = 3", [])

    with pytest.raises(CommandError, match=r"broken at seq 3 .*chain head records seq 3"):
        _verify()


def test_it_catches_a_forger_who_recomputes_the_edited_events_hash(tamper: Tamper) -> None:
    _append(3)
    forged = AuditEvent.objects.get(seq=2)
    forged.data = {"n": 42}
    new_hash = stored_event_hash(forged)

    tamper("UPDATE {table} SET data = %s, hash = %s WHERE seq = 2", ['{"n": 42}', new_hash])

    with pytest.raises(CommandError, match=r"broken at seq 3 .*prev_hash"):
        _verify()


def test_the_verification_task_returns_the_count() -> None:
    _append(2)

    assert audit_verify_chain.apply().get(timeout=10) == {
        "ok": True,
        "count": 2,
        "broken_seq": None,
        "problem": "",
    }


# Any text both databases can store: no NUL, no lone surrogates.
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(texts, json_values, max_size=4))
def test_any_json_data_verifies_after_a_round_trip(data: dict[str, object]) -> None:
    try:
        event = record("compliance.catalog.loaded", actor=None, data=data)
    except AuditDataError:  # hypothesis found a valid My Number: refused, as it must be
        return

    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored_event_hash(stored) == stored.hash
    assert verify_chain().ok


def test_canonical_json_is_independent_of_key_order() -> None:
    left = canonical_json({"b": 1, "a": {"d": 2, "c": 3}})
    right = canonical_json({"a": {"c": 3, "d": 2}, "b": 1})

    assert left == right
    assert hashlib.sha256(left.encode()).hexdigest() == hashlib.sha256(right.encode()).hexdigest()


def test_a_forger_without_the_key_cannot_rehash_an_edited_event_and_its_successors(forge: Forge) -> None:
    _append(4)

    def edit(events: list[AuditEvent]) -> None:
        events[1].data = {"n": 42}

    forge(edit, guessed_key="a-guess-at-the-audit-key-of-32-bytes")

    with pytest.raises(CommandError, match=r"broken at seq 1 .*content hashes to"):
        _verify()


def test_a_forger_cannot_pass_off_rewritten_events_as_written_before_the_key(
    forge: Forge, tamper: Tamper
) -> None:
    events = _append(4)
    forge(lambda stored: stored[2].data.update(n=42))
    # Keep the first event as it was stored (keyed): the forged, unkeyed ones follow it.
    tamper("UPDATE {table} SET prev_hash = %s WHERE seq = 2", [events[0].hash])
    tamper("UPDATE {table} SET hash = %s, key_id = %s WHERE seq = 1", [events[0].hash, events[0].key_id])

    with pytest.raises(CommandError, match=r"broken at seq 2 .*without the audit key after keyed events"):
        _verify()


def _store_unkeyed(seq: int, prev_hash: str) -> AuditEvent:
    """An event as the log wrote them before it was keyed: plain SHA-256, no key id."""
    fields = {
        "seq": seq, "created_at": timezone.now(), "action": "compliance.catalog.loaded", "actor_label": "system",
        "target_type": "", "target_id": "", "target_label": "", "organization_id": None, "data": {"n": seq},
    }  # fmt: skip
    digest = event_hash(prev_hash=prev_hash, actor_id=None, key_id="", **fields)
    AuditChainHead.objects.update_or_create(id=1, defaults={"seq": seq, "hash": digest})
    return AuditEvent.objects.create(prev_hash=prev_hash, hash=digest, key_id="", **fields)


def test_events_hashed_before_the_log_was_keyed_still_verify() -> None:
    first = _store_unkeyed(1, GENESIS_HASH)
    second = _store_unkeyed(2, first.hash)

    keyed = record("compliance.catalog.loaded", actor=None)

    assert (keyed.prev_hash, keyed.key_id) == (second.hash, current_key_id())
    assert _verify() == "OK: 3 events"


def test_events_hashed_with_another_key_are_reported_naming_the_setting(settings) -> None:
    _append(2)

    settings.HYOKA_AUDIT_KEY = "another-operators-audit-key-0123456789abcdef"

    with pytest.raises(CommandError, match=r"broken at seq 1 .*not the configured HYOKA_AUDIT_KEY"):
        _verify()


def test_the_key_never_enters_the_database(settings) -> None:
    event = record("compliance.catalog.loaded", actor=None, data={"n": 1})

    stored = AuditEvent.objects.filter(pk=event.pk).values().get()

    assert settings.HYOKA_AUDIT_KEY not in json.dumps(stored, default=str)
    assert event.key_id == current_key_id() != ""
