"""Web forms of the assessments app: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.assessments.answers import table_text
from compliance.assessments.definitions import SectionSpec
from compliance.assessments.selectors import staff_reviewers
from compliance.assessments.services.comments import MAX_COMMENT_LENGTH
from compliance.assessments.states import QUEUE_STATES, Level, Rating, ReassessmentReason, State
from compliance.law.threshold import LEVEL_ORDER
from compliance.lib.characters import guard_text_fields
from compliance.lib.versions import VersionField
from compliance.lib.vocabulary import PREFECTURES, OrganizationKind

DATE = forms.DateInput(attrs={"type": "date"})


class GuardedForm(forms.Form):
    """Its text fields refuse NUL, lone surrogates and control characters (tab and breaks in textareas)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)


class VersionedForm(GuardedForm):
    """Every form that changes an assessment carries the version the user saw (concurrency).

    A missing, blank or malformed version reads as ``None``, which the views refuse as stale.
    """

    version = VersionField()


class CreateForm(GuardedForm):
    level = forms.ChoiceField(label=_("評価の種類"), choices=Level.choices, widget=forms.RadioSelect)
    number = forms.CharField(
        label=_("評価書番号"),
        max_length=100,
        required=False,
        help_text=_("評価計画管理書の番号と一致させる。"),
    )

    def __init__(self, *args: Any, required: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        highest = required[-1] if required else None
        choices = [
            (v, label)
            for v, label in Level.choices
            if highest is None or LEVEL_ORDER[v] >= LEVEL_ORDER[highest]
        ]
        self.fields["level"].choices = choices  # type: ignore[attr-defined]
        self.fields["level"].initial = highest or Level.BASIC


_YES_NO = [("", "—"), ("true", _("はい")), ("false", _("いいえ"))]


def answer_field(item: Any) -> forms.Field:
    """The form field for one item of a form definition (validation proper is the service's)."""
    label = item.display_label()
    common: dict[str, Any] = {"label": label, "required": False, "help_text": item.help}
    kind = item.answer_type
    if kind == "long_text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == "integer":
        return forms.IntegerField(min_value=0, **common)
    if kind == "date":
        return forms.DateField(widget=DATE, **common)
    if kind == "boolean":
        return forms.ChoiceField(choices=_YES_NO, **common)
    if kind == "checkbox":
        box = item.choices[0] if item.choices else label
        return forms.BooleanField(**{**common, "label": f"{label}　[ ] {box}" if box != label else label})
    if kind == "table":
        help_text = _("1行に1件。列（%(columns)s）は「|」で区切る。") % {"columns": "・".join(item.columns)}
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), **{**common, "help_text": item.help or help_text}
        )
    if kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in item.choices]], **common)
    if kind == "rating":
        return forms.ChoiceField(choices=[("", "—"), *Rating.choices], widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=1_000, **common)


class SectionForm(VersionedForm):
    """The officer's answers to one section (its sub-sections included); filled items are not fields."""

    def __init__(
        self, *args: Any, section: SectionSpec, locked: set[str], answers: dict[str, Any], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.item_keys: list[str] = []
        for item in section.all_items():
            if item.key in locked or not item.answerable:
                continue
            self.fields[item.key] = answer_field(item)
            value = answers.get(item.key)
            if item.answer_type == "boolean" and isinstance(value, bool):
                value = "true" if value else "false"
            if item.answer_type == "table":
                value = table_text(item, value)
            self.fields[item.key].initial = value
            self.item_keys.append(item.key)
        guard_text_fields(self.fields)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self.item_keys:
            value: Any = self.cleaned_data.get(key)
            out[key] = value.isoformat() if isinstance(value, dt.date) else value
        return out


class CommentPeriodForm(VersionedForm):
    starts_on = forms.DateField(label=_("開始日"), widget=DATE)
    ends_on = forms.DateField(label=_("終了日"), widget=DATE, help_text=_("初日と末日を含めて30日以上。"))
    shortened_reason = forms.CharField(
        label=_("期間を短縮する特段の理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("30日未満にする場合のみ。評価書に記載されます。"),
    )
    method = forms.CharField(label=_("方法"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today + dt.timedelta(days=29)


class ThirdPartyReviewForm(VersionedForm):
    reviewed_on = forms.DateField(label=_("実施日"), widget=DATE)
    method = forms.CharField(
        label=_("方法"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例: 個人情報保護審議会への諮問"),
    )
    result = forms.CharField(label=_("結果"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(VersionedForm):
    reasons = forms.CharField(label=_("理由・所見"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class EndForm(VersionedForm):
    ended_on = forms.DateField(label=_("事務の終了日"), widget=DATE)


class PublicCommentForm(GuardedForm):
    body = forms.CharField(
        label=_("ご意見"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_COMMENT_LENGTH}),
        help_text=_("氏名や個人番号（マイナンバー）は書かないでください。"),
    )
    # A honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label=_("ウェブサイト（入力しないでください）"), required=False)


class ModerateForm(GuardedForm):
    action = forms.ChoiceField(choices=[("publish", _("公開")), ("hide", _("非表示"))])
    reason = forms.CharField(label=_("非表示の理由"), required=False)


class ReflectForm(GuardedForm):
    reflection = forms.CharField(label=_("評価書への反映"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewCommentForm(GuardedForm):
    form = forms.CharField(required=False, widget=forms.HiddenInput)
    section_key = forms.CharField(required=False, widget=forms.HiddenInput)
    item_key = forms.CharField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(label=_("コメント"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(forms.Form):
    reviewer: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("審査担当"), queryset=None, required=False
    )  # type: ignore[arg-type,type-arg]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = staff_reviewers()  # type: ignore[attr-defined]


class ReassessForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("再評価の理由"),
        choices=[c for c in ReassessmentReason.choices if c[0]],
        widget=forms.RadioSelect,
    )


class YearlyReviewForm(VersionedForm):
    reviewed_on = forms.DateField(label=_("見直した日"), widget=DATE)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("機関の種別"), required=False, choices=[("", _("すべて")), *OrganizationKind.choices]
    )
    prefecture = forms.ChoiceField(
        label=_("都道府県"), required=False, choices=[("", _("すべて")), *PREFECTURES]
    )
    level = forms.ChoiceField(
        label=_("評価の種類"), required=False, choices=[("", _("すべて")), *Level.choices]
    )
    state = forms.ChoiceField(
        label=_("状態"),
        required=False,
        choices=[("", _("すべて")), *[(s.value, s.label) for s in State if s in QUEUE_STATES]],
    )
    waiting_days = forms.TypedChoiceField(
        label=_("待ち日数"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("すべて")), ("7", _("7日以上")), ("30", _("30日以上")), ("60", _("60日以上"))],
    )
    violations = forms.BooleanField(label=_("未対応の違反あり"), required=False)
    justified = forms.BooleanField(label=_("理由説明済みの指摘あり"), required=False)
    assigned = forms.ChoiceField(
        label=_("担当"),
        required=False,
        choices=[("", _("すべて")), ("me", _("自分")), ("none", _("未割当て"))],
    )
