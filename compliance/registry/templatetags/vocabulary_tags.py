"""``{{ code|label:"card" }}``: a declaration vocabulary's label in the page's language.

The words come from :mod:`compliance.lib.vocabulary`, the one place they are declared; the public
pages load the same filter through ``public_tags``.
"""

from __future__ import annotations

from typing import Any

from django import template

from compliance.lib.vocabulary import label as vocabulary_label

register = template.Library()


@register.filter
def label(value: Any, vocabulary: str) -> str:
    """``{{ row.level|label:"level" }}`` → 基礎項目評価; a list is joined with 、; unknown codes are shown as they are."""
    if isinstance(value, list | tuple):
        return "、".join(label(item, vocabulary) for item in value)
    return vocabulary_label(vocabulary, value)
