"""Reminders: yearly review, five-year re-assessment, comment period ending; on dashboards and by e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail

from compliance.assessments import services, tasks
from compliance.assessments.models import Assessment, ReminderSent
from compliance.assessments.reminders import reminders_due, reminders_send
from compliance.lib.dates import add_years
from tests.assessments import factories


@pytest.fixture
def published(basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any) -> Assessment:
    assessment = factories.in_review(basic_draft, officer_a, approver_a, reviewer)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


def _kinds(day: dt.date) -> list[str]:
    return [r.kind for r in reminders_due(on=day)]


def test_the_yearly_review_shows_a_month_before_it_is_due(published: Assessment, today: dt.date) -> None:
    due = add_years(today, 1)
    assert _kinds(due - dt.timedelta(days=31)) == []
    assert _kinds(due - dt.timedelta(days=30)) == ["yearly_review"]


def test_a_recorded_review_moves_the_next_one_a_year_on(
    published: Assessment, officer_a: Any, today: dt.date
) -> None:
    services.yearly_review_record(assessment=published, reviewed_on=today, acting_user=officer_a)
    assert reminders_due(on=add_years(today, 1))[0].due_on == add_years(today, 1)


def test_the_five_year_reassessment_shows_until_a_reassessment_starts(
    published: Assessment, officer_a: Any, today: dt.date
) -> None:
    day = add_years(today, 5) - dt.timedelta(days=10)
    assert "five_years" in _kinds(day)
    services.reassessment_start(assessment=published, reason="five_years", acting_user=officer_a)
    assert "five_years" not in _kinds(day)


def test_the_end_of_a_comment_period_is_announced(
    full_draft: Assessment, officer_a: Any, today: dt.date
) -> None:
    services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )
    assert _kinds(today) == []
    assert _kinds(today + dt.timedelta(days=26)) == ["comment_ending"]


def test_reminders_are_mailed_once_to_the_organisations_members(
    published: Assessment, today: dt.date, officer_b: Any, django_capture_on_commit_callbacks: Any
) -> None:
    day = add_years(today, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=day) == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["approver-a@example.jp", "officer-a@example.jp"]
    assert "見直し" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=day) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_the_daily_job_closes_expired_periods(full_draft: Assessment, officer_a: Any, today: dt.date) -> None:
    services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )
    assert tasks.close_expired_comment_periods.delay().get() == []
    factories.let_period_pass(full_draft)
    assert tasks.close_expired_comment_periods.delay().get() == [full_draft.pk]
    full_draft.refresh_from_db()
    assert full_draft.state == "comment_closed"


def test_the_beat_schedule_runs_both_jobs_daily() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "compliance.assessments.send_reminders",
        "compliance.assessments.close_expired_comment_periods",
    } <= scheduled
    current_app.loader.import_default_modules()  # every app's tasks, as a worker loads them
    assert scheduled <= set(current_app.tasks)


def test_a_dashboard_shows_the_reminders_of_the_users_bodies_only(
    published: Assessment, officer_a: Any, officer_b: Any, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.template import Context, Template

    from compliance.assessments import reminders

    real = reminders.reminders_due
    monkeypatch.setattr(
        "compliance.assessments.templatetags.assessment_tags.reminders_due",
        lambda **kw: real(on=add_years(today, 1), **kw),
    )
    template = Template("{% load assessment_tags %}{% assessment_reminders user %}")
    assert "見直し" in template.render(Context({"user": officer_a}))
    assert "見直し" not in template.render(Context({"user": officer_b}))


def test_a_reminder_nobody_could_receive_is_not_recorded_and_goes_out_once_an_address_is_added(
    published: Assessment,
    officer_a: Any,
    approver_a: Any,
    today: dt.date,
    django_capture_on_commit_callbacks: Any,
) -> None:
    day = add_years(today, 1)
    for user in (officer_a, approver_a):
        user.email = ""
        user.save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=day) == 0
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    officer_a.email = "officer-a@example.jp"
    officer_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(on=day) == 1
    assert [m.to for m in mail.outbox] == [["officer-a@example.jp"]]
    assert ReminderSent.objects.get().recipients == 1


def test_the_scheduled_jobs_command_runs_the_daily_jobs_without_a_broker(
    published: Assessment, full_draft: Assessment, officer_a: Any, today: dt.date
) -> None:
    from io import StringIO

    from django.core.management import call_command

    services.comment_period_open(
        assessment=full_draft,
        starts_on=today,
        ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a,
        expected_version=None,
    )
    factories.let_period_pass(full_draft)
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    full_draft.refresh_from_db()
    assert full_draft.state == "comment_closed"
    assert "1 comment period(s) closed" in out.getvalue()
