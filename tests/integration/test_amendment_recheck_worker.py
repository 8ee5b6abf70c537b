"""A catalog change re-checks the bodies it concerns in a real Celery worker (Redis, PostgreSQL).

Skipped on the embedded default (no REDIS_URL/DATABASE_URL); ``.ci/run`` runs it in its
PostgreSQL + Redis stage.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from django.core.management import call_command

from compliance.checks.models import CatalogImpact, CatalogRecheck, RecheckState, StoredFinding
from compliance.checks.services import findings_refresh
from compliance.checks.tasks import recheck_catalog_change
from compliance.law.services import catalog_apply
from compliance.registry.importing import declaration_import
from tests.checks.test_amendment_impact import CHILD_ALLOWANCE, END_PERMISSION, TERMINAL_ONLY
from tests.integration.conftest import StartWorker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("celery-worker")]


def test_the_worker_re_checks_the_body_an_amendment_concerns_and_stores_its_finding(
    start_worker: StartWorker, queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    bodies = []
    for document in (CHILD_ALLOWANCE, TERMINAL_ONLY):
        organization = declaration_import(
            data=copy.deepcopy(document), acting_user=None, schedule_refresh=False
        ).organization
        findings_refresh(organization=organization)  # indexed, as after any registry write
        bodies.append(organization)
    city, _town = bodies
    # The re-check goes to this test's own queue (the worker listens to it alone).
    monkeypatch.setattr(
        recheck_catalog_change, "delay", lambda *args: recheck_catalog_change.apply_async(args, queue=queue)
    )
    worker = start_worker(queue=queue)

    result: Any = catalog_apply(change_set=copy.deepcopy(END_PERMISSION), acting_user=None)

    recheck = CatalogRecheck.objects.get(change_set=result.change_set)
    wait_for(
        lambda: CatalogRecheck.objects.filter(pk=recheck.pk, state=RecheckState.DONE).exists(),
        timeout=120,
        what="the amendment's re-check",
        worker=worker,
    )
    recheck.refresh_from_db()
    assert recheck.organizations_checked == 1
    assert StoredFinding.objects.filter(
        organization=city, rule="LINKAGE-NOT-PERMITTED", subject="provisions/p1"
    ).exists()
    assert CatalogImpact.objects.get(recheck=recheck).organization == city
