"""The organisation overview, the affair page, answering findings and searching the schedule."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compliance.accounts.decorators import officer_required
from compliance.checks.models import StoredFinding
from compliance.checks.selectors import catalog_for_checks
from compliance.checks.services import finding_answer as answer_finding
from compliance.lib.actors import request_actor
from compliance.lib.text import normalize
from compliance.registry import models as m
from compliance.registry import selectors
from compliance.registry.diagrams import dataflow_svg
from compliance.registry.forms import FindingAnswerForm
from compliance.registry.views.common import affair_from_query, organization_for, render_workspace

#: Search results shown at most (the officer narrows the query for more).
SEARCH_LIMIT = 20


@officer_required
@require_GET
def organization_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation overview: affairs with their threshold decision and findings, terminals,
    ordinances, incidents."""
    return render_workspace(request, organization_for(request, pk))


@officer_required
@require_GET
def affair_page(request: HttpRequest, pk: int, affair_pk: int) -> HttpResponse:
    """One affair: its basis, files, provisions, card flows, contractors, threshold decision and findings."""
    organization = organization_for(request, pk)
    affair = m.Affair.objects.filter(organization=organization, pk=affair_pk).first()
    if affair is None:
        raise Http404("no such affair")
    return render_workspace(request, organization, affair=affair)


@officer_required
@require_GET
def organization_diagram(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's data-flow diagram as an SVG file (the same picture as on the overview)."""
    organization = organization_for(request, pk)
    overview = selectors.organization_overview(organization=organization)
    return _svg(dataflow_svg(overview.snapshot, overview.findings))


@officer_required
@require_GET
def affair_diagram(request: HttpRequest, pk: int, affair_pk: int) -> HttpResponse:
    """One affair's data-flow diagram as an SVG file (the same picture as on the affair page)."""
    organization = organization_for(request, pk)
    detail = selectors.affair_detail(organization=organization, pk=affair_pk)
    return _svg(dataflow_svg(detail.snapshot, detail.findings, affair_id=detail.affair.ref))


def _svg(svg: str) -> HttpResponse:
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8"
    )


@officer_required
@require_POST
def finding_answer(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """The officer answers a finding: fixed, or justified with a reason the reviewer will read."""
    organization = organization_for(request, pk)
    finding = StoredFinding.objects.filter(organization=organization, pk=finding_pk).first()
    if finding is None:
        raise Http404("no such finding")
    affair = affair_from_query(request, organization)
    form = FindingAnswerForm(request.POST)
    if form.is_valid():
        try:
            answer_finding(
                finding=finding,
                acting_user=request_actor(request),
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("指摘事項への回答を記録しました。"))
    else:
        messages.error(request, _("回答を選んでください。"))
    if affair is not None:
        return redirect("registry:affair", pk=organization.pk, affair_pk=affair.pk)
    return redirect("registry:organization", pk=organization.pk)


@officer_required
@require_GET
def schedule_row_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Search-as-you-type over the schedule rows and quasi affairs in force today, by statute or affair text."""

    organization = organization_for(request, pk)
    query = normalize(request.GET.get("q", ""))
    rows = []
    if query:
        today = timezone.localdate()
        for row in catalog_for_checks().schedule_rows:
            if not row.period.contains(today):
                continue
            if query in normalize(row.statute) or query in normalize(row.affair):
                rows.append(row)
        rows.sort(key=lambda row: (not row.names_body(organization.kind, organization.body), row.statute))
    return render(
        request,
        "registry/_schedule_rows.html",
        {"organization": organization, "rows": rows[:SEARCH_LIMIT], "more": len(rows) > SEARCH_LIMIT},
    )


def _row_number(row: Any) -> str:
    """The picked schedule row's number (項番) for the form, when it has one the field accepts."""
    if row is None or row.kind != "schedule" or not row.row_number:
        return ""
    try:
        m.ROW_NUMBER(row.row_number)
    except ValidationError:
        return ""
    return row.row_number


@officer_required
@require_GET
def schedule_row_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The basis citation fields filled from the chosen schedule row (statute name, affair text and,
    for a schedule row, its row number)."""
    organization = organization_for(request, pk)
    key = request.GET.get("key", "")
    row = next((r for r in catalog_for_checks().schedule_rows if r.key == key), None)
    return render(
        request,
        "registry/_basis_citation.html",
        {
            "organization": organization,
            "kind": (row.kind if row else request.GET.get("kind", "schedule")),
            "statute": row.statute if row else "",
            "affair": row.affair if row else "",
            "row": _row_number(row),
            "search_url": reverse("registry:schedule_rows", kwargs={"pk": organization.pk}),
        },
    )
