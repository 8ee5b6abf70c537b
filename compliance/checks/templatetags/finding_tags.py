"""Template filters for findings wherever they are shown (stored rows, frozen versions, previews)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from compliance.checks.models import Severity
from compliance.registry.codec import collection_label

register = template.Library()

_LABELS = dict(Severity.choices)


@register.filter
def severity_label(value: str) -> str:
    """違反 / 警告 / 注意 (Violation / Warning / Notice in English) for a severity value."""
    label = _LABELS.get(value)
    return str(label) if label is not None else value


@register.filter
def subject_label(subject: str) -> str:
    """What a finding is about, for people: 「評価書 s1」 for ``assessments/s1``, 「機関全体」 for ``organization``.

    The subject is the declaration's ``COLLECTION/ID`` (docs/domain.md §6.2); the collection is
    named as the registry names it (:func:`compliance.registry.codec.collection_label`), the ID
    stays as the officer typed it.
    """
    if subject == "organization":
        return str(_("機関全体"))
    collection, sep, ref = str(subject).partition("/")
    if not sep:
        return subject
    label = collection_label(collection)
    return f"{label} {ref}" if label != collection else subject
