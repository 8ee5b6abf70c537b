"""The API's query parameters, typed and validated (django-filter).

A parameter the API does not understand as written (``published_from=notadate``,
``organization=abc``, ``level=gold``) answers 400 with the problem list, instead of being
silently ignored as the search page does for a human's typing: a client that sends a
wrong filter must learn it, not receive the whole register as if it had matched.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

import compliance.checks.rules  # noqa: F401  (registers every rule)
from compliance.assessments.states import Level
from compliance.checks.models import Severity
from compliance.checks.rulebook import RULES
from compliance.lib.vocabulary import PREFECTURES, BasisKind, CardItem, OrdinanceField, OrganizationKind
from compliance.public.models import PublicFinding, SearchDocument
from compliance.public.search import SORTS, SearchQuery, search

#: The largest row ID a parameter may name: the range of a 64-bit primary key. Beyond it no
#: row can exist, and the database would refuse the number rather than find nothing.
MAX_ID = 2**63 - 1
#: Longest free-text value read (the search page reads the same).
MAX_TEXT = 200


class NoNulCharField(forms.CharField):
    """Free text without NUL: no database stores it in a text column."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value and "\x00" in value:
            raise forms.ValidationError(_("NUL 文字は使えません。"), code="nul")
        return value


class TextFilter(django_filters.CharFilter):
    field_class = NoNulCharField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.Filter):
    """A row ID: a whole number from 1 to :data:`MAX_ID`."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictFilterSet(django_filters.FilterSet):
    """A typed parameter given empty (``?published_to=``) or twice is a mistake, not "no filter"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, spec in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
            values = [v for v in values if v is not None]
            if len(values) > 1:
                self.form.add_error(name, _("一度だけ指定してください。"))
            elif values and values[0] == "" and not isinstance(spec, TextFilter):
                self.form.add_error(name, _("値が空です。"))
        return valid and not self.form.errors


def _choices(values: Any) -> list[tuple[str, str]]:
    return [(str(v), str(v)) for v in values]


class AssessmentFilter(StrictFilterSet):
    """The search page's fields (:class:`compliance.public.search.SearchQuery`), validated."""

    q = TextFilter(label="free text (Japanese or English; NFKC and kana variants are folded)")
    prefecture = django_filters.ChoiceFilter(choices=PREFECTURES, label="two-digit prefecture code")
    organization = IdFilter(label="organisation id")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label="organisation kind")
    level = django_filters.ChoiceFilter(choices=Level.choices, label="the highest form filed")
    field = django_filters.ChoiceFilter(choices=OrdinanceField.choices, label="field of the affair")
    basis = django_filters.ChoiceFilter(choices=BasisKind.choices, label="legal basis of the number use")
    statute = TextFilter(label="statute name (part of)")
    ordinance = TextFilter(label="ordinance title (part of)")
    category = TextFilter(label="information category key")
    card_item = django_filters.ChoiceFilter(choices=CardItem.choices, label="card item read or written")
    rule = django_filters.ChoiceFilter(choices=_choices(sorted(RULES)), label="finding rule ID")
    published_from = django_filters.DateFilter(label="published on or after (YYYY-MM-DD)")
    published_to = django_filters.DateFilter(label="published on or before (YYYY-MM-DD)")
    sort = django_filters.ChoiceFilter(choices=_choices(SORTS), label="date (newest first) or relevance")

    class Meta:
        model = SearchDocument
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
        """The search page's own query (:func:`compliance.public.search.search`), from the cleaned values."""
        data = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return search(SearchQuery(**data))


class FindingFilter(StrictFilterSet):
    rule = django_filters.ChoiceFilter(choices=_choices(sorted(RULES)), label="rule ID")
    organization = IdFilter(field_name="organization_id", label="organisation id")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label="violation, warning or notice")

    class Meta:
        model = PublicFinding
        fields: list[str] = []


def _parameter_schema(name: str, spec: django_filters.Filter) -> dict[str, Any]:
    if isinstance(spec, django_filters.ChoiceFilter):
        return {"type": "string", "enum": [str(value) for value, _label in spec.extra["choices"]]}
    if isinstance(spec, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(spec, IdFilter):
        return {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
    # Free text: at most MAX_TEXT characters, no NUL.
    return {"type": "string", "maxLength": spec.extra.get("max_length", MAX_TEXT), "pattern": "^[^\\u0000]*$"}


def parameters_of(filterset: type[django_filters.FilterSet]) -> list[Any]:
    """The OpenAPI query parameters of ``filterset``, typed as it validates them (enums, dates, ID ranges)."""
    from drf_spectacular.utils import OpenApiParameter

    return [
        OpenApiParameter(name, _parameter_schema(name, spec), description=str(spec.label or ""))
        for name, spec in filterset.base_filters.items()
    ]
