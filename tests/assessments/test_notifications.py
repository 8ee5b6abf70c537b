"""Notifications of the procedure's steps: once per person and step, to the right people, on the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from compliance.accounts.models import CommissionRole
from compliance.assessments import services
from compliance.assessments.models import Assessment, Notification
from compliance.assessments.notifications import notify
from compliance.audit.models import AuditEvent
from compliance.lib.mynumber import contains_my_number
from tests.assessments import factories
from tests.factories import UserFactory


@pytest.fixture
def mailed(django_capture_on_commit_callbacks: Any) -> Any:
    """Runs the on-commit callbacks (the mail leaves on commit) of whatever the test does inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _to(kind_label: str) -> list[str]:
    return sorted(
        address for message in mail.outbox if kind_label in message.subject for address in message.to
    )


def test_a_submission_is_mailed_once_to_each_reviewer_of_the_commission(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, officer_b: Any, mailed: Any
) -> None:
    UserFactory(username="reviewer-2", commission_role=CommissionRole.REVIEWER)
    with mailed():
        factories.submitted(basic_draft, officer_a, approver_a)
    assert _to("提出") == ["reviewer-2@example.jp", "reviewer@example.jp"]
    assert Notification.objects.filter(kind="submitted").count() == 2
    assert "提出しました" in mail.outbox[0].body
    assert "submitted" in mail.outbox[0].body  # the English part follows the Japanese one


def test_a_change_request_goes_to_the_bodys_officers_and_approvers_only(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, officer_b: Any, mailed: Any
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    mail.outbox.clear()
    with mailed():
        services.review_request_changes(
            assessment=assessment, reasons="Ⅱ2の記載を具体的に。", acting_user=reviewer, expected_version=None
        )
    assert _to("修正依頼") == ["approver-a@example.jp", "officer-a@example.jp"]
    assert not Notification.objects.filter(recipient=officer_b).exists()


def test_a_resubmission_goes_to_the_assigned_reviewer(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, mailed: Any
) -> None:
    UserFactory(username="reviewer-2", commission_role=CommissionRole.REVIEWER)
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_request_changes(
        assessment=assessment, reasons="修正してください。", acting_user=reviewer, expected_version=None
    )
    mail.outbox.clear()
    with mailed():
        services.assessment_resubmit(assessment=assessment, acting_user=approver_a, expected_version=None)
    assert _to("再提出") == ["reviewer@example.jp"]


def test_acceptance_and_publication_are_each_sent_once_to_the_body(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, officer_b: Any, mailed: Any
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    mail.outbox.clear()
    with mailed():
        assessment = services.review_accept(
            assessment=assessment, acting_user=reviewer, expected_version=None
        )
        assessment = services.assessment_publish(
            assessment=assessment, acting_user=reviewer, expected_version=None
        )
    assert _to("受理") == ["approver-a@example.jp", "officer-a@example.jp"]
    assert _to("公表") == ["approver-a@example.jp", "officer-a@example.jp"]
    assert len(mail.outbox) == 4
    assert "officer-b@example.jp" not in {address for message in mail.outbox for address in message.to}


def test_the_same_step_notified_twice_sends_nothing_more(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, mailed: Any
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    with mailed():
        assessment = services.review_accept(
            assessment=assessment, acting_user=reviewer, expected_version=None
        )
    sent = len(mail.outbox)
    with mailed():
        assert notify(assessment=assessment, kind="accepted", acting_user=reviewer) == []
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(kind="accepted").count() == 2


def test_a_mail_leaves_only_when_the_step_commits(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    factories.submitted(basic_draft, officer_a, approver_a)  # on-commit callbacks never run in this test
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=reviewer, kind="submitted").exists()


def test_a_user_without_an_address_is_told_on_the_dashboard_only(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, mailed: Any
) -> None:
    reviewer.email = ""
    reviewer.save(update_fields=["email"])
    with mailed():
        factories.submitted(basic_draft, officer_a, approver_a)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=reviewer).emailed is False


def test_each_notification_leaves_an_audit_event_without_addresses(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    factories.submitted(basic_draft, officer_a, approver_a)
    event = AuditEvent.objects.get(action="compliance.assessment.notified")
    assert event.data["kind"] == "submitted"
    assert event.data["recipients"] == [reviewer.pk]
    assert "@" not in str(event.data)


def test_no_message_holds_a_my_number_even_from_a_name_that_slipped_in(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, mailed: Any
) -> None:
    from compliance.registry.models import Affair

    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    # A name written around the validators (a row from before they existed).
    Affair.objects.filter(pk=basic_draft.affair_id).update(name="予防接種 123456789018")
    mail.outbox.clear()
    with mailed():
        services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    assert mail.outbox
    for message in mail.outbox:
        assert not contains_my_number(message.subject + message.body)


def test_the_officer_dashboard_lists_the_notifications_with_a_link_to_the_assessment(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, client_for: Any, officer_b: Any
) -> None:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    services.review_request_changes(
        assessment=assessment, reasons="修正してください。", acting_user=reviewer, expected_version=None
    )
    body = client_for(officer_a).get(reverse("accounts:officer_dashboard")).content.decode()
    assert "お知らせ" in body
    assert 'data-testid="notification-changes_requested"' in body
    assert f'href="{assessment.get_absolute_url()}"' in body
    other = client_for(officer_b).get(reverse("accounts:officer_dashboard")).content.decode()
    assert "notification-changes_requested" not in other


def test_the_commission_dashboard_lists_submissions_in_english_for_an_english_page(
    basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any, client_for: Any
) -> None:
    factories.submitted(basic_draft, officer_a, approver_a)
    client = client_for(reviewer)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("accounts:commission_dashboard")).content.decode()
    assert 'data-testid="notification-submitted"' in body
    assert "submitted" in body
    assert "提出しました" not in body


def test_the_dashboard_query_count_does_not_grow_with_notifications(
    basic_draft: Assessment,
    officer_a: Any,
    approver_a: Any,
    reviewer: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(reviewer)
    url = reverse("accounts:commission_dashboard")
    factories.submitted(basic_draft, officer_a, approver_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for event in range(2, 8):
        Notification.objects.create(
            recipient=reviewer, assessment=basic_draft, kind="submitted", event=100 + event
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
