"""Card specifications: cards, IC applications, data items and where each item sits (出入国在留管理庁資料「在留カード、マイナンバーカード及び特定在留カードの券面等記載事項」（資料4）)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.law.models.base import CatalogRecord


class Card(CatalogRecord):
    """A card (マイナンバーカード, 在留カード, 特定在留カード…)."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("カード")
        verbose_name_plural = _("カード")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_card_period")]

    def __str__(self) -> str:
        return self.name


class CardApplication(CatalogRecord):
    """An IC application or area (券面AP, JPKI-AP, 券面事項入力補助AP, 住基AP, 空き領域…)."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    cards = models.JSONField(_("搭載されるカード"), default=list, help_text=_("カードのキーの一覧"))
    #: the items the application holds; empty when the catalog does not say (then items are judged per card)
    items = models.JSONField(_("記録する事項"), default=list, blank=True, help_text=_("記載事項のキーの一覧"))

    class Meta(CatalogRecord.Meta):
        verbose_name = _("ICアプリケーション")
        verbose_name_plural = _("ICアプリケーション")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_cardapp_period")]

    def __str__(self) -> str:
        return self.name


class CardItem(CatalogRecord):
    """A data item (氏名, 個人番号, 在留資格…); ``needs_legal_basis``: reading it needs a legal basis."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    needs_legal_basis = models.BooleanField(_("読取りに法的根拠が必要"), default=False)
    description = models.TextField(_("説明"), blank=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("記載事項")
        verbose_name_plural = _("記載事項")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_carditem_period")]

    def __str__(self) -> str:
        return self.name


class Placement(models.TextChoices):
    FACE = "face", _("券面（表面）")
    BACK = "back", _("裏面")
    CHIP_ONLY = "chip_only", _("ICチップのみ")
    ABSENT = "absent", _("記載なし")


class CardItemPlacement(CatalogRecord):
    """Where an item sits on a card (face, back, chip only, absent) during a period."""

    card = models.CharField(_("カード"), max_length=200, db_index=True)
    item = models.CharField(_("記載事項"), max_length=200)
    where = models.CharField(_("記載場所"), max_length=20, choices=Placement.choices)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("記載場所")
        verbose_name_plural = _("記載場所")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_placement_period")]

    def __str__(self) -> str:
        return f"{self.card}/{self.item}: {self.where}"
