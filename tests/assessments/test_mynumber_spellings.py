"""Public comments, reviewers' comments and form answers refuse a My Number in every spelling (番号法第19条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from compliance.assessments import services
from compliance.assessments.models import Assessment, PublicComment, ReviewComment
from tests.assessments import factories
from tests.lib.mynumber_payloads import INVALID, PAYLOADS, REPORTED

pytestmark = pytest.mark.django_db

SPELLINGS = pytest.mark.parametrize("spelling", REPORTED.values(), ids=REPORTED.keys())


@pytest.fixture
def on_comment(full_draft: Assessment, officer_a: Any, today: dt.date) -> Assessment:
    return services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )


@SPELLINGS
def test_a_public_comment_holding_a_my_number_is_refused_on_the_page(
    on_comment: Assessment, client: Client, spelling: str
) -> None:
    response = client.post(
        reverse("assessments:public_comment", args=[on_comment.pk]), {"body": f"私の番号は{spelling}です。"}
    )
    assert response.status_code == 200
    assert "個人番号" in str(response.context["form"].errors["body"])
    assert not PublicComment.objects.exists()


def test_a_public_comment_with_an_ordinary_twelve_digit_number_is_accepted(
    on_comment: Assessment, client: Client
) -> None:
    client.post(reverse("assessments:public_comment", args=[on_comment.pk]), {"body": f"受付番号 {INVALID}"})
    assert PublicComment.objects.get().body == f"受付番号 {INVALID}"


@SPELLINGS
def test_a_form_answer_holding_a_my_number_is_refused(full_draft: Any, officer_a: Any, spelling: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.answers_save(
            assessment=full_draft,
            form="full",
            values={"affair_content": f"申請者の番号（{spelling}）を確認する"},
            acting_user=officer_a,
            expected_version=None,
        )
    assert "affair_content" in refused.value.message_dict


@pytest.mark.parametrize(
    "spelling", [PAYLOADS[k] for k in ("minus sign U+2212", "kanji numerals", "newlines")]
)
def test_a_reviewers_comment_holding_a_my_number_is_refused(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, spelling: str
) -> None:
    under_review = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    with pytest.raises(ValidationError):
        services.review_comment_add(
            assessment=under_review,
            acting_user=reviewer,
            body=f"番号 {spelling} が記載されています",
            form="basic",
            section_key="cover",
            item_key="affair_content",
        )
    assert not ReviewComment.objects.exists()
