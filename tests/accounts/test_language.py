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
