"""Live findings: what the engine last said about an organisation's registry, and the officer's answer.

The engine (:func:`compliance.checks.engine.evaluate`) is a pure function; this table
remembers its output between runs so an officer can answer each finding — *fixed*
(the next check must confirm it is gone) or *justified* with a written reason the
commission's reviewer will read — and so a finding that comes back after it was
resolved is reopened instead of silently reappearing as new.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.checks.findings import Finding
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

    @classmethod
    def of(cls, finding: Finding, **fields: Any) -> StoredFinding:
        """A row (unsaved) holding what the engine said of ``finding``, with ``fields`` besides."""
        return cls(
            rule=finding.rule,
            subject=finding.subject,
            severity=finding.severity,
            citation=finding.citation,
            message_ja=finding.message_ja,
            message_en=finding.message_en,
            **fields,
        )

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


class CatalogDependency(models.Model):
    """One lookup of the law an organisation's last check made (see :mod:`compliance.checks.dependencies`).

    Rewritten by every re-check; an amendment re-checks the organisations whose tokens it answers.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("評価実施機関")
    )
    token = models.CharField(_("参照"), max_length=300)

    class Meta:
        verbose_name = _("法令の参照")
        verbose_name_plural = _("法令の参照")
        constraints = [
            models.UniqueConstraint(fields=["organization", "token"], name="checks_dependency_unique")
        ]
        indexes = [models.Index(fields=["token"], name="checks_dependency_token")]

    def __str__(self) -> str:
        return self.token


class RecheckState(models.TextChoices):
    PENDING = "pending", _("待機中")
    RUNNING = "running", _("再点検中")
    DONE = "done", _("完了")


class CatalogRecheck(models.Model):
    """The re-check an amendment of the catalog caused (法令改正の影響の点検), and its progress.

    One per change set: the lookups the change answers (``tokens``), the date the findings were
    stored for, how many organisations depend on it and how many were re-checked.
    """

    change_set = models.OneToOneField(
        "law.ChangeSet", on_delete=models.CASCADE, related_name="recheck", verbose_name=_("カタログ変更記録")
    )
    tokens = models.JSONField(_("変更された参照"), default=list)
    as_of = models.DateField(_("点検基準日"))
    state = models.CharField(
        _("状態"), max_length=20, choices=RecheckState.choices, default=RecheckState.PENDING
    )
    organizations_total = models.PositiveIntegerField(_("対象機関数"), default=0)
    organizations_checked = models.PositiveIntegerField(_("点検済み機関数"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("法令改正の影響の点検")
        verbose_name_plural = _("法令改正の影響の点検")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.change_set)


class CatalogImpact(models.Model):
    """What one amendment changed in one organisation's stored findings (``RULE subject`` labels)."""

    recheck = models.ForeignKey(CatalogRecheck, on_delete=models.CASCADE, related_name="impacts")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("評価実施機関")
    )
    opened = models.JSONField(_("新たな指摘"), default=list)
    reopened = models.JSONField(_("再発した指摘"), default=list)
    resolved = models.JSONField(_("解消した指摘"), default=list)
    checked_at = models.DateTimeField(_("点検日時"))

    class Meta:
        verbose_name = _("法令改正の影響")
        verbose_name_plural = _("法令改正の影響")
        constraints = [
            models.UniqueConstraint(fields=["recheck", "organization"], name="checks_impact_unique")
        ]
        ordering = ["organization__code", "id"]

    def __str__(self) -> str:
        return f"{self.recheck_id} {self.organization_id}"

    @property
    def gained(self) -> list[str]:
        return [*self.opened, *self.reopened]
