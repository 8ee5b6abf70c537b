"""Nothing unpublished leaks: a marker planted in a draft version, a withheld item, a hidden comment
and a terminal's security details appears in no public page, feed, export or API response."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from compliance.assessments.models import AssessmentVersion
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db

MARKER = "漏洩検知マーカーQX7"


@pytest.fixture
def planted(org_a, org_b) -> dict[str, int]:
    terminals = [
        {
            "id": "t1",
            "name": f"{MARKER}端末",
            "connection": "internet",
            "write_authorized": True,
            "two_factor": False,
            "resident_register_client": False,
        }
    ]
    incidents = [{"id": "i1", "occurred_on": "2026-01-01", "serious": True, "summary": f"{MARKER}事故"}]
    public = published(
        org_a,
        name="税務事務",
        withheld=f"{MARKER}非公表項目",
        findings=[finding(justification="説明")],
        registry_extra={"terminals": terminals, "incidents": incidents},
        comments=[{"number": 1, "body": "公開の意見", "reflection": ""}],
        hidden=1,
    )
    # A draft under way and a submitted (not yet published) version of another body.
    published(org_b, name=f"{MARKER}提出中の事務", text=f"{MARKER}提出版", state="submitted", index=False)
    draft = published(org_b, name=f"{MARKER}下書き", state="draft", index=False)
    assert AssessmentVersion.objects.filter(document__contains=MARKER).count() == 3
    return {"public": public.pk, "draft": draft.pk}


def _public_urls(planted: dict[str, int], org_a, org_b) -> list[str]:
    return [
        reverse("public:home"),
        reverse("public:search"),
        reverse("public:search") + "?q=税務",
        reverse("public:assessment", args=[planted["public"]]),
        reverse("public:organization", args=[org_a.pk]),
        reverse("public:organization", args=[org_b.pk]),
        reverse("public:statistics"),
        reverse("public:feed"),
        reverse("public:feed_prefecture", args=["01"]),
        reverse("public:feed_organization", args=[org_b.pk]),
        *(
            reverse("public:download", args=[d, f])
            for d in ("assessments", "findings")
            for f in ("csv", "jsonl")
        ),
        reverse("public:api_assessments"),
        reverse("public:api_assessment", args=[planted["public"]]),
        reverse("public:api_findings"),
    ]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_no_public_response_contains_the_marker(client: Client, planted, org_a, org_b) -> None:
    for url in _public_urls(planted, org_a, org_b):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert MARKER not in body, url


def test_searching_for_the_marker_finds_nothing(client: Client, planted) -> None:
    assert client.get(reverse("public:api_assessments"), {"q": MARKER}).json()["count"] == 0
    response = client.get(reverse("public:search"), {"q": MARKER})
    assert response.context["page"].paginator.count == 0


def test_the_draft_and_the_submission_answer_404(client: Client, planted) -> None:
    assert client.get(reverse("public:assessment", args=[planted["draft"]])).status_code == 404
    assert client.get(reverse("public:api_assessment", args=[planted["draft"]])).status_code == 404
