"""Rendered documents: one file per (version hash, variant, format), rendered once.

A frozen version never changes (its SHA-256 names its content), so a document rendered
from it never goes stale: it is stored once and served again. The unique constraint on
(version hash, variant, format) is what makes a re-run task (a killed worker, acks late)
find the row it must finish instead of making a second one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.assessments.models import AssessmentVersion


class Variant(models.TextChoices):
    FULL = "full", _("委員会提出用（非公開項目を含む）")
    PUBLIC = "public", _("公表用")


class Format(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word (.docx)")


class RenderState(models.TextChoices):
    PENDING = "pending", _("待機中")
    RUNNING = "running", _("作成中")
    DONE = "done", _("完成")
    FAILED = "failed", _("失敗")


class RenderedDocumentQuerySet(models.QuerySet["RenderedDocument"]):
    def without_content(self) -> RenderedDocumentQuerySet:
        """Status pages never need the file itself."""
        return self.defer("content")


class RenderedDocument(models.Model):
    """A PDF or Word file of one frozen version (評価書の出力ファイル)."""

    version = models.ForeignKey(AssessmentVersion, on_delete=models.PROTECT, related_name="documents")
    version_sha256 = models.CharField(_("版のSHA-256"), max_length=64)
    variant = models.CharField(_("種別"), max_length=10, choices=Variant.choices)
    format = models.CharField(_("形式"), max_length=10, choices=Format.choices)
    state = models.CharField(
        _("状態"), max_length=10, choices=RenderState.choices, default=RenderState.PENDING
    )
    content = models.BinaryField(_("内容"), null=True, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("サイズ"), default=0)
    content_sha256 = models.CharField(_("内容のSHA-256"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("試行回数"), default=0)
    error = models.TextField(_("エラー"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    objects = RenderedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("出力ファイル")
        verbose_name_plural = _("出力ファイル")
        constraints = [
            models.UniqueConstraint(
                fields=["version_sha256", "variant", "format"],
                name="documents_one_file_per_version_variant_format",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.variant} {self.format} ({self.state})"

    @property
    def is_ready(self) -> bool:
        return self.state == RenderState.DONE

    @property
    def in_progress(self) -> bool:
        return self.state in (RenderState.PENDING, RenderState.RUNNING)

    @property
    def filename(self) -> str:
        """ASCII-safe download name: assessment, version, variant (the title goes in the document)."""
        return f"hyoka-assessment-{self.version.assessment_id}-v{self.version.number}-{self.variant}.{self.format}"
