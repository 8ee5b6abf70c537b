"""Celery tasks of the checks app: thin, they take IDs and call a service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from compliance.accounts.models import Organization
from compliance.checks.models import CatalogRecheck
from compliance.checks.rechecks import recheck_run
from compliance.checks.services import findings_refresh


@shared_task(name="compliance.checks.refresh_findings")  # type: ignore[untyped-decorator]  # celery has no type hints
def refresh_findings(organization_id: int) -> dict[str, Any]:
    """Re-check one organisation's registry and store its findings (scheduled after every registry write)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # deleted between the write and the check: nothing to check
        return {}
    return findings_refresh(organization=organization).counts()


@shared_task(  # type: ignore[untyped-decorator]  # celery has no type hints
    name="compliance.checks.recheck_catalog_change", time_limit=3000, soft_time_limit=2900
)
def recheck_catalog_change(recheck_id: int) -> dict[str, Any]:
    """Re-check the organisations a catalog change concerns (scheduled after every catalog write).

    Its own time limit: a change touching a whole field of the law can concern thousands of bodies
    (the broker's visibility timeout, 3,600 s by default, stays above it).
    """

    recheck = CatalogRecheck.objects.filter(pk=recheck_id).select_related("change_set").first()
    if recheck is None:
        return {}
    done = recheck_run(recheck=recheck)
    return {"organizations_checked": done.organizations_checked}
