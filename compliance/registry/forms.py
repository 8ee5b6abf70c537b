"""The officer's forms for registry entries: fields, choices from the catalog in force today, the version.

Forms only collect and shape input; the services decide (and raise field errors the
view puts next to the fields). Every choice of another entry is limited to the
organisation's own registry, and the hidden ``version`` carries optimistic
concurrency from the page the officer read to the save.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.checks.selectors import catalog_for_checks
from compliance.declaration.limits import max_bytes, size_label
from compliance.law.catalog import ARTICLE19_GROUNDS
from compliance.lib.characters import guard_text_fields
from compliance.lib.versions import VersionField
from compliance.lib.vocabulary import BasisKind, CardItem
from compliance.registry import models as m


class DateInput(forms.DateInput):
    input_type = "date"


_DATE_WIDGETS = {"widget": DateInput(format="%Y-%m-%d")}


class RegistryForm(forms.ModelForm):
    """A form for one entry of ``organization``; an edit without its ``version`` is refused as stale."""

    version = VersionField()

    #: Fields only a new entry has (its ID, its parent ordinance).
    create_only: tuple[str, ...] = ()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is None:
            kwargs["instance"] = self._meta.model(organization=organization)
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.editing = instance is not None
        if self.editing:
            for name in self.create_only:
                self.fields.pop(name, None)
            self.fields["version"].initial = self.instance.version
        elif "ref" in self.fields:
            self.fields["ref"].required = False
            self.fields["ref"].help_text = _("宣言ファイルのID。空欄なら自動で付けます（例: a3）。")
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(format="%Y-%m-%d")
        guard_text_fields(self.fields)
        self.limit_choices()

    def limit_choices(self) -> None:
        """Narrow every reference to the organisation's own entries, labelled by what they refer to.

        A reference without a verbose name of its own (``affair``, ``terminal``, ``file``,
        ``ordinance``) would be labelled with its English field name ("Affair:"): it takes the
        name of the entry it points to (事務, 端末, 特定個人情報ファイル, 条例).
        """
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if not isinstance(field, forms.ModelChoiceField) or queryset is None:
                continue
            if issubclass(queryset.model, m.RegistryEntry):
                field.queryset = queryset.model.objects.filter(organization=self.organization).order_by("ref")
                field.label_from_instance = lambda obj: str(obj)  # type: ignore[method-assign]
                if str(self._meta.model._meta.get_field(name).verbose_name) == name.replace("_", " "):
                    field.label = queryset.model._meta.verbose_name

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as service keyword arguments (lists for many-to-many fields)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        for name, value in data.items():
            if hasattr(value, "model") and hasattr(value, "filter"):  # a queryset from a multiple choice
                data[name] = list(value)
        return data


def _category_choices() -> list[tuple[str, str]]:
    """Information categories in force today (番号法第19条第8号, 別表第二 → 主務省令)."""
    today = timezone.localdate()
    catalog = catalog_for_checks()
    names = sorted({c.name for c in catalog.categories if c.period.contains(today)})
    return [(name, name) for name in names]


def article19_ground_choices(day: Any = None) -> list[tuple[str, str]]:
    """The Article 19 grounds as the officer reads them, numbered as on ``day`` (today by default):
    「第19条第10号（国税・地方税に関する…の間の提供）」, from the catalog's Article 19 items, after the
    empty choice (the engine then infers the ground from the channel)."""

    day = day or timezone.localdate()
    catalog = catalog_for_checks()
    items = [item for g in ARTICLE19_GROUNDS if (item := catalog.article19_item(g, day, nearest=True))]
    items.sort(key=lambda item: (int(item.item) if item.item.isdigit() else 999, item.item))
    return [("", str(_("経路から判断する")))] + [
        (item.ground, m.article19_ground_label(item.ground, day)) for item in items
    ]


class CategoriesMixin(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _category_choices()
        current = list(self.instance.categories or []) if self.instance.pk else []
        known = {value for value, _label in choices}
        choices += [(name, name) for name in current if name not in known]  # keep a retired category visible
        self.fields["categories"] = forms.MultipleChoiceField(
            label=_("情報の種類"),
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=current,
        )


class OrdinanceForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Ordinance
        fields = ["ref", "title", "number", "in_force_from", "repealed_on"]


class OrdinanceAffairForm(RegistryForm):
    create_only = ("ref", "ordinance")

    class Meta:
        model = m.OrdinanceAffair
        fields = ["ordinance", "ref", "name", "field"]


class IntraProvisionForm(CategoriesMixin, RegistryForm):
    create_only = ("ref", "ordinance")

    class Meta:
        model = m.IntraProvision
        fields = ["ordinance", "ref", "from_body", "to_body", "purpose", "categories"]


class AffairForm(RegistryForm):
    """An affair and its legal basis: a schedule row or quasi affair (search the catalog), one of the
    organisation's ordinance affairs, 個人番号関係事務, or none (番号法第9条)."""

    create_only = ("ref",)
    ordinance_affair = forms.ChoiceField(label=_("条例事務"), required=False)

    class Meta:
        model = m.Affair
        fields = [
            "ref",
            "name",
            "uses_number",
            "basis_kind",
            "basis_statute",
            "basis_affair",
            "basis_row",
            "persons",
            "handlers",
            "serious_incident_past_year",
            "uses_gender",
            "needs_residence_status",
        ]
        widgets = {
            "serious_incident_past_year": forms.NullBooleanSelect,
            "basis_affair": forms.TextInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = m.OrdinanceAffair.objects.filter(organization=self.organization).select_related("ordinance")
        choice_field = self.fields["ordinance_affair"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [("", "---------")] + [
            (f"{row.ordinance.ref}/{row.ref}", f"{row.ordinance.title} — {row.name}")
            for row in rows.order_by("ordinance__ref", "ref")
        ]
        if self.instance.pk and self.instance.basis_kind == BasisKind.ORDINANCE:
            self.initial["ordinance_affair"] = f"{self.instance.basis_ordinance}/{self.instance.basis_affair}"
            self.initial["basis_affair"] = ""
        if not self.editing:
            # A new affair states its basis: 根拠なし is a choice the officer makes, never a
            # default sitting under a ticked 個人番号を利用する.
            basis = self.fields["basis_kind"]
            assert isinstance(basis, forms.ChoiceField)
            basis.choices = [("", str(_("選んでください"))), *BasisKind.choices]
            basis.required = False
            self.initial["basis_kind"] = ""
        self.fields["basis_statute"].help_text = _("別表・準法定事務の場合: 別表に書かれた法律の名称")
        self.fields["basis_affair"].help_text = _("別表・準法定事務の場合: 別表の事務の文言の一部")
        self.fields["basis_row"].help_text = _("別表の場合（任意）: 別表の項番（例: 八十二の二、82-2）")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("basis_kind"):
            if cleaned.get("uses_number"):
                self.add_error(
                    "basis_kind",
                    _("個人番号を利用する事務は、利用の根拠を選んでください（根拠がなければ「根拠なし」）。"),
                )
            else:
                cleaned["basis_kind"] = BasisKind.NONE
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        choice = data.pop("ordinance_affair", "")
        data["basis_ordinance"] = ""
        if data.get("basis_kind") == BasisKind.ORDINANCE:
            ordinance_ref, _sep, affair_ref = (choice or "").partition("/")
            data["basis_ordinance"], data["basis_affair"] = ordinance_ref, affair_ref
            data["basis_statute"] = ""
        return data


class FileForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.SpecificFile
        fields = [
            "ref",
            "name",
            "affairs",
            "persons",
            "handlers",
            "serious_incident_past_year",
            "staff_only",
            "held_from",
        ]
        widgets = {"affairs": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["affairs"].required = True


class TerminalForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Terminal
        fields = ["ref", "name", "connection", "write_authorized", "two_factor", "resident_register_client"]


class ProvisionForm(CategoriesMixin, RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Provision
        fields = [
            "ref",
            "affair",
            "direction",
            "channel",
            "counterparty_name",
            "counterparty_kind",
            "counterparty_body",
            "counterparty_same_government",
            "categories",
            "ground",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ground"]
        self.fields["ground"] = forms.ChoiceField(
            label=field.label,
            choices=article19_ground_choices(),
            required=False,
            help_text=_("第19条のどの号による提供かを選びます。選ばなければ経路から判断します。"),
        )


class CardFlowForm(RegistryForm):
    create_only = ("ref",)
    items = forms.MultipleChoiceField(
        label=_("読み書きする項目"), choices=CardItem.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = m.CardFlow
        fields = [
            "ref",
            "affair",
            "card",
            "application",
            "operation",
            "items",
            "terminal",
            "transfer_medium",
            "transfer_encrypted",
            "transfer_logged",
            "consent_recorded",
            "persistent_key",
            "statutory_procedure",
        ]


class EntrustmentForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Entrustment
        fields = ["ref", "file", "contractor", "supervision", "subcontract", "subcontract_permitted"]


class DeclaredAssessmentForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.DeclaredAssessment
        fields = [
            "ref",
            "affair",
            "level",
            "published_on",
            "public_comment_from",
            "public_comment_to",
            "public_comment_shortened_reason",
            "third_party_review_on",
            "ppc_approval_on",
            "last_review_on",
        ]
        widgets = {"public_comment_shortened_reason": forms.Textarea(attrs={"rows": 2})}

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        if not data.get("public_comment_shortened_reason"):
            data["public_comment_shortened_reason"] = None
        return data


class ChangeForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Change
        fields = ["ref", "affair", "effective_on", "important", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class IncidentForm(RegistryForm):
    create_only = ("ref",)

    class Meta:
        model = m.Incident
        fields = ["ref", "occurred_on", "known_on", "serious", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class FindingAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("回答"),
        choices=[("fixed", _("是正した")), ("justified", _("理由を説明する"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)


class DeclarationUploadForm(forms.Form):
    file = forms.FileField(label=_("宣言ファイル（pia-declaration/1 の JSON）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size > limit:  # refused before it is read: the size is known from the request
            raise forms.ValidationError(
                _("ファイルが大きすぎます（上限 %(limit)s、HYOKA_DECLARATION_MAX_BYTES）。"),
                params={"limit": size_label(limit)},
            )
        return upload


class DeclarationApplyForm(forms.Form):
    """The preview to apply: its token only (the document itself stays on the server)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
