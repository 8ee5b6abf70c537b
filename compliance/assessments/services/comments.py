"""Opinions from anyone on a full assessment's draft, and the officer's moderation of them.

Anyone may comment without an account while the period runs (指針: 国民・住民等からの
意見の聴取). Only the text is kept — no name, no address: the sender's address is used
for the rate limit only, as a keyed hash in the cache, and never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.models import Assessment, CommentPeriod, CommentState, PublicComment
from compliance.assessments.services.common import require_role
from compliance.assessments.states import Role, State
from compliance.assessments.workflow import TransitionRefused, WorkflowError
from compliance.audit.services import record
from compliance.lib.actors import Actor
from compliance.lib.mynumber import validate_no_my_number

#: Longest opinion accepted (characters).
MAX_COMMENT_LENGTH = 4_000


def _rate() -> tuple[int, int]:
    """(comments, seconds) allowed per address: ``HYOKA_COMMENT_RATE = (5, 3600)`` by default."""
    limit, window = getattr(settings, "HYOKA_COMMENT_RATE", (5, 3600))
    return int(limit), int(window)


class RateLimited(WorkflowError):
    code = "rate_limited"


def _address_key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()
    return f"assessments:comment-rate:{digest}"


def _take_rate_slot(address: str) -> None:
    limit, window = _rate()
    key = _address_key(address)
    if cache.add(key, 1, timeout=window):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return
    if count > limit:
        raise RateLimited(
            _(
                "短時間に多くの意見が送られたため、受け付けを一時停止しています。しばらくしてから送ってください。"
            )
        )


def open_period(assessment: Assessment) -> CommentPeriod | None:
    """The period of an assessment that accepts comments today, or None."""
    if assessment.state != State.COMMENT_OPEN:
        return None
    period = CommentPeriod.objects.filter(assessment=assessment).first()
    if period is None or not period.accepts_comments_on(timezone.localdate()):
        return None
    return period


@transaction.atomic
def public_comment_submit(
    *, assessment: Assessment, body: str, address: str, honeypot: str = ""
) -> PublicComment | None:
    """Receive one opinion. ``honeypot`` is a field people never see: a robot that fills it is
    answered as if accepted, and nothing is stored."""
    if honeypot:
        return None
    body = (body or "").strip().replace("\r\n", "\n")
    if not body:
        raise ValidationError({"body": _("意見を入力してください。")})
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"body": _("意見は%(limit)s字以内で入力してください。") % {"limit": MAX_COMMENT_LENGTH}}
        )
    try:
        validate_no_my_number(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None
    period = open_period(assessment)
    if period is None:
        raise TransitionRefused(_("この評価書は現在、意見を募集していません。"), code="state")
    period = CommentPeriod.objects.select_for_update().get(pk=period.pk)
    _take_rate_slot(address)
    number = (PublicComment.objects.filter(period=period).aggregate(n=Max("number"))["n"] or 0) + 1
    comment = PublicComment.objects.create(period=period, number=number, body=body)
    record(
        "compliance.public_comment.received",
        actor=None,
        target=assessment,
        data={"comment": number, "length": len(body)},
    )
    return comment


def _moderatable(comment: PublicComment, acting_user: Actor) -> PublicComment:
    row = (
        PublicComment.objects.select_for_update()
        .select_related("period__assessment__organization")
        .get(pk=comment.pk)
    )
    assessment = row.period.assessment
    require_role(acting_user, assessment, Role.OFFICER, _("意見を確認できるのは、その機関の担当者です。"))
    if assessment.state not in (State.COMMENT_OPEN, State.COMMENT_CLOSED):
        raise TransitionRefused(
            _("意見の確認と反映の記録は、提出前（意見聴取中・終了後）に行います。"), code="state"
        )
    return row


@transaction.atomic
def public_comment_moderate(
    *, comment: PublicComment, action: str, acting_user: Actor, reason: str = ""
) -> PublicComment:
    """Publish an opinion, or hide it (spam, abuse, personal data) with the reason recorded."""
    row = _moderatable(comment, acting_user)
    reason = (reason or "").strip()
    if action == "publish":
        row.state, row.hidden_reason = CommentState.PUBLISHED, ""
    elif action == "hide":
        if not reason:
            raise ValidationError({"reason": _("非表示にする理由を入力してください。")})
        try:
            validate_no_my_number(reason)
        except ValidationError as error:
            raise ValidationError({"reason": error.messages}) from None
        row.state, row.hidden_reason = CommentState.HIDDEN, reason[:2_000]
    else:
        raise ValidationError({"action": _("「公開」か「非表示」を選んでください。")})
    row.moderated_by, row.moderated_at = acting_user, timezone.now()
    row.save(update_fields=["state", "hidden_reason", "moderated_by", "moderated_at"])
    record(
        f"compliance.public_comment.{'published' if action == 'publish' else 'hidden'}",
        actor=acting_user,
        target=row.period.assessment,
        data={"comment": row.number, "reason": row.hidden_reason},
    )
    return row


@transaction.atomic
def public_comment_reflect(*, comment: PublicComment, reflection: str, acting_user: Actor) -> PublicComment:
    """Record how a published opinion was reflected in the assessment (評価書への反映)."""
    row = _moderatable(comment, acting_user)
    if row.state != CommentState.PUBLISHED:
        raise TransitionRefused(_("反映の記録は公開した意見について行います。"), code="state")
    reflection = (reflection or "").strip()
    if not reflection:
        raise ValidationError({"reflection": _("反映の内容を入力してください（反映しない場合はその理由）。")})
    if len(reflection) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"reflection": _("%(limit)s字以内で入力してください。") % {"limit": MAX_COMMENT_LENGTH}}
        )
    try:
        validate_no_my_number(reflection)
    except ValidationError as error:
        raise ValidationError({"reflection": error.messages}) from None
    row.reflection, row.reflected_by, row.reflected_at = reflection, acting_user, timezone.now()
    row.save(update_fields=["reflection", "reflected_by", "reflected_at"])
    record(
        "compliance.public_comment.reflected",
        actor=acting_user,
        target=row.period.assessment,
        data={"comment": row.number, "length": len(reflection)},
    )
    return row
