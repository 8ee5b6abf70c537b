"""Django forms of the law pages: the law browser's queries (dates and filters in the URL) and the change sets.

The PPC's assessment forms (様式) are data: :mod:`compliance.law.models.forms` and
:mod:`compliance.law.ppc_form_structure`.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.law.catalog.change_sets import MAX_BYTES
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


class ChangeSetUploadForm(forms.Form):
    """A change set (docs/catalog-format.md, "Change sets"): a YAML or JSON file, or its text pasted."""

    file = forms.FileField(label=_("変更セットのファイル（YAML または JSON）"), required=False)
    text = forms.CharField(
        label=_("または内容を貼り付け（YAML）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "code"}),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None and getattr(upload, "size", 0) > MAX_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限 %(limit)s バイト）。"), params={"limit": MAX_BYTES}
            )
        if upload is None and not str(cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("ファイルを選ぶか、内容を貼り付けてください。"))
        return cleaned


class ChangeSetApplyForm(forms.Form):
    """The previewed text and the token of its preview (compliance/law/catalog/change_sets.py)."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    name = forms.CharField(widget=forms.HiddenInput, max_length=300)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
