"""Reads for the checks app: the catalog the engine uses today, and an organisation's stored findings.

Every list is filtered by organisation in the queryset (docs/domain.md §7.2);
callers pass the organisation they already fetched for the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from compliance.accounts.rules import is_commission_staff
from compliance.checks.models import CatalogImpact, CatalogRecheck, FindingState, StoredFinding
from compliance.law.catalog import Catalog, loading

if TYPE_CHECKING:
    from compliance.accounts.models import Organization


#: The catalog set by :func:`catalog_in_use`; ``None``: the law app's catalog.
_catalog_in_use: Catalog | None = None


def catalog_for_checks() -> Catalog:
    """The legal catalog the engine reads: the database when loaded, else the shipped files.

    Delegates to the law app (``load_catalog_for_checks``), which reads the catalog files
    when the database holds no catalog, so the registry never needs a database copy of the
    law to check a declaration. Inside :func:`catalog_in_use`, the catalog given there.
    """
    return _catalog_in_use if _catalog_in_use is not None else loading.load_catalog_for_checks()


@contextmanager
def catalog_in_use(catalog: Catalog) -> Iterator[Catalog]:
    """Check against ``catalog`` instead of the law's tables while the block runs, in every thread
    (a test's live server too): how tests give the registry and the procedure a small law of their own.
    """
    global _catalog_in_use
    previous, _catalog_in_use = _catalog_in_use, catalog
    try:
        yield catalog
    finally:
        _catalog_in_use = previous


_SEVERITY_ORDER = Case(
    When(severity="violation", then=Value(0)),
    When(severity="warning", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def findings_for_organization(
    *, organization: Organization, include_resolved: bool = False
) -> QuerySet[StoredFinding]:
    """The organisation's findings, the most serious first; resolved ones only when asked."""
    qs = StoredFinding.objects.filter(organization=organization)
    if not include_resolved:
        qs = qs.exclude(state=FindingState.RESOLVED)
    return qs.select_related("answered_by").order_by(_SEVERITY_ORDER, "rule", "subject")


def open_finding_counts(*, organization_ids: list[int]) -> dict[int, dict[str, int]]:
    """Unanswered findings per organisation and severity (one grouped query): the officer's to-do."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        StoredFinding.objects.filter(organization_id__in=organization_ids, state=FindingState.OPEN)
        .values("organization_id", "severity")
        .annotate(count=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["organization_id"], {})[row["severity"]] = row["count"]
    return counts


@dataclass(frozen=True)
class FindingFilters:
    """The commission's filters over every organisation's findings (each optional)."""

    rule: str = ""
    severity: str = ""
    prefecture: str = ""
    organization: int | None = None
    state: str = ""


def finding_list_visible_to(*, user: Any, filters: FindingFilters) -> QuerySet[StoredFinding]:
    """Every organisation's unresolved findings, for commission staff only (the most serious first)."""
    if not is_commission_staff(user):
        return StoredFinding.objects.none()
    qs = StoredFinding.objects.exclude(state=FindingState.RESOLVED).select_related("organization")
    if filters.rule:
        qs = qs.filter(rule=filters.rule)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    if filters.prefecture:
        qs = qs.filter(organization__prefecture=filters.prefecture)
    if filters.organization is not None:
        qs = qs.filter(organization_id=filters.organization)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.order_by(_SEVERITY_ORDER, "organization__prefecture", "organization__code", "rule", "subject")


def findings_for_subjects(*, organization: Organization, subjects: list[str]) -> QuerySet[StoredFinding]:
    """Unresolved findings about the given ``COLLECTION/ID`` subjects (an affair and what hangs off it)."""
    return findings_for_organization(organization=organization).filter(subject__in=subjects)


def unsaved_rows(findings: list[Any]) -> list[StoredFinding]:
    """The engine's findings as unsaved rows, one per (rule, subject), the most serious first: shown
    like the stored ones (severity label, message in the page's language) and never saved."""
    rows: dict[tuple[str, str], StoredFinding] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        rows.setdefault(
            (finding.rule, finding.subject),
            StoredFinding.of(finding),
        )
    return list(rows.values())


# --- amendment impact ---------------------------------------------------------------------


def recheck_list() -> QuerySet[CatalogRecheck]:
    """Every catalog change's re-check, the newest first, with how many bodies it changed."""
    return (
        CatalogRecheck.objects.select_related("change_set")
        .annotate(affected=Count("impacts"))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ImpactLine:
    """One finding an amendment opened, reopened or resolved, with what the check said of it."""

    change: str  # opened / reopened / resolved
    rule: str
    subject: str
    finding: StoredFinding | None  # the stored row (None if the registry entry is gone since)


@dataclass(frozen=True)
class ImpactRow:
    impact: CatalogImpact
    gained: list[ImpactLine]
    lost: list[ImpactLine]


def _split(label: str) -> tuple[str, str]:
    rule, _, subject = label.partition(" ")
    return rule, subject


def impact_rows(impacts: list[CatalogImpact]) -> list[ImpactRow]:
    """The impacts with their findings (one query for all of them)."""
    wanted = {
        (impact.organization_id, *_split(label))
        for impact in impacts
        for label in [*impact.opened, *impact.reopened, *impact.resolved]
    }
    stored: dict[tuple[int, str, str], StoredFinding] = {}
    if wanted:
        rows = StoredFinding.objects.filter(
            organization_id__in={key[0] for key in wanted}, rule__in={key[1] for key in wanted}
        )
        stored = {(r.organization_id, r.rule, r.subject): r for r in rows}

    def lines(impact: CatalogImpact, change: str, labels: list[str]) -> list[ImpactLine]:
        return [
            ImpactLine(change, rule, subject, stored.get((impact.organization_id, rule, subject)))
            for rule, subject in map(_split, labels)
        ]

    return [
        ImpactRow(
            impact=impact,
            gained=lines(impact, "opened", impact.opened) + lines(impact, "reopened", impact.reopened),
            lost=lines(impact, "resolved", impact.resolved),
        )
        for impact in impacts
    ]


def recheck_report(*, recheck: CatalogRecheck) -> list[ImpactRow]:
    """What the change did to each organisation it changed, by organisation code (constant queries)."""
    impacts = list(recheck.impacts.select_related("organization").order_by("organization__code", "id"))
    return impact_rows(impacts)


def impacts_for_organizations(*, organization_ids: list[int], limit: int = 10) -> list[ImpactRow]:
    """The latest amendments that changed these organisations' findings (an officer's dashboard)."""
    impacts = list(
        CatalogImpact.objects.filter(organization_id__in=organization_ids)
        .select_related("organization", "recheck__change_set")
        .order_by("-checked_at", "-id")[:limit]
    )
    return impact_rows(impacts)
