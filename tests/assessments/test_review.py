"""The commission's review: comments anchored to items, decisions, and two reviewers at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from compliance.assessments import services
from compliance.assessments.models import Assessment, Decision, ReviewComment
from compliance.assessments.workflow import Conflict, TransitionRefused
from compliance.audit.models import AuditEvent
from tests.assessments import factories
from tests.factories import UserFactory


@pytest.fixture
def under_review(basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any) -> Assessment:
    return factories.in_review(basic_draft, officer_a, approver_a, reviewer)


@pytest.fixture
def second_reviewer(db: None) -> Any:
    return UserFactory(username="reviewer-2", commission_role="reviewer")


def test_starting_the_review_assigns_the_reviewer(under_review: Assessment, reviewer: Any) -> None:
    assert under_review.state == "in_review"
    assert under_review.assigned_reviewer == reviewer
    assert Decision.objects.get(assessment=under_review).kind == "start_review"


def test_two_reviewers_deciding_at_once_exactly_one_wins(
    under_review: Assessment, reviewer: Any, second_reviewer: Any
) -> None:
    seen = under_review.version  # both opened the page at this version
    services.review_request_changes(
        assessment=under_review, reasons="記載が不足", acting_user=reviewer, expected_version=seen
    )
    with pytest.raises(Conflict) as conflict:
        services.review_accept(assessment=under_review, acting_user=second_reviewer, expected_version=seen)
    assert "他の人が更新しました" in conflict.value.message
    assert "修正依頼あり" in conflict.value.message
    under_review.refresh_from_db()
    assert under_review.state == "changes_requested"
    assert list(Decision.objects.filter(assessment=under_review).values_list("kind", flat=True)) == [
        "start_review",
        "request_changes",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_racing_in_parallel_get_one_success_and_one_conflict(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, second_reviewer: Any
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    seen = assessment.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user: Any, action: Any) -> None:
        try:
            barrier.wait()
            action(
                assessment=Assessment.objects.get(pk=assessment.pk), acting_user=user, expected_version=seen
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(reviewer, services.review_accept)),
        threading.Thread(
            target=decide,
            args=(second_reviewer, lambda **kw: services.review_request_changes(reasons="不足", **kw)),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]


def test_changes_are_requested_with_reasons(under_review: Assessment, reviewer: Any) -> None:
    with pytest.raises(ValidationError):
        services.review_request_changes(
            assessment=under_review, reasons=" ", acting_user=reviewer, expected_version=None
        )
    services.review_request_changes(
        assessment=under_review, reasons="事務の概要を具体的に。", acting_user=reviewer, expected_version=None
    )
    event = AuditEvent.objects.get(action="compliance.assessment.changes_requested")
    assert event.data["reasons"] == "事務の概要を具体的に。"


def test_an_officer_cannot_decide(under_review: Assessment, officer_a: Any) -> None:
    with pytest.raises(TransitionRefused) as refused:
        services.review_accept(assessment=under_review, acting_user=officer_a, expected_version=None)
    assert refused.value.code == "role"


def test_a_comment_is_anchored_to_its_item_and_section(under_review: Assessment, reviewer: Any) -> None:
    comment = services.review_comment_add(
        assessment=under_review,
        acting_user=reviewer,
        body="具体的に",
        form="basic",
        section_key="cover",
        item_key="affair_content",
    )
    assert (comment.section_key, comment.item_key) == ("related_information", "affair_content")
    assert comment.anchor == "basic-affair_content"
    assert comment.version.number == 1
    assert comment.from_commission


def test_a_comment_on_an_unknown_item_is_refused(under_review: Assessment, reviewer: Any) -> None:
    with pytest.raises(ValidationError):
        services.review_comment_add(
            assessment=under_review,
            acting_user=reviewer,
            body="?",
            form="basic",
            section_key="cover",
            item_key="nope",
        )


def test_the_officer_answers_a_comment_in_a_reply(
    under_review: Assessment, reviewer: Any, officer_a: Any
) -> None:
    question = services.review_comment_add(
        assessment=under_review,
        acting_user=reviewer,
        body="具体的に",
        form="basic",
        section_key="related_information",
    )
    with pytest.raises(TransitionRefused):
        services.review_comment_add(
            assessment=under_review,
            acting_user=officer_a,
            body="新しい話題",
            form="basic",
            section_key="cover",
        )
    reply = services.review_comment_add(
        assessment=under_review, acting_user=officer_a, body="修正しました", parent=question
    )
    assert reply.parent == question and not reply.from_commission
    assert reply.section_key == "related_information"


def test_an_officer_of_another_body_cannot_reply(
    under_review: Assessment, reviewer: Any, officer_b: Any
) -> None:
    question = services.review_comment_add(
        assessment=under_review,
        acting_user=reviewer,
        body="具体的に",
        form="basic",
        section_key="cover",
    )
    with pytest.raises(TransitionRefused):
        services.review_comment_add(assessment=under_review, acting_user=officer_b, body="?", parent=question)
    assert ReviewComment.objects.count() == 1


def test_assignment_does_not_count_as_a_decision(
    under_review: Assessment, reviewer: Any, second_reviewer: Any
) -> None:
    seen = under_review.version
    services.review_assign(assessment=under_review, reviewer=second_reviewer, acting_user=reviewer)
    under_review.refresh_from_db()
    assert under_review.assigned_reviewer == second_reviewer
    assert services.review_accept(assessment=under_review, acting_user=second_reviewer, expected_version=seen)


def test_only_commission_staff_can_be_assigned(
    under_review: Assessment, reviewer: Any, officer_a: Any
) -> None:
    with pytest.raises(ValidationError):
        services.review_assign(assessment=under_review, reviewer=officer_a, acting_user=reviewer)


def test_a_published_assessment_cannot_be_decided_again(under_review: Assessment, reviewer: Any) -> None:
    accepted = services.review_accept(assessment=under_review, acting_user=reviewer, expected_version=None)
    published = services.assessment_publish(assessment=accepted, acting_user=reviewer, expected_version=None)
    with pytest.raises(TransitionRefused) as refused:
        services.review_request_changes(
            assessment=published, reasons="遅すぎる", acting_user=reviewer, expected_version=None
        )
    assert refused.value.code == "state"
