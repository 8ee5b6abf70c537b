"""Reminders of the duties that come with a published assessment (指針; docs/domain.md §2.2).

- **yearly review** (少なくとも1年に1回見直す, an effort duty): due a year after the last
  review, or after publication when none was recorded;
- **five-year re-assessment** (5年を経過する前に再実施, an effort duty): due five years after
  publication, unless a re-assessment has already started;
- **public comment ending**: the period's last day is near (or past, and it is still open);
- **prompted re-assessment**: a re-assessment the registry called for (an important change or a
  threshold rise, :mod:`compliance.assessments.services.prompting`) is still being written; due
  at once (速やかに), shown until it is submitted.

:func:`reminders_due` is a read used by the dashboards; :func:`reminders_send` mails
each reminder once to the organisation's members (the daily job: Celery beat with a broker,
``manage.py run_scheduled_jobs`` without one). A reminder is recorded as sent only when
someone received it: one that found no address is tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.accounts.models import Membership, MembershipRole
from compliance.assessments.models import Assessment, CommentPeriod, ReminderKind, ReminderSent
from compliance.assessments.states import EDITABLE_STATES, ReassessmentReason, State
from compliance.audit.services import record
from compliance.law.procedure import REASSESSMENT_YEARS, REVIEW_INTERVAL_YEARS
from compliance.lib.dates import add_years
from compliance.lib.mynumber import redact_my_numbers

#: How far ahead each reminder starts to show.
LEAD_DAYS = {
    ReminderKind.YEARLY_REVIEW: 30,
    ReminderKind.FIVE_YEARS: 180,
    ReminderKind.COMMENT_ENDING: 3,
    ReminderKind.REASSESSMENT: 0,
}

#: Re-assessments the registry prompts (the others are the body's own initiative).
PROMPTED_REASONS = (ReassessmentReason.IMPORTANT_CHANGE, ReassessmentReason.THRESHOLD_RISE)


@dataclass(frozen=True)
class Reminder:
    assessment: Assessment
    kind: str
    due_on: dt.date

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()

    @property
    def label(self) -> str:
        return str(ReminderKind(self.kind).label)

    def message(self) -> str:
        name = self.assessment.affair.name
        if self.kind == ReminderKind.COMMENT_ENDING:
            return _(
                "「%(name)s」の意見聴取期間は %(due)s に終わります。終了後、意見の反映を記録してください。"
            ) % {
                "name": name,
                "due": self.due_on.isoformat(),
            }
        if self.kind == ReminderKind.REASSESSMENT:
            return _(
                "「%(name)s」は%(reason)sのため再評価が必要です。%(level)sの評価書を作成し、提出してください。"
            ) % {
                "name": name,
                "reason": self.assessment.get_reassessment_reason_display(),
                "level": self.assessment.get_level_display(),
            }
        if self.kind == ReminderKind.YEARLY_REVIEW:
            return _("「%(name)s」の評価書の見直し（年1回）の期限は %(due)s です。") % {
                "name": name,
                "due": self.due_on.isoformat(),
            }
        return _("「%(name)s」の評価書は %(due)s に公表から5年を迎えます。再評価を始めてください。") % {
            "name": name,
            "due": self.due_on.isoformat(),
        }


def reminders_due(*, on: dt.date | None = None, organization_ids: Any = None) -> list[Reminder]:
    """Reminders showing on ``on`` (today), for the given organisations or all (four queries)."""
    day = on or timezone.localdate()
    published = Assessment.objects.filter(state=State.PUBLISHED).select_related("affair", "organization")
    periods = CommentPeriod.objects.filter(assessment__state=State.COMMENT_OPEN).select_related(
        "assessment__affair", "assessment__organization"
    )
    prompted = Assessment.objects.filter(
        state__in=EDITABLE_STATES, reassessment_reason__in=PROMPTED_REASONS
    ).select_related("affair", "organization")
    if organization_ids is not None:
        published = published.filter(organization_id__in=organization_ids)
        periods = periods.filter(assessment__organization_id__in=organization_ids)
        prompted = prompted.filter(organization_id__in=organization_ids)
    redone = set(
        Assessment.objects.filter(previous__isnull=False)
        .exclude(state=State.WITHDRAWN)
        .values_list("previous_id", flat=True)
    )
    out: list[Reminder] = []
    for assessment in published:
        base = assessment.last_review_on or assessment.published_on
        if base is not None:
            due = add_years(base, REVIEW_INTERVAL_YEARS)
            if due - dt.timedelta(days=LEAD_DAYS[ReminderKind.YEARLY_REVIEW]) <= day:
                out.append(Reminder(assessment, ReminderKind.YEARLY_REVIEW, due))
        if assessment.published_on is not None and assessment.pk not in redone:
            due = add_years(assessment.published_on, REASSESSMENT_YEARS)
            if due - dt.timedelta(days=LEAD_DAYS[ReminderKind.FIVE_YEARS]) <= day:
                out.append(Reminder(assessment, ReminderKind.FIVE_YEARS, due))
    for period in periods:
        if period.ends_on - dt.timedelta(days=LEAD_DAYS[ReminderKind.COMMENT_ENDING]) <= day:
            out.append(Reminder(period.assessment, ReminderKind.COMMENT_ENDING, period.ends_on))
    for draft in prompted:
        opened = timezone.localdate(draft.created_at)
        if opened <= day:
            out.append(Reminder(draft, ReminderKind.REASSESSMENT, opened))
    return sorted(out, key=lambda r: (r.due_on, r.assessment.pk, r.kind))


@transaction.atomic
def reminders_send(*, on: dt.date | None = None) -> int:
    """Mail every due reminder not sent before to the organisation's members; returns how many were sent.

    A reminder none of whose members has an e-mail address is not recorded: it goes out on the
    first run after someone can receive it.
    """
    day = on or timezone.localdate()
    due = reminders_due(on=day)
    if not due:
        return 0
    sent = set(
        ReminderSent.objects.filter(assessment_id__in={r.assessment.pk for r in due}).values_list(
            "assessment_id", "kind", "due_on"
        )
    )
    pending = [r for r in due if (r.assessment.pk, r.kind, r.due_on) not in sent]
    if not pending:
        return 0
    recipients: dict[int, list[str]] = {}
    for organization_id, email in Membership.objects.filter(
        organization_id__in={r.assessment.organization_id for r in pending},
        role__in=(MembershipRole.OFFICER, MembershipRole.APPROVER),
        user__is_active=True,
    ).values_list("organization_id", "user__email"):
        if email:
            recipients.setdefault(organization_id, []).append(email)
    messages = []
    rows = []
    sent_now = []
    for reminder in pending:
        to = sorted(set(recipients.get(reminder.assessment.organization_id, [])))
        if not to:
            continue  # nobody to receive it: not sent, so the next run tries again
        subject = redact_my_numbers(f"[Hyōka] {reminder.label}: {reminder.assessment.affair.name}")
        messages.append((subject, redact_my_numbers(reminder.message()), settings.DEFAULT_FROM_EMAIL, to))
        rows.append(
            ReminderSent(
                assessment=reminder.assessment, kind=reminder.kind, due_on=reminder.due_on, recipients=len(to)
            )
        )
        sent_now.append(reminder)
    if not rows:
        return 0
    ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)
    record(
        "compliance.assessment.reminders_sent",
        actor=None,
        data={
            "on": day.isoformat(),
            "reminders": [[r.assessment.pk, r.kind, r.due_on.isoformat()] for r in sent_now],
            "waiting_for_a_recipient": len(pending) - len(sent_now),
        },
    )
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(rows)


def expired_periods(*, on: dt.date | None = None) -> list[int]:
    """Assessments whose public comment ended before ``on`` but is still open (the daily job closes them)."""
    day = on or timezone.localdate()
    return list(
        CommentPeriod.objects.filter(assessment__state=State.COMMENT_OPEN, ends_on__lt=day).values_list(
            "assessment_id", flat=True
        )
    )
