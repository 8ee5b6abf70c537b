"""What waits for whom: the task lists of the officers' and the commission's dashboards.

Each list is one query over the assessments in progress of the user's organisations (or,
for the commission, of the review queue), sorted into the tasks a person acts on:
a draft to finish, a change the commission asked for, a public-comment period whose
last day has passed (指針: the officer closes it and reflects the opinions), an
assessment the approver can submit. The states come from the workflow table, so a
new track or state changes the lists without touching the dashboards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from compliance.accounts.models import Membership, MembershipRole
from compliance.assessments.models import Assessment
from compliance.assessments.states import ACTIVE_STATES, QUEUE_STATES, State, track_for
from compliance.assessments.workflow import TRANSITIONS

#: Drafts the officer is still writing (the revision after public comment included).
_DRAFT_STATES = frozenset({State.DRAFT, State.COMMENT_CLOSED})


@dataclass
class OrganizationTasks:
    """One organisation's open work, as the officer's dashboard lists it."""

    organization: Any
    role: str
    drafts: list[Assessment] = field(default_factory=list)
    change_requests: list[Assessment] = field(default_factory=list)
    periods_to_close: list[Assessment] = field(default_factory=list)
    ready_to_submit: list[Assessment] = field(default_factory=list)

    @property
    def is_approver(self) -> bool:
        return self.role == MembershipRole.APPROVER


def _may_submit(assessment: Assessment) -> bool:
    track = track_for(level=assessment.level, organization_kind=assessment.organization.kind)
    return assessment.state in TRANSITIONS["submit"].sources_for(track)


def officer_worklist(
    *, memberships: Iterable[Membership], today: dt.date | None = None
) -> list[OrganizationTasks]:
    """The tasks of each organisation the user belongs to, in the memberships' order (one query)."""
    today = today or timezone.localdate()
    tasks = {
        m.organization_id: OrganizationTasks(organization=m.organization, role=m.role) for m in memberships
    }
    in_progress = (
        Assessment.objects.filter(organization_id__in=tasks, state__in=ACTIVE_STATES)
        .select_related("organization", "affair", "comment_period")
        .order_by("updated_at", "id")
    )
    for assessment in in_progress:
        entry = tasks[assessment.organization_id]
        if assessment.state == State.CHANGES_REQUESTED:
            entry.change_requests.append(assessment)
        elif assessment.state in _DRAFT_STATES:
            entry.drafts.append(assessment)
        if assessment.state == State.COMMENT_OPEN:
            period = getattr(assessment, "comment_period", None)
            if period is not None and period.ends_on < today:
                entry.periods_to_close.append(assessment)
        if entry.is_approver and _may_submit(assessment):
            entry.ready_to_submit.append(assessment)
    return list(tasks.values())


@dataclass(frozen=True)
class ReviewWorklist:
    """The commission's queue split the way a reviewer works it, the longest waiting first."""

    mine: list[Assessment]
    unassigned: list[Assessment]
    #: Submissions another reviewer holds: listed too, so that any of them is one click away.
    others: list[Assessment]


def reviewer_worklist(*, user: Any, limit: int = 20) -> ReviewWorklist:
    queue = (
        Assessment.objects.filter(state__in=QUEUE_STATES)
        .select_related("organization", "affair", "assigned_reviewer")
        .order_by("submitted_at", "id")
    )
    mine = list(queue.filter(assigned_reviewer_id=user.pk)[:limit])
    unassigned = list(queue.filter(assigned_reviewer__isnull=True)[:limit])
    others = list(queue.exclude(assigned_reviewer_id=user.pk).exclude(assigned_reviewer__isnull=True)[:limit])
    return ReviewWorklist(mine=mine, unassigned=unassigned, others=others)
