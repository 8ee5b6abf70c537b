"""Issue 7: nothing unpublished of the DEMO data leaks.

After ``load_demo``, a unique marker is planted (through the services) in every draft's
answers, in a re-assessment draft of the published full assessment (its public and its
withheld items), and in a public comment that is hidden as spam; every public page, feed,
open-data file and API response is then fetched anonymously and must not contain it. The
withheld items of the published versions themselves (frozen) must not appear either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from compliance.accounts import services as accounts
from compliance.accounts.models import MembershipRole, Organization, User
from compliance.assessments import services
from compliance.assessments.models import Assessment
from compliance.assessments.services.common import filled_forms
from tests.assessments.demo_data import answers_by_publicity, load_demo, published_demo
from tests.public.test_no_leaks import _body

pytestmark = pytest.mark.django_db

MARKER = "デモ漏洩検知マーカーZK9"


@pytest.fixture(autouse=True)
def catalog() -> None:
    """The demo reads the shipped catalog ``load_demo`` loads, not the small test catalog."""
    return None


def _officer_of(organization: Organization) -> User:
    """An officer of ``organization`` (most demo bodies have none: only 苫小牧市 and 秋田市 do)."""
    membership = organization.memberships.filter(role=MembershipRole.OFFICER).first()
    if membership is not None:
        return membership.user
    user = accounts.user_create(acting_user=None, username=f"leak-officer-{organization.pk}", password=None)
    accounts.membership_grant(
        acting_user=None, user=user, organization=organization, role=MembershipRole.OFFICER
    )
    return user


def _plant_in_answers(assessment: Assessment, officer: User) -> int:
    """The marker in every free-text item the officer types, public or withheld; returns how many."""
    planted = 0
    _facts, forms = filled_forms(assessment)
    for form in forms:
        values = {
            key: f"{MARKER}:{key}"
            for key, item in form.spec.items.items()
            if item.answer_type in ("text", "long_text") and key not in form.filled
        }
        services.answers_save(
            assessment=assessment, form=form.form, values=values, acting_user=officer, expected_version=None
        )
        planted += len(values)
    return planted


@pytest.fixture
def demo() -> dict[str, Any]:
    load_demo()
    published = published_demo()
    drafts = list(Assessment.objects.filter(state="draft").select_related("organization", "affair"))
    assert published and drafts
    for draft in drafts:
        assert _plant_in_answers(draft, _officer_of(draft.organization))
    full = next(a for a in published if a.level == "full")
    officer = User.objects.get(username="demo-officer")
    again = services.reassessment_start(assessment=full, reason="voluntary", acting_user=officer)
    assert _plant_in_answers(again, officer)
    again = services.comment_period_open(
        assessment=again,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=30),
        acting_user=officer,
        expected_version=None,
    )
    spam = services.public_comment_submit(assessment=again, body=f"{MARKER} 広告", address="192.0.2.50")
    services.public_comment_moderate(
        comment=spam, action="hide", acting_user=officer, reason=f"{MARKER} スパム"
    )
    return {"published": published, "organizations": list(Organization.objects.all())}


def _public_urls(demo: dict[str, Any]) -> list[str]:
    published = demo["published"]
    by_affair: dict[int, list[int]] = {}
    for assessment in published:
        by_affair.setdefault(assessment.affair_id, []).append(assessment.pk)
    prefectures = {o.prefecture for o in demo["organizations"] if o.prefecture}
    return [
        reverse("public:home"),
        reverse("public:search"),
        reverse("public:search") + "?q=灯油",
        reverse("public:statistics"),
        reverse("public:open_data"),
        reverse("public:feed"),
        *(reverse("public:feed_prefecture", args=[code]) for code in sorted(prefectures)),
        *(
            reverse("public:download", args=[d, f])
            for d in ("assessments", "findings")
            for f in ("csv", "jsonl")
        ),
        reverse("public:api_assessments"),
        reverse("public:api_organizations"),
        reverse("public:api_findings"),
        *(
            reverse(name, args=[a.pk])
            for a in published
            for name in ("public:assessment", "public:api_assessment")
        ),
        *(
            reverse("public:diff") + f"?old={min(pks)}&new={max(pks)}"
            for pks in by_affair.values()
            if len(pks) > 1
        ),
        *(
            reverse(name, args=[o.pk])
            for o in demo["organizations"]
            for name in ("public:organization", "public:feed_organization", "public:api_organization")
        ),
    ]


def test_no_public_response_of_the_demo_contains_a_planted_marker(demo: dict[str, Any]) -> None:
    client = Client()
    for url in _public_urls(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in _body(response), url


def test_no_public_response_contains_a_withheld_answer_of_a_published_version(demo: dict[str, Any]) -> None:
    versions = [a.versions.filter(kind="publication").latest("number") for a in demo["published"]]
    withheld = set().union(*(answers_by_publicity(v.data)[1] for v in versions))
    assert withheld, "the demo's full assessment withholds security items (public: false)"
    client = Client()
    for url in _public_urls(demo):
        body = _body(client.get(url))
        leaked = [value[:40] for value in withheld if value in body]
        assert not leaked, url


def test_searching_the_demo_for_the_marker_finds_nothing(demo: dict[str, Any]) -> None:
    client = Client()
    assert client.get(reverse("public:api_assessments"), {"q": MARKER}).json()["count"] == 0
    assert client.get(reverse("public:search"), {"q": MARKER}).context["page"].paginator.count == 0
    assert client.get(reverse("public:search"), {"q": "灯油"}).context["page"].paginator.count >= 1


def test_the_published_opinion_and_its_reflection_are_public_while_the_spam_is_not(
    demo: dict[str, Any],
) -> None:
    from compliance.assessments.demo import OPINION, REFLECTION, SPAM

    full = next(a for a in demo["published"] if a.level == "full")
    body = Client().get(reverse("public:assessment", args=[full.pk])).content.decode()
    assert OPINION in body and REFLECTION in body
    assert SPAM not in body
