"""Reads for the checks app: the catalog the engine uses today, and an organisation's stored findings.

Every list is filtered by organisation in the queryset (design.md, "Principles");
callers pass the organisation they already fetched for the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from compliance.checks.models import FindingState, StoredFinding
from compliance.law.catalog import Catalog

if TYPE_CHECKING:
    from compliance.accounts.models import Organization


def catalog_for_checks() -> Catalog:
    """The legal catalog the engine reads: the database when loaded, else the shipped files.

    Delegates to the law app (``load_catalog_for_checks``) and falls back to the catalog
    files while that function does not exist, so the registry never needs a database
    copy of the law to check a declaration.
    """
    from compliance.law import loading

    loader = getattr(loading, "load_catalog_for_checks", None)
    if loader is not None:
        return loader()
    return loading.catalog_from_files()


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


def findings_for_subjects(*, organization: Organization, subjects: list[str]) -> QuerySet[StoredFinding]:
    """Unresolved findings about the given ``COLLECTION/ID`` subjects (an affair and what hangs off it)."""
    return findings_for_organization(organization=organization).filter(subject__in=subjects)
