"""Frozen versions of an assessment: what was submitted or published, byte for byte.

A version is written once and never changes (docs/domain.md §7.1, step 6): the
document is canonical JSON (sorted keys, no insignificant white space, UTF-8) and its
SHA-256 is stored beside it, so anyone can recompute the hash from the text. Every
path that could change a row refuses: ``save()`` of an existing row, ``delete()``,
and the queryset's ``update()``, ``delete()`` and ``bulk_update()``. On PostgreSQL a
trigger refuses UPDATE and DELETE as well (migration 0002).
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from compliance.assessments.models.assessment import Assessment


class FrozenVersionError(Exception):
    """Raised on any attempt to change or delete a frozen version."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or str(_("凍結された版は変更も削除もできません。")))


def canonical_json(document: dict[str, Any]) -> str:
    """The one text of ``document`` whose SHA-256 identifies the version."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class FrozenQuerySet(models.QuerySet["AssessmentVersion"]):
    """Reads and inserts only."""

    def update(self, **kwargs: Any) -> int:
        raise FrozenVersionError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise FrozenVersionError()

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise FrozenVersionError()

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenVersionError()

    def without_document(self) -> FrozenQuerySet:
        """Lists never need the (large) document."""
        return self.defer("document")


class VersionKind(models.TextChoices):
    SUBMISSION = "submission", _("提出")
    RESUBMISSION = "resubmission", _("再提出")
    PUBLICATION = "publication", _("公表")


class AssessmentVersion(models.Model):
    """One frozen version (版) of an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版"))
    kind = models.CharField(_("種類"), max_length=20, choices=VersionKind.choices)
    document = models.TextField(_("内容（正規化JSON）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("凍結日時"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("評価書の版")
        verbose_name_plural = _("評価書の版")
        ordering = ["assessment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="assessments_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenVersionError()
        if sha256_of(self.document) != self.sha256:
            raise FrozenVersionError(str(_("版の内容とハッシュが一致しません。")))
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("assessments:version", kwargs={"pk": self.assessment_id, "number": self.number})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenVersionError()

    @cached_property
    def data(self) -> dict[str, Any]:
        """The document as Python data (read-only by convention: it is parsed afresh per instance)."""
        return json.loads(self.document)

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    def hash_is_intact(self) -> bool:
        return sha256_of(self.document) == self.sha256
