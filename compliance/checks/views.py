"""The commission's view of findings across every organisation (reviewers and administrators)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from compliance.accounts.decorators import commission_required
from compliance.checks.forms import FindingFilterForm
from compliance.checks.selectors import findings_across_organizations

PAGE_SIZE = 50


@require_GET
@commission_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings of every body, filtered by rule, severity, prefecture, organisation and state."""
    form = FindingFilterForm(request.GET)
    findings = findings_across_organizations(user=request.user, filters=form.filters())
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "checks/finding_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )
