"""The hash chain: the canonical form of an event, its hash, and walking the chain.

The hash must verify after a round trip through the database on SQLite and on
PostgreSQL alike, so everything that goes into it has one canonical form:

* the timestamp is UTC ISO 8601 with microseconds (both databases keep microseconds);
* ``data`` is normalised before it is stored: keys are strings, tuples are lists,
  non-JSON values (dates, Decimals, UUIDs, lazy strings) are strings, and a float
  that is a whole number is written as an integer — PostgreSQL's ``jsonb`` gives
  ``1e16`` back as ``10000000000000000`` and ``-0.0`` as ``0``, so without that
  rule the same event would hash differently after it was read back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compliance.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent


class AuditDataError(ValueError):
    """Raised when an event would carry something an audit log must never hold."""


def normalise(value: Any) -> Any:
    """The JSON value that is stored and hashed for ``value`` (idempotent)."""
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str) and "\x00" in value:
            raise AuditDataError("audit data must not contain NUL characters")
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AuditDataError(f"audit data must not contain {value!r}")
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {normalise_key(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    return normalise(str(value))


def normalise_key(key: Any) -> str:
    if not isinstance(key, str | int | float | bool) and key is not None:
        raise AuditDataError(f"audit data keys must be strings, got {type(key).__name__}")
    text = key if isinstance(key, str) else json.dumps(key)
    return normalise(text)  # type: ignore[no-any-return]


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def canonical_timestamp(moment: dt.datetime) -> str:
    """``2026-11-22T03:04:05.000006+00:00``: UTC, always six fractional digits."""
    if moment.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    prev_hash: str,
    seq: int,
    created_at: dt.datetime,
    action: str,
    actor_id: int | None,
    actor_label: str,
    target_type: str,
    target_id: str,
    target_label: str,
    organization_id: int | None,
    data: Any,
) -> str:
    payload = canonical_json(
        {
            "prev": prev_hash,
            "seq": seq,
            "at": canonical_timestamp(created_at),
            "action": action,
            "actor_id": actor_id,
            "actor": actor_label,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": target_label,
            "organization": organization_id,
            "data": normalise(data),
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def stored_event_hash(event: AuditEvent) -> str:
    """Recompute an event's hash from what the database holds."""
    return event_hash(
        prev_hash=event.prev_hash,
        seq=event.seq,
        created_at=event.created_at,
        action=event.action,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        target_type=event.target_type,
        target_id=event.target_id,
        target_label=event.target_label,
        organization_id=event.organization_id,
        data=event.data,
    )


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: ``broken_seq`` is None when every link holds."""

    count: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.problem


def _events_in_order(chunk_size: int) -> Iterator[AuditEvent]:
    # ``iterator`` streams in chunks (server-side cursor on PostgreSQL), so the walk
    # needs constant memory however long the chain grows.
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size)


def verify_chain(*, chunk_size: int = 2000) -> ChainReport:
    """Walk every event in ``seq`` order and report the first broken link.

    Detects: an event whose content no longer matches its hash (edited), a gap in
    ``seq`` (removed), a ``prev_hash`` that is not its predecessor's hash (removed,
    reordered or forged), and a chain head that does not match the last event
    (events removed from the end).
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    for event in _events_in_order(chunk_size):
        if event.seq != expected_seq:
            return ChainReport(
                count, expected_seq, f"seq {expected_seq} is missing (next stored event is seq {event.seq})"
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                count,
                event.seq,
                f"seq {event.seq}: prev_hash {event.prev_hash} does not match the hash "
                f"of seq {event.seq - 1} ({prev_hash})",
            )
        recomputed = stored_event_hash(event)
        if recomputed != event.hash:
            return ChainReport(
                count,
                event.seq,
                f"seq {event.seq}: stored hash {event.hash} but its content hashes to {recomputed}",
            )
        prev_hash = event.hash
        expected_seq += 1
        count += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq, head.hash) != (count, prev_hash):
        if head.seq > count:
            return ChainReport(
                count,
                count + 1,
                f"seq {count + 1} is missing: the chain head records seq {head.seq} but the last event is seq {count}",
            )
        return ChainReport(
            count, None, f"the chain head (seq {head.seq}, {head.hash}) does not match the last event"
        )
    if head is None and count:
        return ChainReport(count, None, "the chain head row is missing")
    return ChainReport(count)
