"""The commission's side: taking a submission into review, comments, decisions, publication.

Each decision is a transition of :mod:`compliance.assessments.workflow` written with a
conditional UPDATE on (state, version): when two reviewers decide on the same
submission at once, exactly one UPDATE matches and the other reviewer is told that
someone decided first (:class:`~compliance.assessments.workflow.Conflict`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.accounts.rules import is_commission_staff
from compliance.assessments.definitions import spec_for
from compliance.assessments.models import Assessment, Decision, DecisionKind, NotificationKind, ReviewComment
from compliance.assessments.models.versions import VersionKind
from compliance.assessments.notifications import notify
from compliance.assessments.rules import roles_for
from compliance.assessments.services.common import lock, move, require_role
from compliance.assessments.services.freezing import latest_version, version_freeze
from compliance.assessments.services.registry_link import declared_assessment_sync
from compliance.assessments.states import PUBLIC_STATES, QUEUE_STATES, Role, State
from compliance.assessments.workflow import TransitionRefused
from compliance.audit.services import record
from compliance.lib.actors import Actor, UserActor
from compliance.lib.mynumber import validate_no_my_number

MAX_REMARK = 10_000


def _text(value: str, field: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("入力してください。")})
    if len(value) > MAX_REMARK:
        raise ValidationError({field: _("%(limit)s字以内で入力してください。") % {"limit": MAX_REMARK}})
    try:
        validate_no_my_number(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _decision(current: Assessment, kind: str, acting_user: UserActor, reasons: str = "") -> Decision:
    return Decision.objects.create(
        assessment=current,
        version=latest_version(current),
        kind=kind,
        reasons=reasons,
        decided_by=acting_user,
    )


@transaction.atomic
def review_start(
    *, assessment: Assessment, acting_user: UserActor, expected_version: int | None
) -> Assessment:
    """Take a submission into review; the reviewer becomes its assignee unless one was assigned."""
    current = lock(assessment)
    reviewer = current.assigned_reviewer or acting_user
    current, _t = move(
        current,
        "start_review",
        acting_user=acting_user,
        expected_version=expected_version,
        assigned_reviewer=reviewer,
    )
    _decision(current, DecisionKind.START_REVIEW, acting_user)
    record(
        "compliance.assessment.review_started",
        actor=acting_user,
        target=current,
        data={"reviewer": reviewer.pk},
    )
    return current


@transaction.atomic
def review_assign(*, assessment: Assessment, reviewer: Any, acting_user: Actor) -> Assessment:
    """Assign the submission to a reviewer (the queue's 担当). Not a decision: the version stays."""
    current = lock(assessment)
    require_role(acting_user, current, Role.REVIEWER, _("審査担当を割り当てられるのは委員会の職員です。"))
    if reviewer is not None and not is_commission_staff(reviewer):
        raise ValidationError({"reviewer": _("委員会の審査担当者を選んでください。")})
    if current.state not in QUEUE_STATES | {State.CHANGES_REQUESTED}:
        raise TransitionRefused(_("審査担当は提出から判断までの間に割り当てます。"), code="state")
    Assessment.objects.filter(pk=current.pk).update(assigned_reviewer=reviewer)
    current.assigned_reviewer = reviewer
    record(
        "compliance.assessment.assigned",
        actor=acting_user,
        target=current,
        data={"reviewer": getattr(reviewer, "pk", None)},
    )
    return current


@transaction.atomic
def review_comment_add(
    *,
    assessment: Assessment,
    acting_user: UserActor,
    body: str,
    form: str = "",
    section_key: str = "",
    item_key: str = "",
    parent: ReviewComment | None = None,
) -> ReviewComment:
    """A remark anchored to a form's section or item (reviewers), or an answer to one (officers)."""

    current = lock(assessment)
    roles = roles_for(acting_user, current)
    body = _text(body, "body", required=True)
    if parent is not None:
        if parent.assessment_id != current.pk:
            raise ValidationError(_("別の評価書のコメントには返信できません。"))
        if not roles & {Role.OFFICER, Role.REVIEWER}:
            raise TransitionRefused(_("返信できるのは、その機関の担当者と委員会の職員です。"), code="role")
        if current.state not in QUEUE_STATES | {State.CHANGES_REQUESTED}:
            raise TransitionRefused(_("コメントは審査の間に交わします。"), code="state")
        form, section_key, item_key = parent.form, parent.section_key, parent.item_key
        parent = parent.parent or parent  # one level of replies
    else:
        if Role.REVIEWER not in roles:
            raise TransitionRefused(_("審査コメントを付けられるのは委員会の職員です。"), code="role")
        if current.state not in QUEUE_STATES:
            raise TransitionRefused(_("審査コメントは提出後、判断までの間に付けます。"), code="state")
        row = current.forms.select_related("definition").filter(form=form).first()
        if row is None:
            raise ValidationError({"form": _("この評価書にその様式はありません。")})
        spec = spec_for(row.definition)
        if section_key not in spec.section_index:
            raise ValidationError({"section_key": _("その節はこの様式にありません。")})
        if item_key and spec.items.get(item_key) is None:
            raise ValidationError({"item_key": _("その項目はこの様式にありません。")})
        if item_key and spec.items[item_key].section_key != section_key:
            section_key = spec.items[item_key].section_key
    comment = ReviewComment.objects.create(
        assessment=current,
        version=latest_version(current),
        parent=parent,
        author=acting_user,
        from_commission=Role.REVIEWER in roles and Role.OFFICER not in roles,
        form=form,
        section_key=section_key,
        item_key=item_key,
        body=body,
    )
    record(
        "compliance.assessment.review_comment_added",
        actor=acting_user,
        target=current,
        data={
            "form": form,
            "section": section_key,
            "item": item_key,
            "reply_to": parent.pk if parent else None,
        },
    )
    return comment


@transaction.atomic
def review_request_changes(
    *, assessment: Assessment, reasons: str, acting_user: UserActor, expected_version: int | None
) -> Assessment:
    """Send the submission back with reasons (修正依頼); the officer answers and resubmits."""
    reasons = _text(reasons, "reasons", required=True)
    current, _t = move(
        assessment, "request_changes", acting_user=acting_user, expected_version=expected_version
    )
    _decision(current, DecisionKind.REQUEST_CHANGES, acting_user, reasons)
    record(
        "compliance.assessment.changes_requested",
        actor=acting_user,
        target=current,
        data={"reasons": reasons},
    )
    notify(assessment=current, kind=NotificationKind.CHANGES_REQUESTED, acting_user=acting_user)
    return current


@transaction.atomic
def review_accept(
    *, assessment: Assessment, acting_user: UserActor, expected_version: int | None, reasons: str = ""
) -> Assessment:
    """Accept the submission (受理)."""
    reasons = _text(reasons, "reasons", required=False)
    current, _t = move(
        assessment,
        "accept",
        acting_user=acting_user,
        expected_version=expected_version,
        decided_at=timezone.now(),
    )
    _decision(current, DecisionKind.ACCEPT, acting_user, reasons)
    record("compliance.assessment.accepted", actor=acting_user, target=current, data={"reasons": reasons})
    notify(assessment=current, kind=NotificationKind.ACCEPTED, acting_user=acting_user)
    return current


@transaction.atomic
def review_approve(
    *, assessment: Assessment, acting_user: UserActor, expected_version: int | None, reasons: str = ""
) -> Assessment:
    """Approve a national body's full assessment (委員会の承認, 番号法第28条第2項); the form carries the date."""
    reasons = _text(reasons, "reasons", required=False)
    today = timezone.localdate()
    current, _t = move(
        assessment,
        "approve",
        acting_user=acting_user,
        expected_version=expected_version,
        decided_at=timezone.now(),
        ppc_approval_on=today,
    )
    _decision(current, DecisionKind.APPROVE, acting_user, reasons)
    record(
        "compliance.assessment.approved",
        actor=acting_user,
        target=current,
        data={"approved_on": today.isoformat(), "reasons": reasons},
    )
    notify(assessment=current, kind=NotificationKind.APPROVED, acting_user=acting_user)
    return current


def _supersede_older(current: Assessment, acting_user: Actor) -> list[int]:
    """Mark every other public assessment of ``current``'s affair (same body) superseded by it.

    One UPDATE: older publications — those an earlier re-assessment already superseded included —
    point at the current one, so each old page links straight to it; the date an older one was
    first superseded is kept. One audit event names them. Returns their ids (oldest first).
    """
    older = (
        Assessment.objects.filter(
            organization_id=current.organization_id, affair_id=current.affair_id, state__in=PUBLIC_STATES
        )
        .exclude(pk=current.pk)
        .order_by("published_on", "pk")
    )
    ids = list(older.values_list("pk", flat=True))
    if not ids:
        return ids
    Assessment.objects.filter(pk__in=ids).update(
        superseded_by=current, superseded_at=Coalesce(F("superseded_at"), Value(timezone.now()))
    )
    record(
        "compliance.assessment.superseded",
        actor=acting_user,
        target=current,
        data={"superseded": ids},
    )
    return ids


@transaction.atomic
def assessment_publish(
    *, assessment: Assessment, acting_user: UserActor, expected_version: int | None
) -> Assessment:
    """Publish: freeze the publication version (with its date), tell the registry it exists and mark
    the affair's older publications superseded (they stay readable, no longer current)."""
    today = timezone.localdate()
    current, _t = move(
        assessment, "publish", acting_user=acting_user, expected_version=expected_version, published_on=today
    )
    version = version_freeze(assessment=current, kind=VersionKind.PUBLICATION, acting_user=acting_user)
    _decision(current, DecisionKind.PUBLISH, acting_user)
    declared_assessment_sync(assessment=current, acting_user=acting_user)
    superseded = _supersede_older(current, acting_user)
    record(
        "compliance.assessment.published",
        actor=acting_user,
        target=current,
        data={
            "published_on": today.isoformat(),
            "version": version.number,
            "sha256": version.sha256,
            "supersedes": superseded,
        },
    )
    notify(assessment=current, kind=NotificationKind.PUBLISHED, acting_user=acting_user)
    return current
