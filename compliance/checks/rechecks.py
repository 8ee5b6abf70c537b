"""Re-checking after the law changes: an amendment's impact, and the national re-check.

Every catalog write (an amendment, an e-Gov import, a reload of the files, an admin correction)
sends :data:`compliance.law.signals.catalog_changed`. :func:`recheck_schedule` answers it inside
the writing transaction: it records which lookups of the law the change answers
(:func:`compliance.checks.dependencies.tokens_of`) and, once the change is committed, a Celery task
(eager in the embedded default) runs :func:`recheck_run`: exactly the organisations whose last check
consulted one of them (or that were never indexed) are re-checked and their findings stored, in
batches; what each gained or lost is kept as a :class:`~compliance.checks.models.CatalogImpact`,
the impact report the commission reads per change set and the officers on their dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.audit.services import record
from compliance.checks.dependencies import CHECKED_TOKEN, tokens_of
from compliance.checks.models import (
    CatalogDependency,
    CatalogImpact,
    CatalogRecheck,
    RecheckState,
    StoredFinding,
)
from compliance.checks.services import RefreshResult, findings_refresh

#: Organisations re-checked per transaction and per bulk write of impacts.
BATCH_SIZE = 100
#: Tokens per ``IN`` list (SQLite's limit on bound parameters is far above it).
_TOKEN_CHUNK = 500


def recheck_schedule(*, change_set: Any, records: Iterable[Any], **_: Any) -> CatalogRecheck:
    """Record the change's lookups and re-check, after the commit, whom they concern."""
    # Imported on use: the task module imports this one (the task is its caller).
    from compliance.checks.tasks import recheck_catalog_change

    tokens = sorted(tokens_of(records))
    recheck = CatalogRecheck.objects.create(change_set=change_set, tokens=tokens, as_of=timezone.localdate())
    transaction.on_commit(lambda: recheck_catalog_change.delay(recheck.pk), robust=True)
    return recheck


def organizations_depending_on(tokens: Iterable[str]) -> list[int]:
    """IDs of the organisations whose last check consulted one of ``tokens``, or that were never checked.

    "Never checked" means holding findings or registry entries but no index: their data predates
    it, so any change may concern them (after one re-check they are indexed like the rest).
    """
    # The registry sits above the checks: its model is looked up by name, not imported.
    affair = apps.get_model("registry", "Affair")
    tokens = list(tokens)
    ids: set[int] = set()
    for start in range(0, len(tokens), _TOKEN_CHUNK):
        chunk = tokens[start : start + _TOKEN_CHUNK]
        ids.update(
            CatalogDependency.objects.filter(token__in=chunk)
            .values_list("organization_id", flat=True)
            .distinct()
        )
    if tokens:
        indexed = CatalogDependency.objects.filter(organization=OuterRef("pk"), token=CHECKED_TOKEN)
        holds = Q(Exists(StoredFinding.objects.filter(organization=OuterRef("pk")))) | Q(
            Exists(affair.objects.filter(organization=OuterRef("pk")))
        )
        ids.update(Organization.objects.filter(holds).exclude(Exists(indexed)).values_list("pk", flat=True))
    return sorted(ids)


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def recheck_organizations(
    organization_ids: list[int],
    *,
    as_of: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Organization, RefreshResult]]:
    """Re-check and store the findings of each organisation, batch by batch (one transaction per
    organisation, so a long run never holds many locks and a killed one keeps what it finished)."""
    for batch in _batches(organization_ids, BATCH_SIZE):
        for organization in Organization.objects.filter(pk__in=batch).order_by("pk"):
            result = findings_refresh(organization=organization, as_of=as_of)
            if progress is not None:
                progress(1)
            yield organization, result


def recheck_run(*, recheck: CatalogRecheck) -> CatalogRecheck:
    """Re-check the organisations ``recheck``'s change concerns and store the impact report.

    Safe to run twice (a worker killed mid-way is retried): findings are refreshed idempotently,
    and an organisation's impact from an earlier run is kept and merged, never emptied.
    """
    ids = organizations_depending_on(recheck.tokens)
    CatalogRecheck.objects.filter(pk=recheck.pk).update(
        state=RecheckState.RUNNING, organizations_total=len(ids), organizations_checked=0
    )
    existing = {impact.organization_id: impact for impact in recheck.impacts.all()}
    checked = 0
    pending_new: list[CatalogImpact] = []
    pending_update: list[CatalogImpact] = []
    now = timezone.now()

    def flush() -> None:
        CatalogImpact.objects.bulk_create(pending_new)
        CatalogImpact.objects.bulk_update(pending_update, ["opened", "reopened", "resolved", "checked_at"])
        CatalogRecheck.objects.filter(pk=recheck.pk).update(organizations_checked=checked)
        pending_new.clear()
        pending_update.clear()

    for organization, result in recheck_organizations(ids, as_of=recheck.as_of):
        checked += 1
        if result.changed:
            impact = existing.get(organization.pk)
            if impact is None:
                pending_new.append(
                    CatalogImpact(
                        recheck=recheck,
                        organization=organization,
                        opened=result.opened,
                        reopened=result.reopened,
                        resolved=result.resolved,
                        checked_at=now,
                    )
                )
            else:
                impact.opened = sorted(set(impact.opened) | set(result.opened))
                impact.reopened = sorted(set(impact.reopened) | set(result.reopened))
                impact.resolved = sorted(set(impact.resolved) | set(result.resolved))
                impact.checked_at = now
                pending_update.append(impact)
        if checked % BATCH_SIZE == 0:
            flush()
    flush()
    recheck.state, recheck.finished_at = RecheckState.DONE, timezone.now()
    recheck.organizations_total = recheck.organizations_checked = checked
    recheck.save(update_fields=["state", "finished_at", "organizations_total", "organizations_checked"])
    affected = recheck.impacts.count()
    record(
        "compliance.findings.catalog_rechecked",
        actor=None,
        target=recheck.change_set,
        data={
            "as_of": recheck.as_of.isoformat(),
            "organizations_checked": checked,
            "organizations_affected": affected,
        },
    )
    return recheck
