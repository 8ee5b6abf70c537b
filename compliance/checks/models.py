"""Live findings: what the engine last said about an organisation's registry, and the officer's answer.

The engine (:func:`compliance.checks.engine.evaluate`) is a pure function; this table
remembers its output between runs so an officer can answer each finding — *fixed*
(the next check must confirm it is gone) or *justified* with a written reason the
commission's reviewer will read — and so a finding that comes back after it was
resolved is reopened instead of silently reappearing as new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.lib.mynumber import validate_no_my_number


class Severity(models.TextChoices):
    VIOLATION = "violation", _("違反")
    WARNING = "warning", _("警告")
    NOTICE = "notice", _("注意")


class FindingState(models.TextChoices):
    OPEN = "open", _("未対応")
    FIXED = "fixed", _("是正済み（確認待ち）")
    JUSTIFIED = "justified", _("理由を説明済み")
    RESOLVED = "resolved", _("解消")


class FindingAnswer(models.TextChoices):
    FIXED = FindingState.FIXED.value, FindingState.FIXED.label
    JUSTIFIED = FindingState.JUSTIFIED.value, FindingState.JUSTIFIED.label


class StoredFinding(models.Model):
    """One (rule, subject) finding of one organisation (指摘事項), kept across re-checks."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("評価実施機関")
    )
    rule = models.CharField(_("ルール"), max_length=60)
    subject = models.CharField(_("対象"), max_length=260)
    severity = models.CharField(_("重大度"), max_length=20, choices=Severity.choices)
    citation = models.CharField(_("根拠条文"), max_length=300, blank=True)
    message_ja = models.TextField(_("内容"))
    message_en = models.TextField(_("内容（英語）"), blank=True)
    first_seen = models.DateTimeField(_("初回検出"))
    last_seen = models.DateTimeField(_("最終検出"))
    resolved_at = models.DateTimeField(_("解消日時"), null=True, blank=True)
    state = models.CharField(
        _("状態"), max_length=20, choices=FindingState.choices, default=FindingState.OPEN
    )
    justification = models.TextField(_("理由"), blank=True, validators=[validate_no_my_number])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    reopened_count = models.PositiveIntegerField(_("再発回数"), default=0)

    class Meta:
        verbose_name = _("指摘事項")
        verbose_name_plural = _("指摘事項")
        constraints = [
            models.UniqueConstraint(fields=["organization", "rule", "subject"], name="checks_finding_unique")
        ]
        indexes = [models.Index(fields=["organization", "state"], name="checks_finding_org_state")]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"

    @property
    def is_active(self) -> bool:
        """Still reported by the last check (whatever the officer answered)."""
        return self.state != FindingState.RESOLVED

    @property
    def subject_collection(self) -> str:
        return self.subject.split("/", 1)[0]

    @property
    def subject_ref(self) -> str:
        return self.subject.split("/", 1)[1] if "/" in self.subject else ""
