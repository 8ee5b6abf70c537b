"""Notifications of the procedure's steps (お知らせ): one row per recipient and event.

The row is what makes a notification happen exactly once: the unique constraint on
(recipient, assessment, kind, event) refuses a second row for the same step, and the
e-mail is sent only for rows that were written (on commit). The dashboard lists the rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.assessments.models.assessment import Assessment


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("提出がありました")
    RESUBMITTED = "resubmitted", _("再提出がありました")
    CHANGES_REQUESTED = "changes_requested", _("修正依頼")
    ACCEPTED = "accepted", _("受理されました")
    APPROVED = "approved", _("承認されました")
    PUBLISHED = "published", _("公表されました")
    REASSESSMENT_OPENED = "reassessment_opened", _("再評価の開始")
    LEVEL_RAISED = "level_raised", _("評価の種類の引上げ")


class Notification(models.Model):
    """One step of one assessment told to one person (お知らせ), on the dashboard and by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("種類"), max_length=30, choices=NotificationKind.choices)
    #: The assessment's update number right after the step: one value per step of one assessment.
    event = models.PositiveIntegerField(_("更新番号"))
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    emailed = models.BooleanField(_("メールで送信"), default=False)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "assessment", "kind", "event"], name="assessments_notification_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="assessments_notif_recent")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.assessment_id}#{self.event}"

    @property
    def message(self) -> str:
        # Imported on use: the wording module imports these models.
        from compliance.assessments.notifications import notification_message

        return notification_message(self.kind, self.assessment)
