"""HTTP as caches and crawlers use it: per-host pages, conditional GET, HEAD on every public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from compliance.public.cache import HEADER
from tests.public.factories import published

pytestmark = pytest.mark.django_db


def test_the_same_page_under_two_hosts_gets_each_its_own_absolute_links(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    published(org_a, name="保育事務")
    url = reverse("public:api_assessments") + "?limit=1"
    first = client.get(url, HTTP_HOST="localhost")
    second = client.get(url, HTTP_HOST="127.0.0.1")
    assert first.json()["next"].startswith("http://localhost/")
    assert second.json()["next"].startswith("http://127.0.0.1/")
    assert second[HEADER] == "miss"
    assert client.get(url, HTTP_HOST="127.0.0.1")[HEADER] == "hit"


@pytest.mark.parametrize("name", ["public:home", "public:search", "public:feed", "public:api_assessments"])
def test_a_conditional_get_of_an_unchanged_page_answers_304(client: Client, org_a, name: str) -> None:
    published(org_a, name="税務事務")
    url = reverse(name)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_page_changed_since_answers_200_to_the_old_etag(client: Client, org_a) -> None:
    url = reverse("public:search")
    etag = client.get(url)["ETag"]
    published(org_a, name="新しい事務")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "新しい事務" in response.content.decode()


def test_the_open_data_files_answer_a_conditional_get(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    url = reverse("public:download", args=["assessments", "csv"])
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    published(org_a, name="保育事務")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def _public_pages(org_a) -> list[str]:
    assessment = published(org_a, name="税務事務", published_on=dt.date(2024, 4, 1))
    other = published(org_a, affair=assessment.affair, published_on=dt.date(2026, 4, 1))
    return [
        reverse("public:home"),
        reverse("public:search") + "?q=税務",
        reverse("public:assessment", args=[assessment.pk]),
        reverse("public:diff") + f"?old={assessment.pk}&new={other.pk}",
        reverse("public:organization", args=[org_a.pk]),
        reverse("public:statistics"),
        reverse("public:open_data"),
        *(
            reverse("public:download", args=[d, f])
            for d in ("assessments", "findings")
            for f in ("csv", "jsonl")
        ),
        reverse("public:feed"),
        reverse("public:feed_prefecture", args=[org_a.prefecture]),
        reverse("public:feed_organization", args=[org_a.pk]),
        reverse("public:api_assessments"),
        reverse("public:api_assessment", args=[assessment.pk]),
        reverse("public:api_organizations"),
        reverse("public:api_organization", args=[org_a.pk]),
        reverse("public:api_findings"),
        reverse("public:api_schedule_rows"),
        reverse("public:api_categories"),
        reverse("public:api_schema"),
        reverse("public:api_docs"),
        reverse("law:index"),
        reverse("law:linkage"),
        reverse("law:spread"),
        reverse("assessments:public_comments"),
        reverse("two_factor:login"),
    ]


def test_head_answers_200_on_every_public_page(client: Client, org_a) -> None:
    failures = {}
    for url in _public_pages(org_a):
        response = client.head(url)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}
