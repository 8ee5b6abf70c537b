"""Reads of the assessments app, with the permission filter in the queryset.

Officers see their organisations' assessments; commission staff see every
assessment; nobody else sees any (an assessment of another body answers 404 —
not even its existence is confirmed). The assessment page's own data is built in
:mod:`compliance.assessments.selectors.page`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from compliance.accounts.models import CommissionRole, Membership, MembershipRole, Organization, User
from compliance.accounts.rules import is_commission_staff
from compliance.assessments.models import (
    Assessment,
    AssessmentVersion,
    CommentPeriod,
)
from compliance.assessments.rules import roles_for
from compliance.assessments.states import PUBLIC_STATES, QUEUE_STATES, Level, Role, State
from compliance.checks.context import affair_thresholds
from compliance.law.procedure import today_in_japan
from compliance.registry import codec
from compliance.registry.models import Affair
from compliance.registry.selectors import registry_snapshot


def assessment_list_visible_to(*, user: Any) -> QuerySet[Assessment]:
    """Every assessment ``user`` may read: members their organisations' in every state; commission
    staff every assessment once it was submitted (or is out for public comment) — a draft is the
    body's own until it files it (番号法第28条)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Assessment.objects.none()
    organizations = Membership.objects.filter(
        user_id=user.pk, role__in=(MembershipRole.OFFICER, MembershipRole.APPROVER)
    ).values("organization_id")
    visible = Q(organization_id__in=organizations)
    if is_commission_staff(user):
        visible |= Q(submitted_at__isnull=False) | Q(state=State.COMMENT_OPEN)
    return Assessment.objects.filter(visible)


def assessment_get_for(*, user: Any, pk: int) -> Assessment:
    """The assessment ``pk`` if ``user`` may read it, else 404 (another body's looks like a missing one)."""
    assessment = (
        assessment_list_visible_to(user=user)
        .select_related("organization", "affair", "assigned_reviewer", "previous")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("no such assessment")
    return assessment


def assessment_get_for_officer(*, user: Any, pk: int) -> Assessment:
    """Like :func:`assessment_get_for`, for pages only the organisation's officers use (404 for others)."""
    assessment = assessment_get_for(user=user, pk=pk)
    if Role.OFFICER not in roles_for(user, assessment):
        raise Http404("no such assessment")
    return assessment


def assessment_open_for_comment(*, pk: int) -> tuple[Assessment, CommentPeriod]:
    """A full assessment whose public comment runs today (public page); 404 otherwise."""
    today = timezone.localdate()
    period = (
        CommentPeriod.objects.select_related("assessment__organization", "assessment__affair")
        .filter(
            assessment_id=pk, assessment__state=State.COMMENT_OPEN, starts_on__lte=today, ends_on__gte=today
        )
        .first()
    )
    if period is None:
        raise Http404("no public comment open")
    return period.assessment, period


def open_comment_periods() -> QuerySet[CommentPeriod]:
    """Every public comment running today (Asia/Tokyo), the soonest to end first (the public list)."""
    today = today_in_japan()
    return (
        CommentPeriod.objects.select_related("assessment__organization", "assessment__affair")
        .filter(assessment__state=State.COMMENT_OPEN, starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on", "assessment_id")
    )


# --- the organisation's assessments -------------------------------------------------------------


@dataclass
class AffairAssessments:
    affair: Any
    threshold: Any
    current: Assessment | None  # in progress
    published: Assessment | None  # latest published or ended
    history: list[Assessment] = field(default_factory=list)


def organization_assessments(*, organization: Organization) -> list[AffairAssessments]:
    """Each affair with its threshold decision and its assessments (constant queries)."""

    thresholds = affair_thresholds(registry_snapshot(organization=organization))
    by_affair: dict[int, list[Assessment]] = {}
    for assessment in (
        Assessment.objects.filter(organization=organization).select_related("affair").order_by("-created_at")
    ):
        by_affair.setdefault(assessment.affair_id, []).append(assessment)
    rows = []
    for affair in sorted(
        Affair.objects.filter(organization=organization), key=lambda a: codec.ref_sort_key(a.ref)
    ):
        history = by_affair.get(affair.pk, [])
        rows.append(
            AffairAssessments(
                affair=affair,
                threshold=thresholds.get(affair.ref),
                current=next((a for a in history if a.state not in (*PUBLIC_STATES, State.WITHDRAWN)), None),
                published=next((a for a in history if a.state in PUBLIC_STATES), None),
                history=history,
            )
        )
    return rows


# --- the review queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""
    prefecture: str = ""
    level: str = ""
    waiting_days: int | None = None
    violations: bool = False
    justified: bool = False
    assigned: str = ""  # "me", "none" or ""
    state: str = ""


def review_queue(*, user: Any, filters: QueueFilters, today: dt.date | None = None) -> QuerySet[Assessment]:
    """Submissions waiting for the commission, the longest waiting first (reviewers only)."""
    if not is_commission_staff(user):
        return Assessment.objects.none()
    qs = Assessment.objects.filter(state__in=QUEUE_STATES).select_related(
        "organization", "affair", "assigned_reviewer"
    )
    if filters.kind:
        qs = qs.filter(organization__kind=filters.kind)
    if filters.prefecture:
        qs = qs.filter(organization__prefecture=filters.prefecture)
    if filters.level in Level.values:
        qs = qs.filter(level=filters.level)
    if filters.state in (s.value for s in QUEUE_STATES):
        qs = qs.filter(state=filters.state)
    if filters.waiting_days:
        since = timezone.now() - dt.timedelta(days=filters.waiting_days)
        qs = qs.filter(submitted_at__lte=since)
    if filters.violations:
        qs = qs.filter(open_violations__gt=0)
    if filters.justified:
        qs = qs.filter(justified_findings__gt=0)
    if filters.assigned == "me":
        qs = qs.filter(assigned_reviewer_id=user.pk)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_reviewer__isnull=True)
    return qs.order_by("submitted_at", "id")


def versions_of_affair(*, assessment: Assessment) -> QuerySet[AssessmentVersion]:
    """Every frozen version of every assessment of the affair (a re-assessment continues the history)."""
    return (
        AssessmentVersion.objects.filter(assessment__affair_id=assessment.affair_id)
        .without_document()
        .select_related("assessment", "created_by")
        .order_by("assessment__created_at", "number")
    )


def version_get_of_affair(*, assessment: Assessment, pk: int) -> AssessmentVersion:
    """A version of the same affair as ``assessment`` (already permission-checked), else 404."""
    version = AssessmentVersion.objects.filter(pk=pk, assessment__affair_id=assessment.affair_id).first()
    if version is None:
        raise Http404("no such version")
    return version


def staff_reviewers() -> QuerySet[Any]:
    return User.objects.filter(
        Q(commission_role=CommissionRole.REVIEWER) | Q(commission_role=CommissionRole.ADMINISTRATOR),
        is_active=True,
    ).order_by("username")


# --- for the public portal and the documents ------------------------------------------------------


def publication_version(*, assessment: Assessment) -> AssessmentVersion | None:
    """The version frozen when ``assessment`` was published (its public text: ``public_document(v.data)``)."""
    return (
        AssessmentVersion.objects.filter(assessment=assessment, kind="publication")
        .order_by("-number")
        .first()
        if assessment.state in PUBLIC_STATES
        else None
    )


def current_assessments_by_organization(*, organization_ids: list[int]) -> dict[int, list[Assessment]]:
    """Each organisation's assessments still in procedure or in force (not withdrawn or ended), one query."""
    found: dict[int, list[Assessment]] = {}
    qs = (
        Assessment.objects.filter(organization_id__in=organization_ids)
        .exclude(state__in=[State.WITHDRAWN, State.ENDED])
        .select_related("affair")
        .order_by("organization_id", "affair__name", "-id")
    )
    for assessment in qs:
        found.setdefault(assessment.organization_id, []).append(assessment)
    return found
