"""Japanese first: pages open in Japanese whatever the browser asks for; the switch gives English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_still_gets_japanese() -> None:
    page = Client().get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="ja">' in page


def test_an_unknown_language_cookie_falls_back_to_japanese(settings) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert '<html lang="ja">' in client.get(reverse("public:home")).content.decode()


def test_pages_vary_on_the_language_cookie_not_on_accept_language(client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    vary = {value.strip() for value in response["Vary"].split(",")}
    assert "Cookie" in vary and "Accept-Language" not in vary
    assert response["Content-Language"] == "ja"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"
