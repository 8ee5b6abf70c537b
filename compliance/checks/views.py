"""The commission's views of findings: across every organisation, and what each amendment changed."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from compliance.accounts.decorators import commission_required
from compliance.assessments.selectors import assessment_list_visible_to, current_assessments_by_organization
from compliance.checks.forms import FindingFilterForm
from compliance.checks.models import CatalogRecheck
from compliance.checks.selectors import finding_list_visible_to, recheck_list, recheck_report

PAGE_SIZE = 50


@require_GET
@commission_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings of every body, filtered by rule, severity, prefecture, organisation and state."""
    form = FindingFilterForm(request.GET)
    findings = finding_list_visible_to(user=request.user, filters=form.filters())
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "checks/finding_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_GET
@commission_required
def impact_list(request: HttpRequest) -> HttpResponse:
    """Every change of the law the catalog recorded, with how many bodies' findings it changed."""
    page = Paginator(recheck_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "checks/impact_list.html", {"page": page})


@require_GET
@commission_required
def impact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One change's impact report: per organisation, the findings gained and lost, and its assessments."""
    recheck = get_object_or_404(CatalogRecheck.objects.select_related("change_set"), pk=pk)
    rows = recheck_report(recheck=recheck)
    assessments = current_assessments_by_organization(
        organization_ids=[row.impact.organization_id for row in rows]
    )
    # A draft is the body's own until it is submitted: the report names it, and links only what
    # the reader may open (a link to a draft would answer 404 to commission staff).
    every = [assessment for found in assessments.values() for assessment in found]
    readable = set(
        assessment_list_visible_to(user=request.user)
        .filter(pk__in=[assessment.pk for assessment in every])
        .values_list("pk", flat=True)
    )
    for assessment in every:
        assessment.readable = assessment.pk in readable  # type: ignore[attr-defined]
    report = [(row, assessments.get(row.impact.organization_id, [])) for row in rows]
    change_set = recheck.change_set
    diff_range = None
    if change_set.effective_on:
        diff_range = (change_set.effective_on - dt.timedelta(days=1), change_set.effective_on)
    return render(
        request,
        "checks/impact_detail.html",
        {"recheck": recheck, "change_set": change_set, "report": report, "diff_range": diff_range},
    )
