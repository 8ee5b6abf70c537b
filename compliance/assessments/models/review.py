"""The commission's review (委員会の審査): comments anchored to a section or item, and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.assessments.models.assessment import Assessment
from compliance.assessments.models.versions import AssessmentVersion
from compliance.lib.mynumber import validate_no_my_number

TEXT = [validate_no_my_number]


class ReviewComment(models.Model):
    """A remark on one section or item of one form; officers answer in a reply (``parent``)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="review_comments")
    version = models.ForeignKey(
        AssessmentVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_commission = models.BooleanField(_("委員会から"), default=False)
    form = models.CharField(_("様式"), max_length=10, blank=True)
    section_key = models.CharField(_("節"), max_length=100, blank=True)
    item_key = models.CharField(_("項目"), max_length=100, blank=True)
    body = models.TextField(_("内容"), validators=TEXT)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("審査コメント")
        verbose_name_plural = _("審査コメント")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.form}/{self.section_key}/{self.item_key}"

    @property
    def anchor(self) -> str:
        """The HTML id of the item or section it is about (``basic-affair_name``)."""
        if not self.form:
            return ""
        return f"{self.form}-{self.item_key}" if self.item_key else f"{self.form}-section-{self.section_key}"


class DecisionKind(models.TextChoices):
    START_REVIEW = "start_review", _("審査開始")
    REQUEST_CHANGES = "request_changes", _("修正依頼")
    ACCEPT = "accept", _("受理")
    APPROVE = "approve", _("承認")
    PUBLISH = "publish", _("公表")


class Decision(models.Model):
    """One decision of the commission, with its reasons, about the version under review."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(AssessmentVersion, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(_("判断"), max_length=30, choices=DecisionKind.choices)
    reasons = models.TextField(_("理由"), blank=True, validators=TEXT)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("審査の判断")
        verbose_name_plural = _("審査の判断")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.kind}"


class ReminderKind(models.TextChoices):
    YEARLY_REVIEW = "yearly_review", _("年1回の見直し")
    FIVE_YEARS = "five_years", _("5年以内の再評価")
    COMMENT_ENDING = "comment_ending", _("意見聴取期間の終了")
    REASSESSMENT = "reassessment", _("再評価の実施")


class ReminderSent(models.Model):
    """A reminder e-mail already sent, so the daily run never sends the same one twice."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("種類"), max_length=30, choices=ReminderKind.choices)
    due_on = models.DateField(_("期限"))
    sent_at = models.DateTimeField(_("送信日時"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("宛先の数"), default=0)

    class Meta:
        verbose_name = _("送信済みの通知")
        verbose_name_plural = _("送信済みの通知")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "due_on"], name="assessments_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.kind} {self.due_on}"
