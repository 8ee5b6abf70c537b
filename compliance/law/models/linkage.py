"""Article 19(8) linkage permissions, 19(9) ordinance-linkage limits and the 9(2) scope rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.law.models.base import CatalogRecord
from compliance.law.models.schedule import BodyReference
from compliance.lib.vocabulary import OrdinanceField


class LinkagePermission(CatalogRecord):
    """番号法第19条第8号: the requester's schedule row may ask ``providers`` for ``category`` via the network.

    Formerly a row of the four-column 別表第二; since the 2023 amendment set by ministerial ordinance
    (利用特定個人情報). ``requester_row`` is a schedule row key, ``category`` a category name.
    """

    requester_row = models.CharField(_("情報照会者の事務（別表の項）"), max_length=200, db_index=True)
    category = models.CharField(_("特定個人情報の種類"), max_length=200, db_index=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("情報連携の許可")
        verbose_name_plural = _("情報連携の許可")
        indexes = [
            models.Index(fields=["in_force_from", "in_force_until"], name="law_perm_period"),
            models.Index(fields=["requester_row", "category"], name="law_perm_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.requester_row} → {self.category}"


class LinkageProvider(BodyReference):
    """A body that provides the category (情報提供者)."""

    permission = models.ForeignKey(LinkagePermission, on_delete=models.CASCADE, related_name="providers")

    class Meta(BodyReference.Meta):
        verbose_name = _("情報提供者")
        verbose_name_plural = _("情報提供者")
        indexes = [models.Index(fields=["body", "permission"], name="law_provider_body")]


class OrdinanceLinkageLimit(CatalogRecord):
    """番号法第19条第9号 and 平成28年個人情報保護委員会規則第6号: categories an ordinance affair may request."""

    field = models.CharField(_("条例事務の分野"), max_length=30, choices=OrdinanceField.choices)
    categories = models.JSONField(_("照会できる情報の種類"), default=list)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("条例事務の情報連携の範囲")
        verbose_name_plural = _("条例事務の情報連携の範囲")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_ordlimit_period")]

    def __str__(self) -> str:
        return f"{self.key} ({self.field})"


class OrdinanceScopeRule(CatalogRecord):
    """番号法第9条第2項: which ordinance-affair fields may use the number.

    ``allowed_fields`` null means any field (その他の, after the 2023 amendment); before it,
    social security, local tax, disaster prevention or similar (これらに類する).
    """

    allowed_fields = models.JSONField(_("利用できる分野"), null=True, blank=True)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("条例事務の範囲（第9条第2項）")
        verbose_name_plural = _("条例事務の範囲（第9条第2項）")
        indexes = [models.Index(fields=["in_force_from", "in_force_until"], name="law_scope_period")]
