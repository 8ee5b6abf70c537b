"""Answering the forms: filled-in registry facts, typed answers, ratings, validation, conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from compliance.assessments import services
from compliance.assessments.services.common import filled_forms
from compliance.assessments.workflow import Conflict, TransitionRefused
from compliance.audit.models import AuditEvent
from compliance.registry import services as registry_services
from tests.assessments import factories
from tests.registry import factories as registry


def _form(assessment: Any, form: str) -> Any:
    _facts, forms = filled_forms(assessment)
    return next(f for f in forms if f.form == form)


def test_items_the_registry_knows_are_filled_from_it(full_draft: Any) -> None:
    basic = _form(full_draft, "basic")
    assert basic.filled["affair_name"] == "児童手当の支給に関する事務"
    assert basic.filled["file_names"] == "児童手当の支給に関する事務ファイル"


def test_the_cover_and_the_legal_basis_are_only_suggested_from_the_registry(full_draft: Any) -> None:
    basic = _form(full_draft, "basic")
    assert {"assessment_title", "body_name", "legal_basis"}.isdisjoint(basic.filled)
    assert basic.suggested["assessment_title"] == "児童手当の支給に関する事務 基礎項目評価書"
    assert basic.suggested["body_name"] == "苫小牧市長"  # the organ, not the municipality
    assert basic.suggested["legal_basis"] == "番号法 第9条第1項 別表 項番56"  # the catalog's row


def test_the_officer_corrects_a_suggestion_and_the_correction_is_kept(
    full_draft: Any, officer_a: Any
) -> None:
    services.answers_save(
        assessment=full_draft,
        form="basic",
        values={"body_name": "北海道 苫小牧市長", "legal_basis": "番号法 第9条第1項 別表 項番56"},
        acting_user=officer_a,
        expected_version=full_draft.version,
    )
    basic = _form(full_draft, "basic")
    assert basic.answers["body_name"] == "北海道 苫小牧市長"
    assert basic.merged["body_name"] == "北海道 苫小牧市長"


def test_counts_fill_the_choice_whose_range_holds_them(full_draft: Any) -> None:
    basic = _form(full_draft, "basic")
    assert basic.filled["persons"] == "5) 30万人以上"
    assert basic.filled["handlers"] == "2) 500人未満"
    assert basic.filled["serious_incident"] == "2) 発生なし"
    assert _form(full_draft, "full").filled["users_count"] == "4) 100人以上500人未満"


def test_the_threshold_result_and_the_forms_filed_are_filled(full_draft: Any) -> None:
    basic = _form(full_draft, "basic")
    assert basic.filled["threshold_result"] == "3) 基礎項目評価及び全項目評価の実施が義務付けられる"
    assert basic.filled["forms_submitted"] == "3) 基礎項目評価書及び全項目評価書"


def test_linkage_is_filled_from_the_declared_network_provisions(org_a: Any, full_draft: Any) -> None:
    assert _form(full_draft, "basic").filled["linkage"] == "2) 実施しない"
    registry.provision(org_a, full_draft.affair)
    basic = _form(full_draft, "basic")
    assert basic.filled["linkage"] == "1) 実施する"
    assert "地方税関係情報" in basic.filled["linkage_basis"]


def test_a_registry_correction_shows_at_once(full_draft: Any, officer_a: Any) -> None:
    affair = full_draft.affair
    registry_services.affair_update(
        affair=affair,
        acting_user=officer_a,
        expected_version=affair.version,
        name="児童手当等の支給に関する事務",
    )
    assert _form(full_draft, "basic").filled["affair_name"] == "児童手当等の支給に関する事務"


def test_it_refuses_typing_an_item_the_registry_fills(full_draft: Any, officer_a: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            assessment=full_draft,
            form="basic",
            values={"affair_name": "別の名前"},
            acting_user=officer_a,
            expected_version=full_draft.version,
        )
    assert "affair_name" in refused.value.message_dict


def test_it_stores_a_rating_and_its_measures(full_draft: Any, officer_a: Any) -> None:
    services.answers_save(
        assessment=full_draft,
        form="full",
        values={
            "acquisition_r1_rating": "特に力を入れている",
            "acquisition_r1_measures": "申請書の様式を限定している。",
        },
        acting_user=officer_a,
        expected_version=full_draft.version,
    )
    form = _form(full_draft, "full")
    assert form.answers["acquisition_r1_rating"] == "特に力を入れている"
    assert form.answers["acquisition_r1_measures"] == "申請書の様式を限定している。"


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("acquisition_r1_rating", "まあまあ"),
        ("file_type", "紙のファイル"),
        ("entrustment_count", "-1"),
        ("basic_assessed_on", "2026/04/01"),
        ("affair_content", "申請者の個人番号 123456789018 を確認する"),
        ("no_such_item", "x"),
    ],
)
def test_it_refuses_a_value_the_item_does_not_accept(
    full_draft: Any, officer_a: Any, item: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            assessment=full_draft,
            form="full",
            values={item: value},
            acting_user=officer_a,
            expected_version=None,
        )
    assert item in refused.value.message_dict


def test_a_blank_value_removes_the_answer(full_draft: Any, officer_a: Any) -> None:
    services.answers_save(
        assessment=full_draft,
        form="basic",
        values={"department": "市民課"},
        acting_user=officer_a,
        expected_version=None,
    )
    services.answers_save(
        assessment=full_draft,
        form="basic",
        values={"department": " "},
        acting_user=officer_a,
        expected_version=None,
    )
    assert "department" not in _form(full_draft, "basic").answers


def test_saving_is_audited_with_the_item_keys_not_the_text(full_draft: Any, officer_a: Any) -> None:
    services.answers_save(
        assessment=full_draft,
        form="basic",
        values={"department": "市民課"},
        acting_user=officer_a,
        expected_version=None,
    )
    event = AuditEvent.objects.get(action="compliance.assessment.answers_saved")
    assert event.data == {"form": "basic", "items": ["department"]}


def test_a_stale_page_gets_a_conflict_instead_of_overwriting(full_draft: Any, officer_a: Any) -> None:
    seen = full_draft.version
    services.answers_save(
        assessment=full_draft,
        form="basic",
        values={"department": "市民課"},
        acting_user=officer_a,
        expected_version=seen,
    )
    with pytest.raises(Conflict):
        services.answers_save(
            assessment=full_draft,
            form="basic",
            values={"department": "福祉課"},
            acting_user=officer_a,
            expected_version=seen,
        )
    assert _form(full_draft, "basic").answers["department"] == "市民課"


def test_answers_cannot_change_once_submitted(full_draft: Any, officer_a: Any) -> None:
    factories.put_in_state(full_draft, "submitted")
    with pytest.raises(TransitionRefused):
        services.answers_save(
            assessment=full_draft,
            form="basic",
            values={"department": "市民課"},
            acting_user=officer_a,
            expected_version=None,
        )


def test_a_reviewer_cannot_answer(full_draft: Any, reviewer: Any) -> None:
    with pytest.raises(TransitionRefused):
        services.answers_save(
            assessment=full_draft,
            form="basic",
            values={"department": "市民課"},
            acting_user=reviewer,
            expected_version=None,
        )
