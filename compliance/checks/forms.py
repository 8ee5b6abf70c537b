"""The commission's findings filter: rule, severity, prefecture, organisation and state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.accounts.models import Organization
from compliance.checks.models import FindingState, Severity
from compliance.checks.rule_names import RULE_NAMES
from compliance.checks.rulebook import RULES
from compliance.checks.selectors import FindingFilters
from compliance.lib.vocabulary import PREFECTURES

#: The rule families, as the filter names them beside each rule ID.
THEME_LABELS = {
    "basis": _("利用の根拠"),
    "provision": _("提供・情報連携"),
    "cards": _("カードの読取り・書込み"),
    "assessments": _("特定個人情報保護評価"),
    "entrustment": _("委託・端末"),
}


def _rule_choices() -> list[tuple[str, Any]]:
    return [("", _("すべて"))] + [
        (rule_id, f"{rule_id} {RULE_NAMES.get(rule_id, '')}（{THEME_LABELS.get(rule.theme, rule.theme)}）")
        for rule_id, rule in sorted(RULES.items())
    ]


class FindingFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("ルール"), required=False, choices=_rule_choices)
    severity = forms.ChoiceField(
        label=_("重大度"), required=False, choices=[("", _("すべて")), *Severity.choices]
    )
    prefecture = forms.ChoiceField(
        label=_("都道府県"), required=False, choices=[("", _("すべて")), *PREFECTURES]
    )
    organization = forms.ModelChoiceField(
        label=_("評価実施機関"),
        required=False,
        queryset=Organization.objects.order_by("prefecture", "code", "body"),
        empty_label=_("すべて"),
    )
    state = forms.ChoiceField(
        label=_("対応状況"),
        required=False,
        choices=[
            ("", _("すべて")),
            *[(v, label) for v, label in FindingState.choices if v != FindingState.RESOLVED],
        ],
    )

    def filters(self) -> FindingFilters:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        organization = data.get("organization")
        return FindingFilters(
            rule=data.get("rule", ""),
            severity=data.get("severity", ""),
            prefecture=data.get("prefecture", ""),
            organization=organization.pk if organization is not None else None,
            state=data.get("state", ""),
        )
