"""The one function every write calls: :func:`record`.

Every write knows who did it and leaves one audit event in the same transaction. The
log is append-only and hash-chained (keyed with ``HYOKA_AUDIT_KEY``);
appends are serialised by locking the single chain-head row, so concurrent
writers never fork the chain (two events with the same predecessor).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from compliance.audit import actions
from compliance.audit.chain import AuditDataError, current_key_id, event_hash, normalise
from compliance.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from compliance.lib.actors import Actor
from compliance.lib.mynumber import MACHINE_ID, contains_my_number, holds_my_number

__all__ = ["AuditDataError", "record"]

#: ``compliance.assessment.submitted``: lower-case words joined by dots, at least two.
ACTION_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _holds_my_number(value: Any) -> bool:
    """True if any key, string or number inside ``value`` contains a My Number (番号法第19条).

    Machine identifiers (hex digests, UUIDs) are not free text and are exempt.
    """
    return holds_my_number(value, exempt=MACHINE_ID.match)


def _describe_target(target: models.Model | None) -> tuple[str, str, str, int | None]:
    if target is None:
        return "", "", "", None
    meta = target._meta
    organization_id = getattr(target, "organization_id", None)
    if meta.label_lower == "accounts.organization":
        organization_id = target.pk
    return meta.label_lower, str(target.pk), str(target)[:300], organization_id


def _lock_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends.

    The head row is created by migration 0002, but a flushed database (tests) or a
    damaged one may lack it: recreate it from the last event (never from genesis,
    which would restart ``seq`` and fail loudly on the unique constraint) with an
    insert that ignores a concurrent winner, then lock it.
    """
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    if head is not None:
        return head
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    seed = AuditChainHead(id=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS_HASH)
    AuditChainHead.objects.bulk_create([seed], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(id=1)


def record(
    action: str,
    *,
    actor: Actor,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    organization_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``action`` is a dotted code registered in :mod:`compliance.audit.actions`
    (``compliance.assessment.submitted``); an unregistered one raises
    :class:`~compliance.audit.actions.UnknownAction`. ``actor`` is
    the acting user, or None for the system. ``data`` must be JSON-like and must
    never hold a My Number (番号法第19条: the log is not a place the law allows it
    to be provided to): it is refused here, so a careless caller fails loudly
    instead of leaking into the permanent record. ``organization_id`` defaults to
    the target's organisation and decides who may read the event.
    """
    if not ACTION_CODE.match(action) or len(action) > 120:
        raise ValueError(
            f"audit action must be a dotted code like 'compliance.assessment.submitted', got {action!r}"
        )
    if contains_my_number(action):
        raise AuditDataError("audit action must not contain an individual number")
    actions.check(action)
    if data is not None and not isinstance(data, dict):
        raise AuditDataError(f"audit data must be a dict, got {type(data).__name__}")
    clean = normalise(data or {})
    if _holds_my_number(clean):
        raise AuditDataError("audit data must not contain an individual number")
    target_type, target_id, target_label, target_org = _describe_target(target)
    if contains_my_number(target_label):
        target_label = "[redacted]"
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    actor_label = str(getattr(actor, "username", "") or "")[:150] if actor is not None else "system"
    if contains_my_number(actor_label):
        actor_label = "[redacted]"
    org = organization_id if organization_id is not None else target_org
    # savepoint=False: if the append fails, the caller's whole write must fail with it.
    with transaction.atomic(savepoint=False):
        head = _lock_head()
        seq = head.seq + 1
        # Microseconds are what both databases keep; the hash covers exactly this value.
        now = timezone.now()
        key_id = current_key_id()
        # What the hash covers is exactly what is stored (besides the chain's own two columns).
        fields: dict[str, Any] = {
            "seq": seq,
            "created_at": now,
            "action": action,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": target_label,
            "organization_id": org,
            "data": clean,
            "key_id": key_id,
        }
        digest = event_hash(prev_hash=head.hash, **fields)
        event = AuditEvent.objects.create(**fields, prev_hash=head.hash, hash=digest)
        AuditChainHead.objects.filter(id=1).update(seq=seq, hash=digest)
    return event
