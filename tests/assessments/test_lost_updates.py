"""Lost updates: every form that changes an assessment is refused, like a stale one, without its version.

The attack of the security review: officer B saves a section with the hidden ``version``
left out (or blank), and the answer officer A saved a moment before is overwritten. Now
a missing, blank or malformed version is refused with the same conflict message as a
stale one, and nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.assessments import services
from compliance.assessments.models import Assessment
from compliance.assessments.states import State
from tests.assessments import factories
from tests.conftest import verified_client

CONFLICT = "この評価書は、画面を開いた後に他の人が更新しました"
MISSING = [{}, {"version": ""}, {"version": "   "}, {"version": "abc"}, {"version": "0"}]


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _department(assessment: Assessment) -> Any:
    return assessment.forms.get(form="basic").answers.get("department")


@pytest.fixture
def section_url(basic_draft: Assessment) -> str:
    return reverse("assessments:section", args=[basic_draft.pk, "basic", "related_information"])


@pytest.fixture
def saved_by_a(basic_draft: Assessment, section_url: str, officer_a_client: Client) -> Assessment:
    """Officer A's answer, saved from the current version."""
    response = officer_a_client.post(section_url, {"version": basic_draft.version, "department": "健康課"})
    assert response.status_code == 302
    basic_draft.refresh_from_db()
    return basic_draft


@pytest.mark.parametrize("version", MISSING)
def test_a_section_saved_without_its_version_does_not_overwrite_another_users_answer(
    saved_by_a: Assessment, section_url: str, approver_a: Any, version: dict[str, str]
) -> None:
    response = verified_client(approver_a).post(section_url, {**version, "department": "福祉課"}, follow=True)

    assert any(m.startswith(CONFLICT) for m in _messages(response))
    assert _department(saved_by_a) == "健康課"


def test_a_section_saved_from_a_stale_version_gets_the_same_message(
    saved_by_a: Assessment, section_url: str, approver_a: Any
) -> None:
    stale = saved_by_a.version - 1

    response = verified_client(approver_a).post(
        section_url, {"version": stale, "department": "福祉課"}, follow=True
    )

    assert any(m.startswith(CONFLICT) for m in _messages(response))
    assert _department(saved_by_a) == "健康課"


def test_a_section_saved_from_the_current_version_is_saved(
    saved_by_a: Assessment, section_url: str, approver_a: Any
) -> None:
    response = verified_client(approver_a).post(
        section_url, {"version": saved_by_a.version, "department": "福祉課"}
    )

    assert response.status_code == 302
    assert _department(saved_by_a) == "福祉課"


@pytest.mark.parametrize("version", MISSING)
def test_an_action_without_its_version_is_refused_like_a_stale_one(
    full_draft: Assessment, officer_a_client: Client, version: dict[str, str]
) -> None:
    url = reverse("assessments:action", args=[full_draft.pk, "withdraw"])

    response = officer_a_client.post(url, {**version, "reason": "事務の廃止"}, follow=True)

    assert any(m.startswith(CONFLICT) for m in _messages(response))
    full_draft.refresh_from_db()
    assert full_draft.state == State.DRAFT


def test_an_action_from_a_stale_version_gets_the_same_message(
    full_draft: Assessment, officer_a_client: Client, approver_a: Any
) -> None:
    stale = full_draft.version
    services.assessment_number_set(
        assessment=full_draft, number="全-1", acting_user=approver_a, expected_version=stale
    )
    url = reverse("assessments:action", args=[full_draft.pk, "withdraw"])

    response = officer_a_client.post(url, {"version": stale, "reason": "事務の廃止"}, follow=True)

    assert any(m.startswith(CONFLICT) for m in _messages(response))
    full_draft.refresh_from_db()
    assert full_draft.state == State.DRAFT


@pytest.fixture
def published(basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any) -> Assessment:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


@pytest.mark.parametrize("version", [*MISSING, "stale"])
def test_a_yearly_review_without_its_current_version_is_refused(
    published: Assessment, officer_a_client: Client, today: Any, version: Any
) -> None:
    posted = {"version": published.version - 1} if version == "stale" else version
    url = reverse("assessments:yearly_review", args=[published.pk])

    response = officer_a_client.post(url, {**posted, "reviewed_on": today.isoformat()}, follow=True)

    assert any(m.startswith(CONFLICT) for m in _messages(response))
    published.refresh_from_db()
    assert published.last_review_on is None
