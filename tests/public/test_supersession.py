"""Superseded versions: a re-assessed affair has one current publication; older ones stay readable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.assessments import services
from compliance.assessments.models import Assessment, AssessmentVersion
from compliance.assessments.states import ReassessmentReason
from compliance.audit.models import AuditEvent
from compliance.public.indexing import search_index_version, search_reindex
from compliance.public.models import SearchDocument
from compliance.public.stats import statistics
from tests.assessments import factories
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db


def _publish(assessment: Assessment, officer: Any, approver: Any, reviewer: Any, capture: Any) -> Assessment:
    """Through the workflow: submit, review, accept, publish (the index follows on commit)."""
    assessment = factories.in_review(assessment, officer, approver, reviewer)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    with capture(execute=True):
        return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


@pytest.fixture
def reassessed(
    org_a: Any, officer_a: Any, approver_a: Any, reviewer: Any, django_capture_on_commit_callbacks: Any
) -> tuple[Assessment, Assessment]:
    """An affair published, re-assessed and published again: (the first publication, the current one)."""
    affair = factories.affair_with_file(org_a, name="税務に関する事務", persons=5_000, handlers=10)
    first = _publish(
        factories.draft(affair, officer_a, level="basic"), officer_a, approver_a, reviewer,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    Assessment.objects.filter(pk=first.pk).update(published_on=dt.date(2026, 4, 1))
    search_index_version(version=AssessmentVersion.objects.get(assessment=first, kind="publication"))
    again = services.reassessment_start(
        assessment=first, reason=ReassessmentReason.VOLUNTARY, acting_user=officer_a
    )
    second = _publish(again, officer_a, approver_a, reviewer, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    return first, second


def test_publishing_a_re_assessment_marks_the_earlier_publication_superseded_with_an_audit_event(
    reassessed: tuple[Assessment, Assessment],
) -> None:
    first, second = reassessed
    assert first.superseded_by_id == second.pk and first.superseded_at is not None
    assert first.state == "published"  # still public, only no longer current
    assert second.superseded_by_id is None
    event = AuditEvent.objects.get(action="compliance.assessment.superseded")
    assert event.data["superseded"] == [first.pk]


def test_a_third_publication_points_every_older_version_at_the_current_one(
    reassessed: tuple[Assessment, Assessment],
    officer_a: Any,
    approver_a: Any,
    reviewer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = reassessed
    first_superseded_at = first.superseded_at
    again = services.reassessment_start(
        assessment=second, reason=ReassessmentReason.VOLUNTARY, acting_user=officer_a
    )
    third = _publish(again, officer_a, approver_a, reviewer, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.superseded_by_id == third.pk and second.superseded_by_id == third.pk
    assert first.superseded_at == first_superseded_at  # when it first stopped being current
    assert SearchDocument.objects.filter(superseded_by__isnull=True).get().assessment_id == third.pk


def test_search_for_the_affair_returns_one_result_with_its_past_versions_one_click_away(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    _first, second = reassessed
    body = client.get(reverse("public:search"), {"q": "税務に関する事務"}).content.decode()
    assert body.count('data-testid="result"') == 1
    assert reverse("public:assessment", args=[second.pk]) in body
    assert reverse("public:assessment", args=[second.pk]) + "#history" in body
    assert "過去の版" in body


def test_statistics_count_current_publications_only(
    reassessed: tuple[Assessment, Assessment], org_b: Any
) -> None:
    published(org_b, name="別の事務", findings=[finding()])
    stats = statistics()
    assert stats.total == 2
    assert stats.by_level["basic"] == 2


def test_statistics_count_the_findings_of_current_publications_only(org_a: Any) -> None:
    old = published(org_a, name="税務事務", findings=[finding(), finding("PIA-LATE")])
    new = published(
        org_a, affair=old.affair, findings=[finding()], published_on=dt.date(2026, 5, 1), index=False
    )
    Assessment.objects.filter(pk=old.pk).update(superseded_by=new)
    search_index_version(version=AssessmentVersion.objects.get(assessment=new))
    assert dict(statistics().rules_by_year) == {"CARD-NUMBER-READ": [1]}


def test_the_feed_entry_says_it_updates_the_earlier_version_and_omits_the_old_one(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    first, second = reassessed
    for url in (reverse("public:feed"), reverse("public:feed_organization", args=[second.organization_id])):
        feed = client.get(url).content.decode()
        assert feed.count("<entry>") == 1
        assert f"assessment/{second.pk}/version/" in feed
        assert f"assessment/{first.pk}/version/" not in feed
        assert "【更新】" in feed
        assert "2026-04-01 に公表した版に代わる新しい版です。" in feed


def test_the_old_page_shows_the_notice_and_links_to_the_current_version(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    first, second = reassessed
    response = client.get(reverse("public:assessment", args=[first.pk]))
    assert response.status_code == 200  # still readable
    body = response.content.decode()
    notice = body.split('data-testid="superseded-notice"')[1].split("</div>")[0]
    assert "この評価書には新しい版があります" in notice
    assert reverse("public:assessment", args=[second.pk]) in notice


def test_the_current_page_has_no_notice_and_lists_the_past_version(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    first, second = reassessed
    body = client.get(reverse("public:assessment", args=[second.pk])).content.decode()
    assert "この評価書には新しい版があります" not in body
    assert 'data-testid="past-versions"' in body
    history = body.split('data-testid="history"')[1]
    assert reverse("public:assessment", args=[first.pk]) in history
    assert "新しい版あり" in history and "現在の版" in history


def test_the_organization_page_shows_the_affair_once_with_the_current_version(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    _first, second = reassessed
    body = client.get(reverse("public:organization", args=[second.organization_id])).content.decode()
    assert body.count('data-testid="affair"') == 1
    assert reverse("public:assessment", args=[second.pk]) in body


def test_rebuilding_the_index_keeps_the_older_version_out_of_the_current_lists(
    reassessed: tuple[Assessment, Assessment], reviewer: Any
) -> None:
    first, second = reassessed
    search_reindex(acting_user=reviewer)
    rows = {r.assessment_id: r for r in SearchDocument.objects.all()}
    assert rows[first.pk].superseded_by_id == second.pk
    assert rows[second.pk].superseded_by_id is None
    assert rows[second.pk].replaces_published_on == dt.date(2026, 4, 1)


def test_the_search_and_feed_cost_the_same_queries_with_superseded_versions(
    client: Client, org_a: Any
) -> None:
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    old = published(org_a, name="税務事務")
    few = {url: queries(url) for url in (reverse("public:search"), reverse("public:feed"))}
    for n in range(3):
        new = published(org_a, affair=old.affair, published_on=dt.date(2026, 5, 1 + n), index=False)
        Assessment.objects.filter(affair=old.affair).exclude(pk=new.pk).update(superseded_by=new)
        search_index_version(version=AssessmentVersion.objects.get(assessment=new))
    assert {url: queries(url) for url in few} == few


def test_the_notice_reads_in_english_too(client: Client, reassessed: tuple[Assessment, Assessment]) -> None:
    first, _second = reassessed
    client.cookies["django_language"] = "en"
    body = client.get(reverse("public:assessment", args=[first.pk])).content.decode()
    assert "A newer version of this assessment exists" in body
    assert "この評価書には新しい版があります" not in body


def test_the_migration_leaves_one_current_publication_per_affair_of_existing_data(
    org_a: Any, org_b: Any
) -> None:
    import importlib

    from django.apps import apps

    marking = importlib.import_module("compliance.assessments.migrations.0005_supersession")
    copying = importlib.import_module("compliance.public.migrations.0005_search_document_supersession")
    old = published(org_a, name="税務事務", published_on=dt.date(2026, 4, 1))
    middle = published(org_a, affair=old.affair, published_on=dt.date(2026, 5, 1))
    newest = published(org_a, affair=old.affair, published_on=dt.date(2026, 6, 1))
    alone = published(org_b, name="別の事務")
    marking.mark_superseded(apps, None)
    copying.copy_supersession(apps, None)
    by = dict(Assessment.objects.values_list("pk", "superseded_by_id"))
    assert by == {old.pk: newest.pk, middle.pk: newest.pk, newest.pk: None, alone.pk: None}
    current = SearchDocument.objects.filter(superseded_by__isnull=True)
    assert sorted(current.values_list("assessment_id", flat=True)) == sorted([newest.pk, alone.pk])
    assert current.get(assessment_id=newest.pk).replaces_published_on == dt.date(2026, 5, 1)


def test_the_api_lists_the_current_publication_of_the_affair_once(
    client: Client, reassessed: tuple[Assessment, Assessment]
) -> None:
    _first, second = reassessed
    data = client.get(reverse("public:api_assessments")).json()
    assert [r["id"] for r in data["results"]] == [second.pk]
