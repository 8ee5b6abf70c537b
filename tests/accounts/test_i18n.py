"""Japanese first, English on request; the page says which language it is in."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

HOME = reverse("public:home")


def _english_client() -> Client:
    """A visitor who chose English with the switch (the language cookie)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _lang(body: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', body)
    assert match, "no <html lang> attribute"
    return match.group(1)


def test_the_home_page_is_japanese_by_default(db: None) -> None:
    body = Client().get(HOME).content.decode()
    assert _lang(body) == "ja"
    assert "特定個人情報保護評価の公開記録" in body


def test_the_language_switch_sets_a_cookie_and_serves_english(db: None) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get(HOME).content.decode()
    assert _lang(body) == "en"
    assert "Public record of My Number protection assessments" in body
    assert "特定個人情報保護評価の公開記録" not in body


def test_switching_back_to_japanese_works(db: None) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": HOME})
    client.post(reverse("set_language"), {"language": "ja", "next": HOME})
    assert _lang(client.get(HOME).content.decode()) == "ja"


def test_the_switch_offers_the_other_language(db: None) -> None:
    body = Client().get(HOME).content.decode()
    assert 'data-testid="lang-en"' in body and 'data-testid="lang-ja"' not in body
    assert ">English</button>" in body  # each language in its own name


def test_the_english_page_offers_japanese_in_japanese(db: None) -> None:
    body = _english_client().get(HOME).content.decode()
    assert 'lang="ja" data-testid="lang-ja">日本語</button>' in body


def test_an_unknown_language_is_ignored(db: None) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "xx", "next": HOME})
    assert _lang(client.get(HOME).content.decode()) == "ja"


def test_the_login_page_is_translated(db: None) -> None:
    client = _english_client()
    body = client.get(reverse("two_factor:login")).content.decode()
    assert _lang(body) == "en"
    assert "Log in" in body


def test_every_string_of_the_base_layout_has_an_english_translation() -> None:
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    strings = re.findall(r'{% translate "([^"]+)" %}', source) + re.findall(
        r"{% translate '([^']+)' %}", source
    )
    assert strings
    with translation.override("en"):
        untranslated = [s for s in strings if translation.gettext(s) == s]
    assert not untranslated, untranslated
