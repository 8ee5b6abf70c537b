"""Asking for documents is throttled per account (a render costs a worker for minutes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.documents.models import RenderedDocument


@pytest.fixture
def two_per_hour(settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "documents": "2/hour",
        },
    }


def _ask(client: Client, version: Any, variant: str, fmt: str, **headers: Any) -> Any:
    url = reverse("documents:request", kwargs={"pk": version.pk, "variant": variant, "fmt": fmt})
    return client.post(url, **headers)


def test_an_officer_is_refused_with_429_after_the_rate(
    two_per_hour: None, submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    client = client_for(officer_a)
    assert _ask(client, submitted_version, "full", "pdf").status_code == 302
    assert _ask(client, submitted_version, "full", "docx").status_code == 302
    response = _ask(client, submitted_version, "public", "pdf")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    body = response.content.decode()
    assert 'data-testid="too-many-requests"' in body
    assert "一時的に制限しています" in body and "分後にもう一度お試しください" in body
    assert not RenderedDocument.objects.filter(variant="public").exists()  # nothing queued


def test_the_rate_follows_the_account_not_the_address(
    two_per_hour: None, submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    for n, fmt in enumerate(("pdf", "docx")):
        client = client_for(officer_a)
        client.defaults["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        _ask(client, submitted_version, "full", fmt)
    client = client_for(officer_a)
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    assert _ask(client, submitted_version, "public", "pdf").status_code == 429


def test_one_officers_requests_do_not_throttle_another(
    two_per_hour: None, submitted_version: Any, officer_a: Any, approver_a: Any, client_for: Any
) -> None:
    client = client_for(officer_a)
    for fmt in ("pdf", "docx", "pdf"):
        _ask(client, submitted_version, "full", fmt)
    assert _ask(client_for(approver_a), submitted_version, "public", "pdf").status_code == 302


def test_the_anonymous_public_is_throttled_per_address(two_per_hour: None, published_version: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.5")
    assert [_ask(client, published_version, "public", fmt).status_code for fmt in ("pdf", "docx", "pdf")] == [
        302,
        302,
        429,
    ]
    assert _ask(Client(REMOTE_ADDR="203.0.113.6"), published_version, "public", "pdf").status_code == 302


def test_htmx_gets_429_and_a_page_reload_that_shows_the_message(
    two_per_hour: None, submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    client = client_for(officer_a)
    for fmt in ("pdf", "docx"):
        _ask(client, submitted_version, "full", fmt, HTTP_HX_REQUEST="true")
    response = _ask(client, submitted_version, "public", "pdf", HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["HX-Refresh"] == "true"
    page = client.get(reverse("documents:version", kwargs={"pk": submitted_version.pk})).content.decode()
    assert "一時的に制限しています" in page
