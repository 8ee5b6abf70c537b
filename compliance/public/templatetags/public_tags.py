"""Display labels for the public pages (codes in the data, words on the page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

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
