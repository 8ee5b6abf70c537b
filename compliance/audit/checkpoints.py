"""Signed checkpoints of the audit chain's head, kept outside the database.

The chain proves that no event was changed in the middle, and the keyed hash that
nobody without ``HYOKA_AUDIT_KEY`` can forge one. What neither can prove from inside
the database is that the *end* is still there: delete the last events and move the
head back, and the shorter chain is consistent. A checkpoint records, at a moment,
the sequence number and hash of the head, signed with the audit key, in a file
outside the database (``HYOKA_AUDIT_CHECKPOINTS``, one JSON line per checkpoint,
appended by ``manage.py audit_checkpoint`` every hour), and the public portal shows
the latest one, so that outsiders can hold the operator to it. ``verify_audit
--checkpoint FILE`` then fails when the log is shorter than a checkpoint (truncated)
or holds another hash at a checkpoint's sequence number (rewritten or reordered).

A line::

    {"format": "hyoka-audit-checkpoint/1", "seq": 1234, "head_hash": "9f…",
     "at": "2026-12-02T05:05:00.000000+00:00", "key_id": "3a…", "signature": "c1…"}

``signature`` is HMAC-SHA256, with the audit key derived for checkpoints, over the
canonical JSON of the other fields.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from compliance.audit.chain import (
    CHECKPOINT_PURPOSE,
    ChainReport,
    UnknownAuditKey,
    canonical_json,
    canonical_timestamp,
    current_key_id,
    keyed_digest,
    verify_chain,
)

FORMAT = "hyoka-audit-checkpoint/1"
_FIELDS = ("format", "seq", "head_hash", "at", "key_id", "signature")


class CheckpointError(ValueError):
    """A checkpoint file that cannot be trusted: unreadable, malformed or with a bad signature."""


class ChainBrokenError(RuntimeError):
    """Raised instead of signing a checkpoint of a chain that does not verify."""

    def __init__(self, report: ChainReport) -> None:
        super().__init__(report.problem)
        self.report = report


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    at: str
    key_id: str
    signature: str
    format: str = FORMAT

    @property
    def taken_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)

    def signed_content(self) -> str:
        return canonical_json(
            {
                "format": self.format,
                "seq": self.seq,
                "head_hash": self.head_hash,
                "at": self.at,
                "key_id": self.key_id,
            }
        )

    def to_json(self) -> str:
        return json.dumps({name: getattr(self, name) for name in _FIELDS}, ensure_ascii=False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sign(*, seq: int, head_hash: str, at: dt.datetime) -> Checkpoint:
    unsigned = Checkpoint(
        seq=seq, head_hash=head_hash, at=canonical_timestamp(at), key_id=current_key_id(), signature=""
    )
    signature = keyed_digest(CHECKPOINT_PURPOSE, unsigned.key_id, unsigned.signed_content())
    return Checkpoint(
        seq=seq, head_hash=head_hash, at=unsigned.at, key_id=unsigned.key_id, signature=signature
    )


def parse(line: str, *, where: str = "checkpoint") -> Checkpoint:
    """One line of a checkpoint file, its signature verified; :class:`CheckpointError` otherwise."""
    try:
        raw = json.loads(line)
    except ValueError as error:
        raise CheckpointError(f"{where}: not JSON ({error})") from None
    if not isinstance(raw, dict) or set(raw) != set(_FIELDS) or raw["format"] != FORMAT:
        raise CheckpointError(f"{where}: not a {FORMAT} line (fields {', '.join(_FIELDS)})")
    if not isinstance(raw["seq"], int) or isinstance(raw["seq"], bool) or raw["seq"] < 0:
        raise CheckpointError(f"{where}: seq must be a non-negative integer")
    if not all(isinstance(raw[name], str) for name in ("head_hash", "at", "key_id", "signature")):
        raise CheckpointError(f"{where}: head_hash, at, key_id and signature must be strings")
    checkpoint = Checkpoint(**raw)
    try:
        expected = keyed_digest(CHECKPOINT_PURPOSE, checkpoint.key_id, checkpoint.signed_content())
    except UnknownAuditKey as error:
        raise CheckpointError(f"{where}: signed with {error}") from None
    if not hmac.compare_digest(expected.encode(), checkpoint.signature.encode()):
        raise CheckpointError(f"{where}: the signature does not match (the line was edited or forged)")
    return checkpoint


def read(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file, each signature verified (:class:`CheckpointError` on the first bad line)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise CheckpointError(f"{path}: cannot be read ({error.strerror})") from None
    with handle:
        return [
            parse(line, where=f"{path}, line {number}")
            for number, line in enumerate(handle, start=1)
            if line.strip()
        ]


def latest(path: Path) -> Checkpoint | None:
    """The file's last checkpoint if its signature holds (None when there is none yet).

    Reads only the end of the file, which grows by a line an hour for as long as the
    product runs.
    """
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            end = handle.tell()
            start = max(0, end - 4096)
            handle.seek(start)
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    lines = [line for line in tail.splitlines() if line.strip()]
    if not lines or (start > 0 and len(lines) < 2):
        return None
    try:
        return parse(lines[-1])
    except CheckpointError:
        return None


def take(*, path: Path, chunk_size: int = 2000) -> Checkpoint:
    """Verify the chain against the file's checkpoints, then append a signed checkpoint of its head.

    Refuses (:class:`ChainBrokenError`, nothing written) when the chain does not verify:
    signing a broken chain would vouch for the tampering.
    """
    earlier = read(path) if path.exists() else []
    report = verify_chain(chunk_size=chunk_size, checkpoints=earlier)
    if not report.ok:
        raise ChainBrokenError(report)
    checkpoint = sign(seq=report.count, head_hash=report.head_hash, at=timezone.now())
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write of a whole line in append mode: concurrent writers never interleave a line.
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return checkpoint
