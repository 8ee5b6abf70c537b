"""What every catalog record shares: a stable key, an effective period, a source and a verified flag.

The law is data with dates (docs/domain.md §7.1, step 1). A record is in force on
day D when ``in_force_from <= D`` and (``in_force_until`` is null or ``D < in_force_until``):
``in_force_until`` is the first day the record no longer applies, so consecutive
periods meet without a gap or an overlap.

Nothing is overwritten by an amendment: a record's identity is its ``key``, and one key
may have several *period rows* (one per version of the law), which never overlap.
References between records (a permission's requester row, a category name) therefore
stay valid across amendments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    """Where a period row came from; ``load_catalog`` only upserts rows that came from the files."""

    FIXTURE = "fixture", _("カタログファイル")
    AMENDMENT = "amendment", _("改正（変更セット）")
    EGOV = "egov", _("e-Gov法令XML")
    ADMIN = "admin", _("管理画面")


class ChangeSetKind(models.TextChoices):
    LOAD = "load", _("カタログファイルの読込み")
    AMENDMENT = "amendment", _("改正の適用")
    EGOV = "egov", _("e-Gov法令XMLの取込み")
    CORRECTION = "correction", _("管理画面での訂正")


class ChangeSet(models.Model):
    """One write to the catalog (改正の適用記録): a file load, an amendment, an e-Gov import or a correction.

    Period rows point at the change set that started them and the one that ended them, so
    the history of the law can be told without reading the audit log.
    """

    kind = models.CharField(_("種類"), max_length=20, choices=ChangeSetKind.choices)
    effective_on = models.DateField(_("施行日"), null=True, blank=True)
    source = models.TextField(_("出典"), blank=True)
    label = models.CharField(_("ファイル"), max_length=300, blank=True)
    summary = models.JSONField(_("内容"), default=dict)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("カタログ変更記録")
        verbose_name_plural = _("カタログ変更記録")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        when = self.effective_on.isoformat() if self.effective_on else ""
        return f"{self.get_kind_display()} {when} {self.label}".strip()


class CatalogQuerySet(models.QuerySet[Any]):
    """Named conditions on effective periods."""

    def in_force(self, *, on: dt.date) -> Self:
        """Period rows in force on ``on`` (``in_force_from <= on < in_force_until``)."""
        return self.filter(
            Q(in_force_from__lte=on), Q(in_force_until__isnull=True) | Q(in_force_until__gt=on)
        )

    def overlapping(self, *, start: dt.date, until: dt.date | None) -> Self:
        """Period rows whose period shares at least one day with ``[start, until)``."""
        qs = self.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gt=start))
        if until is not None:
            qs = qs.filter(in_force_from__lt=until)
        return qs

    def in_force_on_either(self, first: dt.date, second: dt.date) -> Self:
        """Period rows in force on ``first`` or on ``second`` (what a diff between two dates reads)."""
        return self.filter(
            Q(in_force_from__lte=first, in_force_until__isnull=True)
            | Q(in_force_from__lte=first, in_force_until__gt=first)
            | Q(in_force_from__lte=second, in_force_until__isnull=True)
            | Q(in_force_from__lte=second, in_force_until__gt=second)
        )


class CatalogRecord(models.Model):
    """Abstract base of every catalog table: key, period, source, verified, provenance."""

    key = models.CharField(_("キー"), max_length=200, db_index=True)
    in_force_from = models.DateField(_("施行日"))
    in_force_until = models.DateField(
        _("失効日"), null=True, blank=True, help_text=_("効力を失う最初の日。空欄は現在も有効。")
    )
    source = models.TextField(_("出典"), blank=True)
    verified = models.BooleanField(_("原文確認済み"), default=False)
    notes = models.TextField(_("備考"), blank=True)
    origin = models.CharField(_("由来"), max_length=20, choices=Origin.choices, default=Origin.FIXTURE)
    position = models.PositiveIntegerField(_("表示順"), default=0)
    started_by = models.ForeignKey(
        ChangeSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("開始した変更"),
    )
    ended_by = models.ForeignKey(
        ChangeSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("終了した変更"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "key", "in_force_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "in_force_from"], name="%(app_label)s_%(class)s_key_period"
            ),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gt=models.F("in_force_from")),
                name="%(app_label)s_%(class)s_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)
