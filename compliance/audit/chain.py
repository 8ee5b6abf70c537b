"""The hash chain: the canonical form of an event, its hash, and walking the chain.

The hash must verify after a round trip through the database on SQLite and on
PostgreSQL alike, so everything that goes into it has one canonical form:

* the timestamp is UTC ISO 8601 with microseconds (both databases keep microseconds);
* ``data`` is normalised before it is stored: keys are strings, tuples are lists,
  non-JSON values (dates, Decimals, UUIDs, lazy strings) are strings, and a float
  that is a whole number is written as an integer — PostgreSQL's ``jsonb`` gives
  ``1e16`` back as ``10000000000000000`` and ``-0.0`` as ``0``, so without that
  rule the same event would hash differently after it was read back.

The hash is keyed: HMAC-SHA256 with a key derived from ``HYOKA_AUDIT_KEY``, which lives
in the environment and never in the database. An unkeyed hash only proves that the
chain is consistent with itself, and whoever can write to the database can edit an
event and recompute every later hash; with the key they cannot. Events written before
the key was introduced (``key_id`` empty) keep their plain SHA-256 and verify as such,
but only as the chain's beginning: once a keyed event appears, every later event must
be keyed (docs/decisions.md, "Audit log").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction

from compliance.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from compliance.audit.checkpoints import Checkpoint


class AuditDataError(ValueError):
    """Raised when an event would carry something an audit log must never hold."""


class UnknownAuditKey(LookupError):
    """Raised when an event or checkpoint names a key other than ``HYOKA_AUDIT_KEY``."""


#: Each use of the audit key gets its own derived key, so a value made for one purpose
#: (an event hash) can never pass for another (a checkpoint signature).
EVENT_PURPOSE = b"hyoka-audit-event/1"
CHECKPOINT_PURPOSE = b"hyoka-audit-checkpoint/1"
_KEY_ID_PURPOSE = b"hyoka-audit-key-id/1"


@functools.lru_cache(maxsize=8)
def _derive(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), purpose, hashlib.sha256).digest()


def current_key_id() -> str:
    """A fingerprint naming ``HYOKA_AUDIT_KEY`` (16 hex digits); it does not reveal the key."""
    return _derive(settings.HYOKA_AUDIT_KEY, _KEY_ID_PURPOSE).hex()[:16]


def keyed_digest(purpose: bytes, key_id: str, message: str) -> str:
    """HMAC-SHA256 of ``message`` with the audit key derived for ``purpose``."""
    if key_id != current_key_id():
        raise UnknownAuditKey(f"key {key_id} is not the configured HYOKA_AUDIT_KEY (key {current_key_id()})")
    key = _derive(settings.HYOKA_AUDIT_KEY, purpose)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


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
    key_id: str,
) -> str:
    """The event's hash: keyed with ``key_id``'s key, or plain SHA-256 when ``key_id`` is empty.

    Raises :class:`UnknownAuditKey` when ``key_id`` is not the configured key's.
    """
    content = {
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
    if not key_id:
        # Written before the log was keyed: the original, unkeyed form.
        return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
    return keyed_digest(EVENT_PURPOSE, key_id, canonical_json({**content, "key": key_id}))


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
        key_id=event.key_id,
    )


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: ``broken_seq`` is None when every link holds.

    ``head_hash`` is the hash of the last event verified (the genesis hash for an empty
    log): with ``count`` it is what a checkpoint records.
    """

    count: int
    broken_seq: int | None = None
    problem: str = ""
    head_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.problem


def _events_in_order(chunk_size: int) -> Iterator[AuditEvent]:
    # ``iterator`` streams in chunks (server-side cursor on PostgreSQL), so the walk
    # needs constant memory however long the chain grows.
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size)


@contextlib.contextmanager
def _one_snapshot() -> Iterator[None]:
    """On PostgreSQL, read the events and the head in one snapshot.

    Writers keep appending while the chain is verified (the hourly checkpoint runs beside
    them); one repeatable-read snapshot makes the events and the head agree. Inside a
    caller's transaction the snapshot is the caller's; SQLite is left alone because its
    transactions here take the write lock (and would block every writer for the walk).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def verify_chain(*, chunk_size: int = 2000, checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Walk every event in ``seq`` order and report the first broken link.

    Detects: an event whose content no longer matches its keyed hash (edited, or forged
    without the key), a gap in ``seq`` (removed), a ``prev_hash`` that is not its
    predecessor's hash (removed, reordered or forged), an unkeyed event after a keyed one,
    and a chain head that does not match the last event (events removed from the end).

    ``checkpoints`` (already verified signatures, see :mod:`compliance.audit.checkpoints`)
    pin the head as it was when each was taken, outside the database: an event whose hash
    differs from a checkpoint's (the chain rewritten, even consistently) or a log shorter
    than a checkpoint (truncated, head moved back) breaks the chain too.
    """
    pinned: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        pinned.setdefault(checkpoint.seq, []).append(checkpoint)
    with _one_snapshot():
        report = _walk(chunk_size, pinned)
    if not report.ok:
        return report
    longest = max(pinned, default=0)
    if longest > report.count:
        checkpoint = pinned[longest][0]
        return ChainReport(
            report.count,
            report.count + 1,
            f"seq {report.count + 1} is missing: the checkpoint of {checkpoint.at} records seq "
            f"{checkpoint.seq} but the last event is seq {report.count} (the log was truncated)",
            report.head_hash,
        )
    return report


def _pinned_problem(seq: int, digest: str, pinned: dict[int, list[Checkpoint]]) -> str:
    for checkpoint in pinned.get(seq, ()):
        if checkpoint.head_hash != digest:
            return (
                f"seq {seq}: hash {digest} differs from the checkpoint of {checkpoint.at}, "
                f"which recorded {checkpoint.head_hash} (the log was rewritten)"
            )
    return ""


def _walk(chunk_size: int, pinned: dict[int, list[Checkpoint]]) -> ChainReport:
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    keyed = False
    if problem := _pinned_problem(0, GENESIS_HASH, pinned):
        return ChainReport(0, 0, problem)
    for event in _events_in_order(chunk_size):
        if event.seq != expected_seq:
            return ChainReport(
                count,
                expected_seq,
                f"seq {expected_seq} is missing (next stored event is seq {event.seq})",
                prev_hash,
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                count,
                event.seq,
                f"seq {event.seq}: prev_hash {event.prev_hash} does not match the hash "
                f"of seq {event.seq - 1} ({prev_hash})",
                prev_hash,
            )
        if keyed and not event.key_id:
            return ChainReport(
                count,
                event.seq,
                f"seq {event.seq}: hashed without the audit key after keyed events (forged)",
                prev_hash,
            )
        try:
            recomputed = stored_event_hash(event)
        except UnknownAuditKey as error:
            return ChainReport(count, event.seq, f"seq {event.seq}: hashed with {error}", prev_hash)
        if recomputed != event.hash:
            return ChainReport(
                count,
                event.seq,
                f"seq {event.seq}: stored hash {event.hash} but its content hashes to {recomputed}",
                prev_hash,
            )
        if problem := _pinned_problem(event.seq, event.hash, pinned):
            return ChainReport(count, event.seq, problem, prev_hash)
        keyed = keyed or bool(event.key_id)
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
                prev_hash,
            )
        return ChainReport(
            count,
            None,
            f"the chain head (seq {head.seq}, {head.hash}) does not match the last event",
            prev_hash,
        )
    if head is None and count:
        return ChainReport(count, None, "the chain head row is missing", prev_hash)
    return ChainReport(count, head_hash=prev_hash)
