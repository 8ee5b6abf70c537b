"""verify_audit: walking the chain and naming the first broken link."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.audit.chain import canonical_json, stored_event_hash, verify_chain
from compliance.audit.models import AuditEvent
from compliance.audit.services import AuditDataError, record
from compliance.audit.tasks import audit_verify_chain

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
        event = record("compliance.fuzz.recorded", actor=None, data=data)
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
