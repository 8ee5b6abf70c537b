"""Creating an assessment from the affair's threshold decision (しきい値判断, domain.md §2.1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from compliance.assessments import services
from compliance.assessments.models import Assessment
from compliance.assessments.workflow import TransitionRefused
from compliance.audit.models import AuditEvent
from tests.assessments import factories


def test_a_full_assessment_files_the_basic_and_the_full_form(affair_full: Any, officer_a: Any) -> None:
    assessment = services.assessment_create(affair=affair_full, level="full", acting_user=officer_a)
    forms = {f.form: f.definition.key for f in assessment.forms.select_related("definition")}
    assert forms == {"basic": "basic-2024-05", "full": "full-2024-05"}


def test_a_basic_assessment_files_the_basic_form_only(affair_basic: Any, officer_a: Any) -> None:
    assessment = services.assessment_create(affair=affair_basic, level="basic", acting_user=officer_a)
    assert [f.form for f in assessment.forms.all()] == ["basic"]


def test_it_refuses_a_lower_form_than_the_threshold_requires(affair_full: Any, officer_a: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.assessment_create(affair=affair_full, level="key", acting_user=officer_a)
    assert "全項目評価" in str(refused.value.message_dict["level"])
    assert not Assessment.objects.exists()


def test_a_higher_form_may_be_chosen_voluntarily(affair_basic: Any, officer_a: Any) -> None:
    assessment = services.assessment_create(affair=affair_basic, level="full", acting_user=officer_a)
    assert assessment.level == "full"


def test_a_key_form_is_required_when_handlers_raise_the_level(org_a: Any, officer_a: Any, forms: Any) -> None:
    affair = factories.affair_with_file(org_a, persons=20_000, handlers=600)
    with pytest.raises(ValidationError):
        services.assessment_create(affair=affair, level="basic", acting_user=officer_a)
    assert services.assessment_create(affair=affair, level="key", acting_user=officer_a).level == "key"


def test_an_affair_has_one_assessment_in_progress_at_a_time(full_draft: Any, officer_a: Any) -> None:
    with pytest.raises(ValidationError):
        services.assessment_create(affair=full_draft.affair, level="full", acting_user=officer_a)


def test_an_officer_of_another_body_cannot_start_one(affair_full: Any, officer_b: Any) -> None:
    with pytest.raises(TransitionRefused):
        services.assessment_create(affair=affair_full, level="full", acting_user=officer_b)


def test_a_reviewer_cannot_start_one(affair_full: Any, reviewer: Any) -> None:
    with pytest.raises(TransitionRefused):
        services.assessment_create(affair=affair_full, level="full", acting_user=reviewer)


def test_creation_is_audited_with_the_threshold_decision(affair_full: Any, officer_a: Any) -> None:
    assessment = services.assessment_create(affair=affair_full, level="full", acting_user=officer_a)
    event = AuditEvent.objects.get(action="compliance.assessment.created")
    assert event.target_id == str(assessment.pk)
    assert event.data["required"] == ["basic", "full"]
    assert event.organization_id == assessment.organization_id


def test_it_refuses_an_assessment_number_holding_a_my_number(affair_full: Any, officer_a: Any) -> None:
    with pytest.raises(ValidationError):
        services.assessment_create(
            affair=affair_full, level="full", acting_user=officer_a, number="123456789018"
        )


def test_an_import_gets_a_draft_for_each_affair_that_needs_one(
    org_a: Any, affair_full: Any, affair_basic: Any, officer_a: Any
) -> None:
    small = factories.affair_with_file(org_a, name="小さな事務", persons=300, handlers=3)
    created = services.draft_assessments_ensure(organization=org_a, acting_user=None)
    assert {(a.affair_id, a.level) for a in created} == {(affair_full.pk, "full"), (affair_basic.pk, "basic")}
    assert not Assessment.objects.filter(affair=small).exists()
    assert services.draft_assessments_ensure(organization=org_a, acting_user=officer_a) == []
