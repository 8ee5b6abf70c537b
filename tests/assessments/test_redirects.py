"""The review pages' ``next`` never leads off the site (the staff assignment form)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.assessments import factories
from tests.lib.test_redirects import HOSTILE


@pytest.fixture
def submitted_assessment(basic_draft: Any, officer_a: Any, approver_a: Any) -> Any:
    return factories.submitted(basic_draft, officer_a, approver_a)


def _assign(client: Any, assessment: Any, reviewer: Any, next_value: str) -> Any:
    return client.post(
        reverse("assessments:assign", kwargs={"pk": assessment.pk}),
        {"reviewer": reviewer.pk, "next": next_value},
    )


@pytest.mark.parametrize("payload", HOSTILE)
def test_the_assignment_form_does_not_redirect_off_site(
    payload: str, submitted_assessment: Any, reviewer: Any, reviewer_client: Any
) -> None:
    response = _assign(reviewer_client, submitted_assessment, reviewer, payload)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:queue")
    submitted_assessment.refresh_from_db()
    assert submitted_assessment.assigned_reviewer == reviewer  # the assignment itself still happened


def test_the_assignment_form_returns_to_a_page_of_the_site(
    submitted_assessment: Any, reviewer: Any, reviewer_client: Any
) -> None:
    back = reverse("assessments:queue") + "?state=submitted"
    response = _assign(reviewer_client, submitted_assessment, reviewer, back)
    assert response["Location"] == back
