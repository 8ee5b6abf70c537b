"""Query forms of the public law browser: they validate the dates and filters in the URL."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.law.models import Field
from compliance.lib.vocabulary import Body

#: Number use began on 2016-01-01: the default start of the diff view.
FIRST_DAY = dt.date(2016, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LawFilterForm(forms.Form):
    """``/law/?as_of=D&field=F&body=B&all=1``: the law as of D, optionally every period."""

    as_of = forms.DateField(label=_("基準日"), required=False, widget=DateInput())
    field = forms.ChoiceField(label=_("分野"), required=False, choices=[("", _("すべて")), *Field.choices])
    body = forms.ChoiceField(label=_("機関"), required=False, choices=[("", _("すべて")), *Body.choices])
    all = forms.BooleanField(label=_("すべての期間を表示"), required=False)


class DiffForm(forms.Form):
    """``/law/diff/?from=D1&to=D2``."""

    date_from = forms.DateField(label=_("比較元の日"), widget=DateInput())
    date_to = forms.DateField(label=_("比較先の日"), widget=DateInput())

    def __init__(self, data: dict[str, str] | None = None, **kwargs: object) -> None:
        # The URL uses from/to; the form fields cannot be named "from" (a Python keyword in templates).
        if data is not None:
            data = {"date_from": data.get("from", ""), "date_to": data.get("to", "")}
        super().__init__(data, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            raise forms.ValidationError(_("比較元の日は比較先の日より前にしてください。"))
        return cleaned
