"""The body's side of the procedure: public comment, third-party review, submission, withdrawal, end.

Each function is one transition of :mod:`compliance.assessments.workflow` plus what
the law attaches to it (the 30-day rule, the third-party review's record, the frozen
version), in one transaction with one audit event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.models import Assessment, CommentPeriod, NotificationKind, period_days
from compliance.assessments.models.versions import VersionKind
from compliance.assessments.notifications import notify
from compliance.assessments.services.common import check_version, comment_summary, lock, move
from compliance.assessments.services.freezing import readiness, version_freeze
from compliance.assessments.workflow import Incomplete, TransitionRefused, decide
from compliance.audit.services import record
from compliance.law.procedure import MINIMUM_COMMENT_DAYS, YEARS_PUBLISHED_AFTER_END
from compliance.lib.actors import Actor
from compliance.lib.dates import add_years
from compliance.lib.mynumber import validate_no_my_number

DEFAULT_COMMENT_METHOD = "Hyōka の意見募集ページ（インターネット）に評価書の案を掲載し、意見を募集した。"


def _text(value: str, field: str, *, required: bool = False, limit: int = 10_000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("入力してください。")})
    if len(value) > limit:
        raise ValidationError({field: _("%(limit)s字以内で入力してください。") % {"limit": limit}})
    try:
        validate_no_my_number(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def comment_period_problem(*, starts_on: dt.date, ends_on: dt.date, shortened_reason: str) -> str | None:
    """Why the period breaks the 30-day rule (both ends counted), or None (指針: 原則30日以上)."""
    days = period_days(starts_on, ends_on)
    if days < MINIMUM_COMMENT_DAYS and not shortened_reason.strip():
        return _(
            "意見聴取の期間は初日と末日を含めて%(minimum)s日以上必要です（この期間は%(days)s日）。"
            "短くする場合は、特段の理由を記録してください（評価書に記載されます）。"
        ) % {"minimum": MINIMUM_COMMENT_DAYS, "days": days}
    return None


@transaction.atomic
def comment_period_open(
    *,
    assessment: Assessment,
    starts_on: dt.date,
    ends_on: dt.date,
    acting_user: Actor,
    expected_version: int | None,
    shortened_reason: str = "",
    method: str = "",
) -> Assessment:
    """Open the public comment on the draft of a full assessment (国民・住民等からの意見の聴取)."""
    shortened_reason = _text(shortened_reason, "shortened_reason")
    method = _text(method, "method") or DEFAULT_COMMENT_METHOD
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("終了日は開始日より前にできません。")})
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("開始日に過去の日付は指定できません。")})
    if problem := comment_period_problem(
        starts_on=starts_on, ends_on=ends_on, shortened_reason=shortened_reason
    ):
        raise ValidationError({"ends_on": problem})
    if period_days(starts_on, ends_on) >= MINIMUM_COMMENT_DAYS:
        shortened_reason = ""  # a reason is only recorded for a shortened period
    current, _transition = move(
        assessment, "open_comment", acting_user=acting_user, expected_version=expected_version
    )
    CommentPeriod.objects.create(
        assessment=current,
        starts_on=starts_on,
        ends_on=ends_on,
        shortened_reason=shortened_reason,
        method=method,
        opened_by=acting_user,
    )
    record(
        "compliance.assessment.comment_opened",
        actor=acting_user,
        target=current,
        data={
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "days": period_days(starts_on, ends_on),
            "shortened": bool(shortened_reason),
        },
    )
    return current


@transaction.atomic
def comment_period_close(
    *,
    assessment: Assessment,
    acting_user: Actor,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Close the public comment once its last day has passed (by the officer, or by the daily job)."""
    day = today or timezone.localdate()
    period = CommentPeriod.objects.select_for_update().get(assessment=assessment)
    if not period.has_ended_by(day):
        raise TransitionRefused(
            _("意見聴取期間（%(end)sまで）が終わるまでは終了できません。")
            % {"end": period.ends_on.isoformat()},
            code="guard",
        )
    current, _t = move(
        assessment, "close_comment", acting_user=acting_user, expected_version=expected_version
    )
    period.closed_at = timezone.now()
    period.save(update_fields=["closed_at"])
    summary = comment_summary(current)
    record(
        "compliance.assessment.comment_closed",
        actor=acting_user,
        target=current,
        data={
            "received": summary.received if summary else 0,
            "published": len(summary.published) if summary else 0,
            "hidden": summary.hidden if summary else 0,
            "pending": summary.pending if summary else 0,
        },
    )
    return current


@transaction.atomic
def third_party_review_record(
    *,
    assessment: Assessment,
    reviewed_on: dt.date,
    method: str,
    result: str,
    acting_user: Actor,
    expected_version: int | None,
) -> Assessment:
    """Record the third-party review (第三者点検) of a local government's full assessment."""
    method = _text(method, "method", required=True)
    result = _text(result, "result", required=True)
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("点検日に未来の日付は入力できません。")})
    period = CommentPeriod.objects.filter(assessment=assessment).first()
    if period is not None and reviewed_on < period.starts_on:
        raise ValidationError({"reviewed_on": _("第三者点検は意見聴取の後に行います。")})
    summary = comment_summary(assessment)
    if summary is not None and summary.pending:
        raise Incomplete(
            _("確認待ちの意見があります。"),
            [
                _("確認待ちの意見が%(count)s件あります。公開するか非表示にしてください。")
                % {"count": summary.pending}
            ],
        )
    current, _t = move(
        assessment,
        "record_third_party_review",
        acting_user=acting_user,
        expected_version=expected_version,
        third_party_review_on=reviewed_on,
        third_party_review_method=method,
        third_party_review_result=result,
    )
    record(
        "compliance.assessment.third_party_reviewed",
        actor=acting_user,
        target=current,
        data={"reviewed_on": reviewed_on.isoformat()},
    )
    return current


def _submit(
    assessment: Assessment, name: str, kind: str, *, acting_user: Actor, expected_version: int | None
) -> Assessment:
    current = lock(assessment)
    # The state machine first (a clear "not in this state" beats a list of missing items).
    from compliance.assessments.rules import roles_for

    check_version(current, expected_version)
    decide(name, state=current.state, track=current.track, roles=roles_for(acting_user, current))
    ready = readiness(current)
    if ready.problems:
        raise Incomplete(_("まだ提出できません。次の点を確認してください。"), ready.problems)
    now = timezone.now()
    current, _t = move(
        current,
        name,
        acting_user=acting_user,
        expected_version=current.version,
        submitted_at=now,
        submitted_by=acting_user,
        open_violations=ready.open_violations,
        justified_findings=ready.justified,
    )
    version = version_freeze(assessment=current, kind=kind, acting_user=acting_user, ready=ready)
    record(
        f"compliance.assessment.{'submitted' if name == 'submit' else 'resubmitted'}",
        actor=acting_user,
        target=current,
        data={"version": version.number, "sha256": version.sha256, "findings_justified": ready.justified},
    )
    notify(
        assessment=current,
        kind=NotificationKind.SUBMITTED if name == "submit" else NotificationKind.RESUBMITTED,
        acting_user=acting_user,
    )
    return current


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, acting_user: Actor, expected_version: int | None
) -> Assessment:
    """Submit to the commission (番号法第28条第1項・第2項): the approver's act; freezes version 1 (or the next)."""
    return _submit(
        assessment,
        "submit",
        VersionKind.SUBMISSION,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_resubmit(
    *, assessment: Assessment, acting_user: Actor, expected_version: int | None
) -> Assessment:
    """Submit again after the commission asked for changes; freezes the next version."""
    return _submit(
        assessment,
        "resubmit",
        VersionKind.RESUBMISSION,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@transaction.atomic
def assessment_withdraw(
    *, assessment: Assessment, reason: str, acting_user: Actor, expected_version: int | None
) -> Assessment:
    """Withdraw an assessment that is not published (the approver's act, like submitting)."""
    reason = _text(reason, "reason", required=True, limit=2_000)
    current, _t = move(
        assessment,
        "withdraw",
        acting_user=acting_user,
        expected_version=expected_version,
        withdrawn_reason=reason,
    )
    record(
        "compliance.assessment.withdrawn",
        actor=acting_user,
        target=current,
        data={"reason_length": len(reason)},
    )
    return current


@transaction.atomic
def assessment_end(
    *, assessment: Assessment, ended_on: dt.date, acting_user: Actor, expected_version: int | None
) -> Assessment:
    """The affair has ended: the assessment stays published at least three more years, marked 【終了】 (指針)."""
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("事務の終了日に未来の日付は入力できません。")})
    public_until = add_years(ended_on, YEARS_PUBLISHED_AFTER_END)
    current, _t = move(
        assessment,
        "end",
        acting_user=acting_user,
        expected_version=expected_version,
        ended_on=ended_on,
        public_until=public_until,
    )
    record(
        "compliance.assessment.ended",
        actor=acting_user,
        target=current,
        data={"ended_on": ended_on.isoformat(), "public_until": public_until.isoformat()},
    )
    return current
