"""Re-assessments the registry prompts: an important change or a threshold rise opens or raises a draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from compliance.assessments import services
from compliance.assessments.models import Assessment, Notification
from compliance.assessments.reminders import reminders_due, reminders_send
from compliance.assessments.services.prompting import reassessments_prompt
from compliance.registry import services as registry
from compliance.registry.models import SpecificFile
from tests.assessments import factories


@pytest.fixture
def published(basic_draft: Assessment, officer_a: Any, approver_a: Any, reviewer: Any) -> Assessment:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


def _raise_persons(affair: Any, officer: Any, persons: int) -> None:
    file = SpecificFile.objects.get(affairs=affair)
    registry.file_update(file=file, acting_user=officer, expected_version=file.version, persons=persons)


def _draft_of(affair: Any) -> Assessment:
    return Assessment.objects.get(affair=affair, state="draft")


def test_an_important_change_opens_a_reassessment_draft_at_the_required_level_with_a_reminder(
    published: Assessment, officer_a: Any, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        registry.change_create(
            organization=published.organization,
            acting_user=officer_a,
            affair=published.affair,
            effective_on=today + dt.timedelta(days=90),
            important=True,
            summary="システムの全面更改",
        )
    draft = _draft_of(published.affair)
    assert draft.previous_id == published.pk
    assert draft.reassessment_reason == "important_change"
    assert draft.level == "basic"
    reminder = next(r for r in reminders_due(on=today) if r.assessment.pk == draft.pk)
    assert reminder.kind == "reassessment"
    assert "重要な変更" in reminder.message()
    assert Notification.objects.filter(
        assessment=draft, kind="reassessment_opened", recipient=officer_a
    ).exists()


def test_a_change_that_is_not_important_opens_nothing(
    published: Assessment, officer_a: Any, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        registry.change_create(
            organization=published.organization,
            acting_user=officer_a,
            affair=published.affair,
            effective_on=today,
            important=False,
            summary="様式の軽微な修正",
        )
    assert not Assessment.objects.filter(affair=published.affair, state="draft").exists()


def test_a_threshold_rise_opens_a_reassessment_at_the_higher_level(
    published: Assessment, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _raise_persons(published.affair, officer_a, 150_000)
    draft = _draft_of(published.affair)
    assert draft.level == "key"
    assert draft.reassessment_reason == "threshold_rise"
    assert sorted(draft.forms.values_list("form", flat=True)) == ["basic", "key"]


def test_a_threshold_rise_raises_the_level_of_the_draft_being_written(
    basic_draft: Assessment, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _raise_persons(basic_draft.affair, officer_a, 350_000)
    basic_draft.refresh_from_db()
    assert basic_draft.level == "full"
    assert sorted(basic_draft.forms.values_list("form", flat=True)) == ["basic", "full"]
    assert Assessment.objects.filter(affair=basic_draft.affair).count() == 1
    assert Notification.objects.filter(assessment=basic_draft, kind="level_raised").count() == 1


def test_prompting_twice_opens_one_reassessment(
    published: Assessment, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _raise_persons(published.affair, officer_a, 150_000)
    assert reassessments_prompt(organization=published.organization) == []
    assert Assessment.objects.filter(affair=published.affair).count() == 2


def test_a_withdrawn_prompted_reassessment_is_not_opened_again(
    published: Assessment, officer_a: Any, approver_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _raise_persons(published.affair, officer_a, 150_000)
    services.assessment_withdraw(
        assessment=_draft_of(published.affair),
        reason="事務の見直し中",
        acting_user=approver_a,
        expected_version=None,
    )
    assert reassessments_prompt(organization=published.organization) == []


def test_the_prompted_reassessment_reminder_is_mailed_to_the_body_once(
    published: Assessment, officer_a: Any, today: dt.date, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _raise_persons(published.affair, officer_a, 150_000)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=today) == 1
        assert reminders_send(on=today) == 0
    assert [sorted(m.to) for m in mail.outbox] == [["approver-a@example.jp", "officer-a@example.jp"]]
    assert "再評価" in mail.outbox[0].body
