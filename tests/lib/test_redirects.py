"""``next`` may only lead back into the site (compliance.lib.redirects)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from compliance.lib.redirects import next_url

#: Return addresses an attacker plants in a link or a form; each must fall back.
HOSTILE = [
    "https://evil.example/",
    "http://evil.example/assessments/",
    "//evil.example",
    "//evil.example/assessments/queue/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
    "\x01javascript:alert(1)",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_hostile_next_falls_back_to_the_given_page(payload: str) -> None:
    request = RequestFactory().post("/assessments/1/assign/", {"next": payload})
    assert next_url(request, "/assessments/queue/") == "/assessments/queue/"


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_hostile_next_in_the_query_falls_back_too(payload: str) -> None:
    request = RequestFactory().get("/somewhere/", {"next": payload})
    assert next_url(request, "/assessments/queue/") == "/assessments/queue/"


@pytest.mark.parametrize(
    "target",
    ["/assessments/queue/", "/assessments/queue/?state=submitted&page=2", "http://testserver/registry/"],
)
def test_a_path_of_this_site_is_followed(target: str) -> None:
    request = RequestFactory().post("/assessments/1/assign/", {"next": target})
    assert next_url(request, "/assessments/queue/") == target


def test_an_https_request_is_not_sent_back_over_plain_http() -> None:
    request = RequestFactory().post("/x/", {"next": "http://testserver/registry/"}, secure=True)
    assert next_url(request, "/assessments/queue/") == "/assessments/queue/"


def test_no_next_means_the_fallback() -> None:
    assert next_url(RequestFactory().post("/x/", {}), "/assessments/queue/") == "/assessments/queue/"
