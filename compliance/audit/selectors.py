"""Reading the audit log, filtered by permission in the queryset, and its latest published checkpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from compliance.audit import checkpoints
from compliance.audit.models import AuditEvent


def audit_event_list_visible_to(*, user: Any, organization: Any | None = None) -> QuerySet[AuditEvent]:
    """The events ``user`` may read, newest first.

    Commission staff (委員会) oversee every body, so they see everything; an
    officer or approver sees the events of the organisations they belong to;
    anyone else sees nothing. ``organization`` narrows the list to one body.
    """
    events = AuditEvent.objects.order_by("-seq")
    if user is None or not getattr(user, "is_authenticated", False):
        return events.none()
    if not (user.is_superuser or getattr(user, "is_commission_staff", False)):
        events = events.filter(organization_id__in=user.memberships.values("organization_id"))
    if organization is not None:
        events = events.filter(organization_id=getattr(organization, "pk", organization))
    return events


def latest_checkpoint() -> checkpoints.Checkpoint | None:
    """The newest signed checkpoint of the chain head (public: it names no event), or None before the first."""
    return checkpoints.latest(Path(settings.HYOKA_AUDIT_CHECKPOINTS))
