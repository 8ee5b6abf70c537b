"""``load_demo_assessments`` (run by ``load_demo``): the demo has published assessments, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from compliance.assessments.models import Assessment, AssessmentVersion, PublicComment
from compliance.audit.models import AuditEvent
from tests.assessments.demo_data import load_demo, published_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog() -> None:
    """The demo reads the shipped catalog ``load_demo`` loads, not the small test catalog."""
    return None


def test_after_load_demo_an_anonymous_visitor_finds_the_current_publication_at_search() -> None:
    """The demo re-assesses one affair (basic, then full): search shows the full one, once; the basic
    one is a past version, readable with a notice that points to the full one."""
    load_demo()

    published = published_demo()
    assert {a.level for a in published} == {"basic", "full"}
    basic = next(a for a in published if a.level == "basic")
    full = next(a for a in published if a.level == "full")
    body = Client().get(reverse("public:search")).content.decode()
    assert full.affair.name in body
    assert reverse("public:assessment", args=[full.pk]) in body
    assert reverse("public:assessment", args=[basic.pk]) + '"' not in body
    old_page = Client().get(reverse("public:assessment", args=[basic.pk])).content.decode()
    assert "この評価書には新しい版があります" in old_page
    assert reverse("public:assessment", args=[full.pk]) in old_page


def test_the_full_assessment_went_through_comment_and_third_party_review() -> None:
    load_demo()

    full = Assessment.objects.get(state="published", level="full")
    period = full.comment_period
    assert (period.ends_on - period.starts_on).days + 1 >= 30
    assert period.closed_at is not None
    comments = {c.state: c for c in PublicComment.objects.filter(period=period)}
    assert comments["published"].reflection and comments["hidden"].hidden_reason
    assert full.third_party_review_on is not None and full.third_party_review_on > period.ends_on
    assert full.previous is not None and full.previous.state == "published"


def test_running_load_demo_twice_creates_nothing_new() -> None:
    load_demo()
    counts = (Assessment.objects.count(), AssessmentVersion.objects.count(), PublicComment.objects.count())
    events = AuditEvent.objects.filter(action__startswith="compliance.assessment").count()

    load_demo()

    assert (
        Assessment.objects.count(),
        AssessmentVersion.objects.count(),
        PublicComment.objects.count(),
    ) == counts
    assert AuditEvent.objects.filter(action__startswith="compliance.assessment").count() == events


def test_it_refuses_to_run_in_production(settings) -> None:
    settings.DJANGO_ENV = "production"
    with pytest.raises(CommandError):
        call_command("load_demo_assessments", stdout=io.StringIO())
    assert not Assessment.objects.exists()
