"""Display helpers for the law browser's templates (no logic beyond naming things)."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance.law.catalog.records import Kind, Record
from compliance.law.egov.texts import EGOV_URL, TEXT_2015, TEXT_2025
from compliance.law.selectors import summarize

register = template.Library()


@register.filter
def record_summary(record: Record) -> str:
    return summarize(record)


@register.filter
def field_labels(fields: tuple[str, ...], kind: Kind) -> str:
    """The changed fields by their verbose names (e.g. ``affair`` → 事務（下欄）)."""
    names = []
    for name in fields:
        try:
            names.append(str(getattr(kind.model._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:  # body lists (bodies, providers) are reverse relations
            names.append(name)
    return "、".join(names)


@register.filter
def law_source(source: str) -> SafeString | str:
    """A record's source as a reader can follow it: the text, the place in it (別表 八十一の項,
    第十九条第十一号) and, for the Act's official texts, a link to the Act on e-Gov."""
    for text, label in ((TEXT_2025, _("番号法（2025-09-24 時点の e-Gov 法令データ）")),
                        (TEXT_2015, _("番号法（2015年の条文）"))):  # fmt: skip
        if source.startswith(text):
            place = source[len(text) :].strip()
            return format_html(
                '{} {} <a href="{}" rel="external">{}</a>', label, place, EGOV_URL, _("e-Gov 法令検索で読む")
            )
    return source
