"""Telling people that an assessment moved (お知らせ): the procedure's steps, by e-mail and on the dashboard.

Who is told what:

- a submission or resubmission goes to the commission's review queue: the assigned
  reviewer when there is one, else every active reviewer;
- a change request, an acceptance, an approval and a publication go to the submitting
  body's officers and approvers; so does a re-assessment the system opens or raises.

:func:`notify` runs inside the service's transaction, after the state moved: it writes
one :class:`~compliance.assessments.models.Notification` per recipient and step (a unique
constraint makes a second call a no-op), one audit event, and mails the new rows on
commit through Django's e-mail backend. Users choose no language in their account, so
each mail carries the Japanese text first and the English one below it, as the password
reset does; the dashboard shows the message in the page's language. No message holds a
My Number: the texts are names the registry already refused one in, redacted again here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from compliance.accounts.models import CommissionRole, Membership, MembershipRole, User
from compliance.assessments.models import Assessment, Notification, NotificationKind
from compliance.audit.services import record
from compliance.lib.actors import Actor
from compliance.lib.mynumber import redact_my_numbers

#: How many notifications a dashboard lists (the latest first).
DASHBOARD_LIMIT = 10

_TO_THE_COMMISSION = {NotificationKind.SUBMITTED, NotificationKind.RESUBMITTED}


def notification_message(kind: str, assessment: Assessment) -> str:
    """The sentence of one notification, in the active language."""
    organization = assessment.organization
    english = translation.get_language() == "en" and organization.name_en
    values = {
        "organization": organization.name_en if english else organization.name,
        "affair": assessment.affair.name,
        "level": assessment.get_level_display(),
        "reason": assessment.get_reassessment_reason_display(),
    }
    if kind == NotificationKind.SUBMITTED:
        text = _("%(organization)sが「%(affair)s」の%(level)sを提出しました。審査を始めてください。")
    elif kind == NotificationKind.RESUBMITTED:
        text = _("%(organization)sが「%(affair)s」の%(level)sを修正して再提出しました。")
    elif kind == NotificationKind.CHANGES_REQUESTED:
        text = _(
            "委員会が「%(affair)s」の%(level)sの修正を依頼しました。理由を確認し、修正して再提出してください。"
        )
    elif kind == NotificationKind.ACCEPTED:
        text = _("委員会が「%(affair)s」の%(level)sを受理しました。")
    elif kind == NotificationKind.APPROVED:
        text = _("委員会が「%(affair)s」の%(level)sを承認しました。")
    elif kind == NotificationKind.PUBLISHED:
        text = _("「%(affair)s」の%(level)sが公表されました。")
    elif kind == NotificationKind.REASSESSMENT_OPENED:
        text = _(
            "「%(affair)s」の再評価（%(reason)s）が必要になったため、%(level)sの作成中の評価書を用意しました。"
        )
    else:
        text = _(
            "「%(affair)s」のしきい値判断の結果が変わったため、作成中の評価書を%(level)sに引き上げました。"
        )
    return redact_my_numbers(text % values)


def _recipients(assessment: Assessment, kind: str) -> QuerySet[User]:
    users = User.objects.filter(is_active=True)
    if kind in _TO_THE_COMMISSION:
        reviewer = assessment.assigned_reviewer_id
        if (
            reviewer is not None
            and users.filter(pk=reviewer, commission_role=CommissionRole.REVIEWER).exists()
        ):
            return users.filter(pk=reviewer)
        return users.filter(commission_role=CommissionRole.REVIEWER)
    members = Membership.objects.filter(
        organization_id=assessment.organization_id,
        role__in=(MembershipRole.OFFICER, MembershipRole.APPROVER),
    ).values("user_id")
    return users.filter(pk__in=members)


def _bilingual(build: Any) -> str:
    with translation.override("ja"):
        japanese = build()
    with translation.override("en"):
        english = build()
    return f"{japanese}\n\n{'-' * 70}\n{english}"


def _mail(kind: str, assessment: Assessment) -> tuple[str, str]:
    link = f"{settings.HYOKA_PUBLIC_ORIGIN}{assessment.get_absolute_url()}"
    affair = redact_my_numbers(assessment.affair.name)

    def subject() -> str:
        return str(NotificationKind(kind).label)

    def body() -> str:
        return "\n\n".join(
            [
                notification_message(kind, assessment),
                _("評価書を開く: %(link)s") % {"link": link},
                _("このメールは %(site)s から自動で送信しています。") % {"site": settings.HYOKA_SITE_NAME},
            ]
        )

    with translation.override("ja"):
        japanese = subject()
    with translation.override("en"):
        english = subject()
    return f"[Hyōka] {japanese} / {english}: {affair}", _bilingual(body)


def notify(*, assessment: Assessment, kind: str, acting_user: Actor) -> list[Notification]:
    """Tell the people concerned that ``assessment`` took step ``kind`` (once per person and step).

    Runs in the caller's transaction, after the step was written; the mail leaves on commit.
    The acting user is not told about their own act.
    """
    event = assessment.version
    recipients = _recipients(assessment, kind)
    if acting_user is not None and getattr(acting_user, "pk", None) is not None:
        recipients = recipients.exclude(pk=acting_user.pk)
    already = set(
        Notification.objects.filter(assessment=assessment, kind=kind, event=event).values_list(
            "recipient_id", flat=True
        )
    )
    people = [user for user in recipients.only("pk", "email").order_by("pk") if user.pk not in already]
    if not people:
        return []
    rows = [
        Notification(recipient=user, assessment=assessment, kind=kind, event=event, emailed=bool(user.email))
        for user in people
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    addresses = sorted({user.email for user in people if user.email})
    record(
        "compliance.assessment.notified",
        actor=acting_user,
        target=assessment,
        data={
            "kind": kind,
            "event": event,
            "recipients": [user.pk for user in people],
            "emailed": len(addresses),
        },
    )
    if addresses:
        subject, body = _mail(kind, assessment)
        # One message per address: recipients never see each other's addresses. ``robust``: a mail
        # server that fails is logged and never turns the committed step into an error page (the
        # dashboard still lists the notification).
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False), robust=True)
    return rows


def notification_list_for(*, user: Any, limit: int = DASHBOARD_LIMIT) -> list[Notification]:
    """The user's latest notifications, with what their messages and links need (one query)."""
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("assessment__affair", "assessment__organization")
        .order_by("-created_at", "-id")[:limit]
    )
