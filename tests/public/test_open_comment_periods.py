"""Public comment you can find: the open periods on the home page, each body's page, their list and feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compliance.assessments import services
from compliance.assessments.models import Assessment
from compliance.law import procedure
from compliance.law.procedure import comment_days_left, today_in_japan
from tests.assessments import factories

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_the_days_left_count_today_and_the_last_day() -> None:
    today = dt.date(2026, 4, 10)
    assert comment_days_left(dt.date(2026, 5, 9), today) == 30  # a 30-day period on its first day
    assert comment_days_left(today + DAY, today) == 2
    assert comment_days_left(today, today) == 1  # the last day: still open, 残り 1 日
    assert comment_days_left(today - DAY, today) == 0  # over


def test_today_is_the_date_in_tokyo_whatever_the_time_zone_of_the_process(monkeypatch: Any) -> None:
    # 15:30 UTC on 2 December is 00:30 on 3 December in Tokyo.
    monkeypatch.setattr(procedure.timezone, "now", lambda: dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC))
    with timezone.override("UTC"):
        assert today_in_japan() == dt.date(2026, 12, 3)
        assert comment_days_left(dt.date(2026, 12, 3)) == 1


def _open_period(assessment: Assessment, officer: Any, *, days: int) -> Assessment:
    today = today_in_japan()
    return services.comment_period_open(
        assessment=assessment,
        starts_on=today,
        ends_on=today + dt.timedelta(days=days - 1),
        acting_user=officer,
        expected_version=None,
    )


@pytest.fixture
def open_period(org_a: Any, officer_a: Any) -> Assessment:
    """A full assessment of org A out for comment: 30 days, starting today."""
    affair_full = factories.affair_with_file(org_a, persons=350_000, handlers=120)
    assessment = factories.answer_everything(factories.draft(affair_full, officer_a, level="full"), officer_a)
    return _open_period(assessment, officer_a, days=30)


@pytest.fixture
def closed_period(org_a: Any, officer_a: Any) -> Assessment:
    """Another full assessment of org A whose period has ended and been closed."""
    affair = factories.affair_with_file(org_a, name="終わった意見募集の事務", persons=350_000, handlers=120)
    assessment = factories.answer_everything(factories.draft(affair, officer_a, level="full"), officer_a)
    return factories.through_comment(assessment, officer_a)


def test_the_home_page_lists_the_open_period_with_the_days_left(
    client: Client, open_period: Assessment
) -> None:
    body = client.get(reverse("public:home")).content.decode()
    periods = body.split('data-testid="home-periods"')[1].split("</section>")[0]
    assert reverse("assessments:public_comment", args=[open_period.pk]) in periods
    assert "残り 30 日" in periods
    assert reverse("assessments:public_comments") in periods
    assert reverse("public:feed_comments") in periods


def test_the_organization_page_lists_its_open_periods(
    client: Client, open_period: Assessment, closed_period: Assessment, org_b: Any
) -> None:
    body = client.get(reverse("public:organization", args=[open_period.organization_id])).content.decode()
    periods = body.split('data-testid="organization-periods"')[1].split("</section>")[0]
    assert reverse("assessments:public_comment", args=[open_period.pk]) in periods
    assert reverse("assessments:public_comment", args=[closed_period.pk]) not in periods
    assert "残り 30 日" in periods
    other = client.get(reverse("public:organization", args=[org_b.pk])).content.decode()
    assert 'data-testid="organization-periods"' not in other


def test_the_list_of_open_periods_shows_the_days_left_and_the_feed(
    client: Client, open_period: Assessment
) -> None:
    body = client.get(reverse("assessments:public_comments")).content.decode()
    listed = body.split('data-testid="open-periods"')[1].split("</ul>")[0]
    assert reverse("assessments:public_comment", args=[open_period.pk]) in listed
    assert "残り 30 日" in listed
    assert reverse("public:feed_comments") in body


def test_the_open_periods_feed_lists_the_open_period_and_not_the_closed_one(
    client: Client, open_period: Assessment, closed_period: Assessment
) -> None:
    response = client.get(reverse("public:feed_comments"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert feed.count("<entry>") == 1
    assert reverse("assessments:public_comment", args=[open_period.pk]) in feed
    assert reverse("assessments:public_comment", args=[closed_period.pk]) not in feed
    assert "残り 30 日" in feed
    assert f"comment-period/{open_period.comment_period.pk}" in feed


def test_a_period_that_ended_yesterday_is_not_listed_although_nobody_closed_it(
    client: Client, open_period: Assessment
) -> None:
    factories.let_period_pass(open_period)
    assert "<entry>" not in client.get(reverse("public:feed_comments")).content.decode()
    home = client.get(reverse("public:home")).content.decode()
    assert reverse("assessments:public_comment", args=[open_period.pk]) not in home


def test_the_cached_home_page_counts_the_days_from_the_new_date(
    client: Client, open_period: Assessment, monkeypatch: Any
) -> None:
    assert "残り 30 日" in client.get(reverse("public:home")).content.decode()
    tomorrow = timezone.now() + DAY
    monkeypatch.setattr(procedure.timezone, "now", lambda: tomorrow)
    assert "残り 29 日" in client.get(reverse("public:home")).content.decode()


def test_the_feed_and_the_organization_page_cost_the_same_queries_for_more_periods(
    client: Client, open_period: Assessment, officer_a: Any
) -> None:
    urls = (
        reverse("public:feed_comments"),
        reverse("public:organization", args=[open_period.organization_id]),
    )

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"n": str(queries.calls)}).status_code == 200  # type: ignore[attr-defined]
        queries.calls += 1  # type: ignore[attr-defined]
        return len(captured)

    queries.calls = 0  # type: ignore[attr-defined]
    few = [queries(url) for url in urls]
    for n in range(3):
        affair = factories.affair_with_file(
            open_period.organization, name=f"追加の事務{n}", persons=350_000, handlers=120
        )
        more = factories.answer_everything(factories.draft(affair, officer_a, level="full"), officer_a)
        _open_period(more, officer_a, days=31 + n)
    assert [queries(url) for url in urls] == few


def test_the_days_left_read_in_english_too(client: Client, open_period: Assessment) -> None:
    client.cookies["django_language"] = "en"
    body = client.get(reverse("public:home")).content.decode()
    assert "30 days left" in body
    assert "残り" not in body


def test_the_comment_page_itself_says_how_many_days_are_left(client: Client, open_period: Assessment) -> None:
    body = client.get(reverse("assessments:public_comment", args=[open_period.pk])).content.decode()
    assert "残り 30 日" in body
