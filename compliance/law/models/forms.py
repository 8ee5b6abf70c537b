"""PPC assessment form definitions (様式2 基礎項目, 様式3 重点項目, 様式4 全項目), versioned as data.

A new PPC template is a new period row (a new version), never a code change (docs/domain.md §2.3).
The structure (sections → items) is kept as JSON validated on load by
:func:`compliance.law.ppc_form_structure.validate_form_sections`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.law.models.base import CatalogRecord


class FormLevel(models.TextChoices):
    BASIC = "basic", _("基礎項目評価書")
    KEY = "key", _("重点項目評価書")
    FULL = "full", _("全項目評価書")


class AnswerType(models.TextChoices):
    TEXT = "text", _("文字列")
    LONG_TEXT = "long_text", _("文章")
    INTEGER = "integer", _("整数")
    DATE = "date", _("日付")
    BOOLEAN = "boolean", _("はい・いいえ")
    CHOICE = "choice", _("選択")
    RATING = "rating", _("評価（特に力を入れている・十分である・課題が残されている）")
    CHECKBOX = "checkbox", _("チェックボックス（［○］委託しない 等）")
    TABLE = "table", _("表（変更箇所 等）")
    HEADING = "heading", _("見出し（回答なし）")


#: The ratings of a risk measure (リスクへの対策は十分か), in the order the PPC prints them.
RATING_CHOICES = ("特に力を入れている", "十分である", "課題が残されている")


class FormDefinition(CatalogRecord):
    """One version of one PPC form."""

    form = models.CharField(_("様式"), max_length=10, choices=FormLevel.choices)
    version = models.CharField(_("版"), max_length=40)
    title = models.CharField(_("名称"), max_length=300, blank=True)
    #: The bracketed mark the PPC prints beneath the cover (「[平成26年4月 様式2]」); blank while unknown.
    official_mark = models.CharField(_("様式の版表示"), max_length=60, blank=True)
    sections = models.JSONField(_("構成"), default=list)

    class Meta(CatalogRecord.Meta):
        verbose_name = _("評価書の様式")
        verbose_name_plural = _("評価書の様式")
        indexes = [models.Index(fields=["form", "in_force_from"], name="law_form_level")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.version}"

    def items(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Every (section, item) pair in order, descending into sub-sections."""

        def walk(sections: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
            for section in sections:
                for item in section.get("items", []):
                    yield section, item
                yield from walk(section.get("sections", []))

        return walk(self.sections)
