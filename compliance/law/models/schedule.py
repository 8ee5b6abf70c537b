"""Statutes, the Article 9(1) schedule (別表), quasi-statutory affairs, Article 19 items, information categories."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compliance.law.models.base import CatalogQuerySet, CatalogRecord
from compliance.lib.vocabulary import Body


class StatuteKind(models.TextChoices):
    LAW = "law", _("法律")
    CABINET_ORDER = "cabinet_order", _("政令")
    MINISTERIAL_ORDINANCE = "ministerial_ordinance", _("省令")
    PPC_RULE = "ppc_rule", _("個人情報保護委員会規則")


class Statute(CatalogRecord):
    """A law, order or rule the catalog cites (法令). Schedule rows refer to it by ``name``."""

    name = models.CharField(_("法令名"), max_length=300, db_index=True)
    number = models.CharField(_("法令番号"), max_length=100, blank=True)
    egov_law_id = models.CharField(_("e-Gov法令ID"), max_length=40, blank=True)
    kind = models.CharField(
        _("法令の種類"), max_length=30, choices=StatuteKind.choices, default=StatuteKind.LAW
    )

    class Meta(CatalogRecord.Meta):
        verbose_name = _("法令")
        verbose_name_plural = _("法令")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_statute_period")]

    def __str__(self) -> str:
        return self.name


class Field(models.TextChoices):
    """The field (分野) of a schedule row; the 2023 amendment added the last three named ones."""

    SOCIAL_SECURITY = "social_security", _("社会保障")
    TAX = "tax", _("税")
    DISASTER = "disaster", _("災害対策")
    NATIONAL_QUALIFICATION = "national_qualification", _("国家資格")
    RESIDENCE = "residence", _("在留資格")
    VEHICLE = "vehicle", _("自動車登録")
    OTHER = "other", _("その他")


class RowKind(models.TextChoices):
    SCHEDULE = "schedule", _("別表（法定事務）")  # 番号法第9条第1項・別表
    QUASI = "quasi", _("準法定事務")  # 番号法第9条第1項（令和5年改正）・主務省令


class ScheduleRowQuerySet(CatalogQuerySet):
    def schedule(self) -> ScheduleRowQuerySet:
        return self.filter(kind=RowKind.SCHEDULE)

    def quasi(self) -> ScheduleRowQuerySet:
        return self.filter(kind=RowKind.QUASI)

    def for_body(self, *, body: str, kind: str | None = None) -> ScheduleRowQuerySet:
        """Rows naming ``body`` (and covering organisation ``kind`` when given), via the indexed body table."""
        bodies = ScheduleRowBody.objects.filter(body=body)
        if kind:
            bodies = bodies.filter(kinds_q(kind))
        return self.filter(pk__in=bodies.values("row_id"))


def kinds_q(kind: str, field: str = "kinds") -> Q:
    """Match one organisation kind in a comma-separated ``kinds`` column (portable: no JSON lookups on SQLite)."""
    return (
        Q(**{field: kind})
        | Q(**{f"{field}__startswith": f"{kind},"})
        | Q(**{f"{field}__endswith": f",{kind}"})
        | Q(**{f"{field}__contains": f",{kind},"})
    )


class ScheduleRow(CatalogRecord):
    """A row of the Article 9(1) schedule (別表第一 / 別表) or a quasi-statutory affair (準法定事務).

    Both kinds share one table and one key space, so a key names exactly one affair of one kind.
    """

    kind = models.CharField(_("種類"), max_length=20, choices=RowKind.choices, default=RowKind.SCHEDULE)
    row_number = models.CharField(_("項"), max_length=20, blank=True)
    statute = models.CharField(_("根拠法令"), max_length=300, help_text=_("別表に書かれた法令名"))
    affair = models.TextField(_("事務（下欄）"))
    field = models.CharField(_("分野"), max_length=30, choices=Field.choices, default=Field.OTHER)
    ordinance_ref = models.TextField(_("主務省令"), blank=True)
    resident_register = models.BooleanField(_("住民基本台帳関係事務"), default=False)
    related_row = models.CharField(
        _("関連する別表の項"), max_length=200, blank=True, help_text=_("準法定事務が準ずる別表の項のキー")
    )

    objects = ScheduleRowQuerySet.as_manager()  # type: ignore[misc]

    class Meta(CatalogRecord.Meta):
        verbose_name = _("別表の項・準法定事務")
        verbose_name_plural = _("別表の項・準法定事務")
        indexes = [
            models.Index(fields=["in_force_from", "in_force_until"], name="law_row_period"),
            models.Index(fields=["statute", "in_force_from"], name="law_row_statute"),
            models.Index(fields=["kind", "field"], name="law_row_kind_field"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.statute}"


class BodyReference(models.Model):
    """A body as the law names it (e.g. 市町村長) mapped to organisation kinds and body (docs/domain.md §5)."""

    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("機関（法令上の表記）"), max_length=200)
    kinds = models.CharField(_("団体の種別"), max_length=200, help_text=_("カンマ区切り"))
    body = models.CharField(_("機関"), max_length=30, choices=Body.choices)
    #: Set for a body that performs part of the affair by law (第9条第1項「法令の規定により…事務の
    #: 全部又は一部を行うこととされている者」): the statute and article that delegate it.
    delegated_by = models.CharField(_("委任・事務の一部を行わせる法令"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def kind_list(self) -> list[str]:
        return [k for k in self.kinds.split(",") if k]


class ScheduleRowBody(BodyReference):
    """A body named in a schedule row's 上欄 (or designated for a quasi affair)."""

    row = models.ForeignKey(ScheduleRow, on_delete=models.CASCADE, related_name="bodies")

    class Meta(BodyReference.Meta):
        verbose_name = _("別表の機関")
        verbose_name_plural = _("別表の機関")
        indexes = [models.Index(fields=["body", "row"], name="law_rowbody_body")]


class Article19Item(CatalogRecord):
    """An item of Article 19 (提供の制限の例外). The same meaning carries different numbers over time:
    ``ground`` is the stable name of the meaning (``network``, ``intra_government`` …), ``item`` its
    number in the period of this row."""

    ground = models.CharField(_("提供の根拠（安定した名前）"), max_length=40, blank=True, db_index=True)
    item = models.CharField(_("号"), max_length=20)
    title = models.CharField(_("見出し"), max_length=300, blank=True)
    meaning = models.TextField(_("内容"), blank=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("第19条の号")
        verbose_name_plural = _("第19条の号")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_art19_period")]

    def __str__(self) -> str:
        return f"19({self.item}) {self.title}"


class InformationCategory(CatalogRecord):
    """An information category (特定個人情報の種類), e.g. 地方税関係情報. Referenced by ``name``."""

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    #: other names for the same information (the source documents' names, e.g. 雇用保険関係情報 for the
    #: statutory 失業等給付関係情報); declarations may use either
    aliases = models.JSONField(_("別名"), default=list, blank=True)
    description = models.TextField(_("説明"), blank=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("情報の種類")
        verbose_name_plural = _("情報の種類")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_category_period")]

    def __str__(self) -> str:
        return self.name
