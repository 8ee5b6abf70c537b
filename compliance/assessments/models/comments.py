"""Public comment on a full assessment (国民・住民等からの意見の聴取, 番号法第28条第1項・規則第10条)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.assessments.models.assessment import Assessment
from compliance.law.procedure import MINIMUM_COMMENT_DAYS, comment_days_left
from compliance.lib.mynumber import validate_no_my_number

TEXT = [validate_no_my_number]


def period_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Days in the period, both ends counted (2026-04-01 to 2026-04-30 is 30 days)."""
    return (ends_on - starts_on).days + 1


class CommentPeriod(models.Model):
    """The period during which anyone may comment on the draft of a full assessment."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="comment_period")
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    shortened_reason = models.TextField(_("期間を短縮する特段の理由"), blank=True, validators=TEXT)
    method = models.TextField(_("方法"), blank=True, validators=TEXT)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("開始操作日時"), auto_now_add=True)
    closed_at = models.DateTimeField(_("終了操作日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("意見聴取期間")
        verbose_name_plural = _("意見聴取期間")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="assessments_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"

    @property
    def days(self) -> int:
        return period_days(self.starts_on, self.ends_on)

    @property
    def days_left(self) -> int:
        """「残り N 日」: days from today (Asia/Tokyo) to the end, both counted (1 on the last day)."""
        return comment_days_left(self.ends_on)

    @property
    def is_shortened(self) -> bool:
        return self.days < MINIMUM_COMMENT_DAYS

    def accepts_comments_on(self, day: dt.date) -> bool:
        return self.closed_at is None and self.starts_on <= day <= self.ends_on

    def has_ended_by(self, day: dt.date) -> bool:
        return day > self.ends_on


class CommentState(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    PUBLISHED = "published", _("公開")
    HIDDEN = "hidden", _("非表示（スパム等）")


class PublicComment(models.Model):
    """One opinion sent by anyone, without an account. Only its text is kept: no name, no address."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField(_("番号"))
    body = models.TextField(_("意見"), validators=TEXT)
    submitted_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    state = models.CharField(
        _("状態"), max_length=20, choices=CommentState.choices, default=CommentState.PENDING
    )
    hidden_reason = models.TextField(_("非表示の理由"), blank=True, validators=TEXT)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    reflection = models.TextField(_("評価書への反映"), blank=True, validators=TEXT)
    reflected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reflected_at = models.DateTimeField(_("反映の記録日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("意見")
        verbose_name_plural = _("意見")
        ordering = ["period_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="assessments_comment_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"
