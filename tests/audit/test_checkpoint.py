"""Signed checkpoints outside the database: truncating, rewriting or reordering the log is detected.

Each attack is first shown to get past ``verify_audit`` alone (the chain is consistent
with itself), then to fail against the checkpoint file. The same tests run on SQLite and,
in CI's PostgreSQL stage, on PostgreSQL (where the tamper fixture disables the trigger as
the table's owner could).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from compliance.audit import checkpoints
from compliance.audit.chain import current_key_id
from compliance.audit.models import AuditChainHead, AuditEvent
from compliance.audit.services import record
from compliance.audit.tasks import audit_checkpoint
from tests.audit.conftest import Forge

pytestmark = pytest.mark.django_db

Tamper = Callable[[str, list[object]], None]


@pytest.fixture
def checkpoint_file(tmp_path: Path, settings) -> Path:
    settings.HYOKA_AUDIT_CHECKPOINTS = tmp_path / "var" / "audit-checkpoints.jsonl"
    return settings.HYOKA_AUDIT_CHECKPOINTS


def _append(count: int) -> list[AuditEvent]:
    return [record("compliance.catalog.loaded", actor=None, data={"n": n}) for n in range(count)]


def _checkpoint(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_checkpoint", *args, stdout=out)
    return out.getvalue().strip()


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue().strip()


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_it_appends_one_signed_line_per_checkpoint_to_the_default_file(checkpoint_file: Path) -> None:
    events = _append(2)
    _checkpoint()
    third = record("compliance.catalog.loaded", actor=None)

    _checkpoint()

    first, second = _lines(checkpoint_file)
    assert (first["seq"], first["head_hash"]) == (2, events[-1].hash)
    assert (second["seq"], second["head_hash"]) == (3, third.hash)
    assert set(second) == {"format", "seq", "head_hash", "at", "key_id", "signature"}
    assert second["key_id"] == current_key_id()
    assert str(second["at"]).endswith("+00:00")


def test_it_writes_where_output_says(tmp_path: Path, checkpoint_file: Path) -> None:
    _append(1)
    elsewhere = tmp_path / "offsite" / "checkpoints.jsonl"

    assert "seq 1" in _checkpoint("--output", str(elsewhere))

    assert [line["seq"] for line in _lines(elsewhere)] == [1]
    assert not checkpoint_file.exists()


def test_the_log_verifies_against_its_checkpoints(checkpoint_file: Path) -> None:
    _append(2)
    _checkpoint()
    _append(3)
    _checkpoint()
    _append(1)

    assert _verify("--checkpoint", str(checkpoint_file)) == "OK: 6 events"


def test_it_detects_the_last_events_deleted_and_the_head_moved_back(
    checkpoint_file: Path, tamper: Tamper
) -> None:
    events = _append(5)
    _checkpoint()

    tamper("DELETE FROM {table} WHERE seq > 3", [])
    AuditChainHead.objects.filter(id=1).update(seq=3, hash=events[2].hash)

    assert _verify() == "OK: 3 events"  # what the attack got past before checkpoints
    with pytest.raises(CommandError, match=r"broken at seq 4 .*records seq 5 .*truncated") as excinfo:
        _verify("--checkpoint", str(checkpoint_file))
    assert excinfo.value.returncode == 1


def test_every_checkpoint_in_the_file_is_checked(checkpoint_file: Path, forge: Forge) -> None:
    _append(2)
    _checkpoint()
    _append(2)
    _checkpoint()

    forge(lambda events: events[0].data.update(n=42))

    # The older checkpoint (seq 2) catches it first; the newest alone would name seq 4.
    with pytest.raises(CommandError, match=r"broken at seq 2 .*differs from the checkpoint"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_detects_an_event_rewritten_and_the_chain_rehashed_without_the_key(
    checkpoint_file: Path, forge: Forge
) -> None:
    _append(4)
    _checkpoint()

    forge(lambda events: events[1].data.update(n=42))

    assert _verify() == "OK: 4 events"  # plain SHA-256 from seq 1 on: consistent with itself
    with pytest.raises(CommandError, match=r"broken at seq 4 .*differs from the checkpoint .*rewritten"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_detects_events_reordered(checkpoint_file: Path, forge: Forge) -> None:
    _append(4)
    _checkpoint()

    def swap(events: list[AuditEvent]) -> None:
        second, third = events[1], events[2]
        second.data, third.data = third.data, second.data
        second.created_at, third.created_at = third.created_at, second.created_at

    forge(swap)

    with pytest.raises(CommandError, match=r"broken at seq 4 .*differs from the checkpoint"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_a_checkpoint_line_edited_to_match_a_shorter_log(checkpoint_file: Path) -> None:
    _append(3)
    _checkpoint()
    line = _lines(checkpoint_file)[0]
    line["seq"] = 2
    checkpoint_file.write_text(json.dumps(line) + "\n")

    with pytest.raises(CommandError, match=r"line 1: the signature does not match"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_a_checkpoint_signed_with_another_key(checkpoint_file: Path, settings) -> None:
    _append(1)
    _checkpoint()

    settings.HYOKA_AUDIT_KEY = "another-operators-audit-key-0123456789abcdef"

    with pytest.raises(
        CommandError, match=r"line 1: signed with key \w+ is not the configured HYOKA_AUDIT_KEY"
    ):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_refuses_a_missing_or_malformed_checkpoint_file(tmp_path: Path, checkpoint_file: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        _verify("--checkpoint", str(tmp_path / "nowhere.jsonl"))

    checkpoint_file.parent.mkdir(parents=True)
    checkpoint_file.write_text('{"seq": 1}\n')
    with pytest.raises(CommandError, match="line 1: not a hyoka-audit-checkpoint/1 line"):
        _verify("--checkpoint", str(checkpoint_file))


def test_it_signs_no_checkpoint_of_a_broken_chain(checkpoint_file: Path, tamper: Tamper) -> None:
    _append(3)
    _checkpoint()
    tamper("DELETE FROM {table} WHERE seq = 2", [])

    with pytest.raises(CommandError, match=r"no checkpoint written: audit chain broken at seq 2") as excinfo:
        _checkpoint()

    assert excinfo.value.returncode == 1
    assert len(_lines(checkpoint_file)) == 1


def test_it_signs_no_checkpoint_of_a_log_shorter_than_the_last_one(
    checkpoint_file: Path, tamper: Tamper
) -> None:
    events = _append(3)
    _checkpoint()
    tamper("DELETE FROM {table} WHERE seq = 3", [])
    AuditChainHead.objects.filter(id=1).update(seq=2, hash=events[1].hash)

    with pytest.raises(CommandError, match=r"no checkpoint written: .*truncated"):
        _checkpoint()


def test_the_hourly_task_takes_a_checkpoint(checkpoint_file: Path, settings) -> None:
    events = _append(2)

    result = audit_checkpoint.apply().get(timeout=10)

    assert (result["seq"], result["head_hash"]) == (2, events[-1].hash)
    assert len(_lines(checkpoint_file)) == 1
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "compliance.audit.checkpoint" in schedule


def test_the_latest_checkpoint_is_read_from_the_end_of_the_file(checkpoint_file: Path) -> None:
    for _ in range(30):  # longer than the tail that is read
        record("compliance.catalog.loaded", actor=None)
        _checkpoint()

    latest = checkpoints.latest(checkpoint_file)

    assert latest is not None
    assert (latest.seq, latest.head_hash) == (30, AuditEvent.objects.get(seq=30).hash)


def test_there_is_no_latest_checkpoint_before_the_first(checkpoint_file: Path) -> None:
    assert checkpoints.latest(checkpoint_file) is None
