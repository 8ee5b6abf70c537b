"""Dashboards for officers and commission staff, organisation pages, and logging out.

Plain function views: each one stacks the decorator that states who may reach it
(see compliance/accounts/access.py for the table the tests hold them to).
"""

from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from compliance.accounts.decorators import commission_required, officer_required, verified_login_required
from compliance.accounts.rules import is_commission_staff
from compliance.accounts.selectors import (
    membership_list_for,
    organization_counts_by_kind,
    organization_get_for,
    organization_list_visible_to,
)
from compliance.assessments.notifications import notification_list_for
from compliance.assessments.reminders import reminders_due
from compliance.assessments.worklists import officer_worklist, reviewer_worklist
from compliance.checks.selectors import impacts_for_organizations, open_finding_counts
from compliance.lib.vocabulary import OrganizationKind


@require_GET
@verified_login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The landing page after login: commission staff and officers each go to their own dashboard."""
    if is_commission_staff(request.user):
        return redirect("accounts:commission_dashboard")
    if membership_list_for(user=request.user).exists():
        return redirect("accounts:officer_dashboard")
    return render(request, "accounts/dashboard.html")


@require_GET
@officer_required
def officer_dashboard(request: HttpRequest) -> HttpResponse:
    """The officer's to-do: per organisation, findings to answer, drafts, the commission's requests,
    comment periods to close, what the approver can submit and the reminders due (constant queries)."""
    memberships = list(membership_list_for(user=request.user))
    organization_ids = [m.organization_id for m in memberships]
    findings = open_finding_counts(organization_ids=organization_ids)
    reminders: dict[int, list[object]] = {}
    for reminder in reminders_due(organization_ids=organization_ids):
        reminders.setdefault(reminder.assessment.organization_id, []).append(reminder)
    organizations = officer_worklist(memberships=memberships)
    impacts: dict[int, list[object]] = {}
    for row in impacts_for_organizations(organization_ids=organization_ids):
        impacts.setdefault(row.impact.organization_id, []).append(row)
    worklist = [
        {
            "tasks": tasks,
            "findings": findings.get(tasks.organization.pk, {}),
            "open_findings": sum(findings.get(tasks.organization.pk, {}).values()),
            "reminders": reminders.get(tasks.organization.pk, []),
            "impacts": impacts.get(tasks.organization.pk, []),
        }
        for tasks in organizations
    ]
    return render(
        request,
        "accounts/dashboard_officer.html",
        {
            "memberships": memberships,
            "worklist": worklist,
            "is_approver": any(tasks.is_approver for tasks in organizations),
            "ready_to_submit": [a for tasks in organizations for a in tasks.ready_to_submit],
            "notifications": notification_list_for(user=request.user),
        },
    )


@require_GET
@commission_required
def commission_dashboard(request: HttpRequest) -> HttpResponse:
    labels = dict(OrganizationKind.choices)
    counts = [
        {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]}
        for row in organization_counts_by_kind()
    ]
    return render(
        request,
        "accounts/dashboard_commission.html",
        {
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "review": reviewer_worklist(user=request.user),
            "notifications": notification_list_for(user=request.user),
        },
    )


@require_GET
@verified_login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = organization_list_visible_to(user=request.user)
    return render(request, "accounts/organization_list.html", {"organizations": organizations})


@require_GET
@verified_login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_get_for(user=request.user, pk=pk)
    memberships = list(organization.memberships.select_related("user").order_by("role", "user__username"))
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "memberships": memberships,
            "is_member": any(m.user_id == request.user.pk for m in memberships),
            "is_commission": is_commission_staff(request.user),
        },
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out (POST only, so a link or an image cannot log anyone out) and return home."""
    auth_logout(request)
    return redirect("public:home")
