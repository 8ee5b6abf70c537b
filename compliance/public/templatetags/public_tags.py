"""Display labels for the public pages (codes in the data, words on the page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from compliance.accounts.templatetags.wareki_tags import wareki
from compliance.assessments.answers import choice_text
from compliance.registry.templatetags.vocabulary_tags import label

register = template.Library()
register.filter("label", label)


@register.simple_tag
def options(choices: Any, selected: Any) -> str:
    """The ``<option>`` elements of a filter ``<select>``, ``selected`` marked.

    ``choices``: (code, label) pairs or bare codes. One tag instead of a template loop: the
    search page has some two hundred options, and rendering them node by node was most of
    its rendering time.
    """
    selected = "" if selected is None else str(selected)
    pairs = ((c, c) if isinstance(c, str) else (c[0], c[1]) for c in choices)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, mark_safe(" selected") if str(code) == selected else "", name) for code, name in pairs),
    )


# 和暦 dates (令和8年11月3日) on the public pages too: the filter every app shares.
register.filter("wareki", wareki)


@register.filter
def answer_text(value: Any, item: Any) -> Any:
    """An answer of a published form, its chosen value in the page's language (see
    :func:`compliance.assessments.answers.choice_text`); lists one value a line."""
    value = choice_text(item, value)
    return "\n".join(str(v) for v in value) if isinstance(value, list) else value
