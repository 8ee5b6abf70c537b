"""Celery tasks of the checks app: thin, they take IDs and call a service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from compliance.accounts.models import Organization
from compliance.checks.services import findings_refresh


@shared_task(name="compliance.checks.refresh_findings")
def refresh_findings(organization_id: int) -> dict[str, Any]:
    """Re-check one organisation's registry and store its findings (scheduled after every registry write)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # deleted between the write and the check: nothing to check
        return {}
    return findings_refresh(organization=organization).counts()
