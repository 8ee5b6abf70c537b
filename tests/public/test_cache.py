"""The portal's page cache: served once rendered, dropped by every change of what the public sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.assessments.services.procedure import assessment_end
from compliance.public.cache import HEADER, current_revision
from tests.integration.conftest import redis_url_with_db
from tests.public.factories import published

pytestmark = pytest.mark.django_db

SEARCH = reverse("public:search")


def _get(client: Client, url: str, **params: Any) -> tuple[str, str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.get(HEADER, ""), response.content.decode()


def test_a_page_is_rendered_once_then_served_with_a_single_query(client: Client, org_a) -> None:
    assessment = published(org_a, name="税務事務", text="委託先を監督する。")
    url = reverse("public:assessment", args=[assessment.pk])
    state, first = _get(client, url)
    assert state == "miss"
    with CaptureQueriesContext(connection) as queries:
        state, second = _get(client, url)
    assert state == "hit" and second == first
    assert len(queries) == 1  # the publication revision
    assert "Cookie" in client.get(url)["Vary"]  # a shared HTTP cache keeps it from session holders


def test_a_new_publication_shows_in_the_search_at_once(client: Client, org_a) -> None:
    published(org_a, name="税務事務", text="委託先を監督する。")
    _get(client, SEARCH, q="委託")
    _, body = _get(client, SEARCH, q="委託")
    assert "児童扶養手当事務" not in body
    published(org_a, name="児童扶養手当事務", text="委託先の監督を記載。")
    state, body = _get(client, SEARCH, q="委託")
    assert state == "miss" and "児童扶養手当事務" in body


def test_an_ended_affair_is_marked_at_once(client: Client, org_a, approver_a) -> None:
    assessment = published(org_a, name="税務事務")
    url = reverse("public:assessment", args=[assessment.pk])
    _, before = _get(client, url)
    assert "【終了】" not in before
    revision = current_revision()
    assessment_end(
        assessment=assessment, ended_on=dt.date(2026, 4, 30), acting_user=approver_a, expected_version=None
    )
    assert current_revision() > revision
    state, after = _get(client, url)
    assert state == "miss" and "【終了】" in after


def test_renaming_a_body_shows_on_its_transparency_page_at_once(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    url = reverse("public:organization", args=[org_a.pk])
    _get(client, url)
    org_a.name = "新苫小牧市"
    org_a.save()
    _, body = _get(client, url)
    assert "新苫小牧市" in body


def test_japanese_and_english_pages_are_kept_apart(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    _, japanese = _get(client, SEARCH)
    client.post(reverse("set_language"), {"language": "en", "next": SEARCH})
    _, english = _get(client, SEARCH)
    assert 'lang="ja"' in japanese and 'lang="en"' in english


def test_the_language_switch_works_without_a_csrf_token(org_a) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": SEARCH})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_anonymous_pages_set_no_cookie_and_carry_no_token(client: Client, org_a) -> None:
    assessment = published(org_a, name="税務事務")
    for url in (SEARCH, reverse("public:assessment", args=[assessment.pk]), reverse("public:home")):
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode() and "X-CSRFToken" not in (
            response.content.decode()
        ), url


def test_a_logged_in_user_is_never_served_a_cached_page(org_a, officer_a, client_for) -> None:
    published(org_a, name="税務事務")
    anonymous = Client()
    _get(anonymous, SEARCH)
    officer = client_for(officer_a)
    for _ in range(2):
        response = officer.get(SEARCH)
        assert HEADER not in response
        assert "ログアウト" in response.content.decode()


def test_a_visitor_with_pending_messages_gets_a_fresh_page(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    _get(client, SEARCH)
    client.cookies["messages"] = "pending"
    assert HEADER not in client.get(SEARCH)


def test_a_missing_page_is_not_cached(client: Client, org_a) -> None:
    url = reverse("public:assessment", args=[999_999])
    assert client.get(url).status_code == 404
    assessment = published(org_a, name="税務事務")
    assert client.get(reverse("public:assessment", args=[assessment.pk])).status_code == 200


def test_the_api_keeps_each_format_apart(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    url = reverse("public:api_assessments")
    as_json = client.get(url, HTTP_ACCEPT="application/json")
    as_html = client.get(url, HTTP_ACCEPT="text/html")
    again = client.get(url, HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_html["Content-Type"].startswith("text/html")
    assert again[HEADER] == "hit" and again.content == as_json.content


def test_the_cache_can_be_switched_off(client: Client, org_a, settings) -> None:
    settings.HYOKA_PUBLIC_CACHE_SECONDS = 0
    published(org_a, name="税務事務")
    for _ in range(2):
        assert HEADER not in client.get(SEARCH)


@pytest.mark.integration
def test_with_redis_the_workers_share_the_pages_and_a_publication_still_drops_them(
    client: Client, org_a, settings
) -> None:
    """``HYOKA_CACHE_URL`` on a real Redis server: a page rendered once is there for every
    process (another client here), and the next publication is shown at once."""
    import uuid

    import redis

    url = redis_url_with_db(settings.REDIS_URL, 13)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "public": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                   "TIMEOUT": 60, "KEY_PREFIX": prefix},
    }  # fmt: skip
    server = redis.Redis.from_url(url)
    try:
        published(org_a, name="税務事務", text="委託先を監督する。")
        assert _get(client, SEARCH, q="委託")[0] == "miss"
        assert server.keys(f"{prefix}:*"), "the page is stored in Redis"
        state, body = _get(Client(), SEARCH, q="委託")
        assert state == "hit" and "税務事務" in body
        published(org_a, name="児童扶養手当事務", text="委託先の監督を記載。")
        state, body = _get(Client(), SEARCH, q="委託")
        assert state == "miss" and "児童扶養手当事務" in body
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
