"""The public search index: one row per published assessment (公表された評価書).

A row is derived data, rebuilt from the assessment's publication version (the frozen,
hashed document, withheld items already removed by
:func:`compliance.assessments.version_document.public_document`). Everything the portal shows
about a published assessment is read from this row, so a page costs one query and can
never show what the public version does not contain.

Search over Japanese text (no spaces between words) uses character bigrams: the
normalised text's bigrams (within words) are stored as ``|委託|託先|…|`` in :attr:`SearchDocument.bigrams`.
A two-character query ``委託`` becomes ``LIKE '%|委託|%'`` — a pattern of four characters, which a
PostgreSQL trigram (pg_trgm) GIN index can serve, unlike ``LIKE '%委託%'`` (two characters
produce no complete trigram and fall back to a sequential scan). Longer queries use the
trigram index on :attr:`SearchDocument.text` directly. See migration 0002.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Delimiter of the multi-valued columns (bigrams, fields, categories, card items, rules).
SEP = "|"


def joined(values: object) -> str:
    """``["a", "b"]`` → ``"|a|b|"`` (an empty list → ``""``): ``contains "|a|"`` then matches whole values."""
    items = sorted({str(v) for v in values or [] if str(v)})  # type: ignore[attr-defined]
    return f"{SEP}{SEP.join(items)}{SEP}" if items else ""


def overview_of(public: dict[str, object]) -> dict[str, object]:
    """The part of a public version a body's transparency page shows: its registry slice and findings."""
    return {"registry": public.get("registry") or {}, "findings": public.get("findings") or []}


class SearchDocument(models.Model):
    """The published public version of one assessment, flattened for search and display."""

    assessment = models.OneToOneField(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        related_name="search_document",
        verbose_name=_("評価書"),
    )
    version = models.ForeignKey(
        "assessments.AssessmentVersion", on_delete=models.CASCADE, related_name="+", verbose_name=_("公表版")
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("評価実施機関")
    )
    affair = models.ForeignKey(
        "registry.Affair", on_delete=models.CASCADE, related_name="+", verbose_name=_("事務")
    )
    # Supersession, copied from the assessments (:func:`compliance.public.indexing.supersession_sync`):
    # a row with ``superseded_by`` is an older version of its affair — readable, but left out of the
    # search, the statistics and the feeds; ``replaces_published_on`` (the publication date of the
    # version a row replaced) marks a row that updates an earlier one.
    superseded_by = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("新しい版"),
    )
    replaces_published_on = models.DateField(_("更新前の版の公表日"), null=True, blank=True)
    # Facets (filters), copied from the public version.
    prefecture = models.CharField(_("都道府県"), max_length=2, blank=True, db_index=True)
    organization_kind = models.CharField(_("機関の種別"), max_length=30, blank=True)
    organization_name = models.CharField(_("評価実施機関名"), max_length=200)
    level = models.CharField(_("評価の種類"), max_length=10, db_index=True)
    title = models.CharField(_("事務の名称"), max_length=500)
    number = models.CharField(_("評価書番号"), max_length=100, blank=True)
    published_on = models.DateField(_("公表日"), null=True, db_index=True)
    basis_kind = models.CharField(_("法的根拠の種類"), max_length=20, blank=True)
    basis_statute = models.CharField(_("根拠法令名"), max_length=500, blank=True)
    basis_ordinance = models.CharField(_("根拠条例"), max_length=500, blank=True)
    fields = models.TextField(_("分野"), blank=True)  # |welfare|local_tax|
    categories = models.TextField(_("情報の種類"), blank=True)  # |地方税関係情報|
    card_items = models.TextField(_("カードの項目"), blank=True)  # |number|gender|
    rules = models.TextField(_("指摘のルール"), blank=True)  # |CARD-NUMBER-READ|
    findings_count = models.PositiveIntegerField(_("指摘の数"), default=0)
    violations_count = models.PositiveIntegerField(_("違反の指摘の数"), default=0)
    # Search columns.
    text = models.TextField(_("正規化本文"))
    bigrams = models.TextField(_("文字バイグラム"))
    # The public version itself (canonical JSON of the public document).
    document = models.TextField(_("公表版の内容"))
    # Its registry slice and findings alone (:func:`overview_of`): what the transparency
    # page reads for each of a body's affairs, a few KB instead of the whole version.
    overview = models.TextField(_("概要（登録内容と指摘）"), blank=True, default="")
    indexed_at = models.DateTimeField(_("索引作成日時"), auto_now=True)

    class Meta:
        verbose_name = _("公開検索の索引")
        verbose_name_plural = _("公開検索の索引")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "published_on"], name="public_search_org_date"),
            models.Index(fields=["prefecture", "published_on"], name="public_search_pref_date"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_name} {self.title}"


class PublicFinding(models.Model):
    """A finding as frozen in a published version (指摘事項と理由説明), with the officer's justification.

    Rows are rebuilt with their :class:`SearchDocument`; they feed the findings API, the
    open-data export and the statistics (GROUP BY rule and year) without parsing documents.
    """

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="finding_rows")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    prefecture = models.CharField(_("都道府県"), max_length=2, blank=True)
    published_on = models.DateField(_("公表日"), null=True)
    position = models.PositiveIntegerField(_("順序"), default=0)
    rule = models.CharField(_("ルール"), max_length=60, db_index=True)
    severity = models.CharField(_("重大度"), max_length=20)
    subject = models.CharField(_("対象"), max_length=260)
    citation = models.CharField(_("根拠条文"), max_length=300, blank=True)
    message_ja = models.TextField(_("内容"))
    message_en = models.TextField(_("内容（英語）"), blank=True)
    state = models.CharField(_("状態"), max_length=20, blank=True)
    justification = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("公表された指摘")
        verbose_name_plural = _("公表された指摘")
        ordering = ["assessment_id", "position"]
        indexes = [models.Index(fields=["rule", "published_on"], name="public_finding_rule_date")]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject}"


class PublicRevision(models.Model):
    """One counter that every change of what the portal shows increases (公開内容の改訂番号).

    The page cache (:mod:`compliance.public.cache`) puts it in every key: the write that
    publishes, withdraws, ends or re-indexes an assessment, or renames a body, increases it
    in its own transaction, so the next request after the commit misses the old pages.
    A single row (``id = 1``, created by migration 0003).
    """

    value = models.BigIntegerField(_("改訂番号"), default=0)
    changed_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("公開内容の改訂番号")
        verbose_name_plural = _("公開内容の改訂番号")

    def __str__(self) -> str:
        return str(self.value)
