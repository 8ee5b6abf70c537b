"""Errors in the product's own layout, in Japanese first, with a way back."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client


def test_a_missing_page_answers_404_in_the_products_layout(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "ページが見つかりません" in body
    assert 'class="site-header"' in body and 'href="/search/"' in body


def test_the_server_error_page_renders_without_a_request_or_a_database() -> None:
    body = render_to_string("500.html")
    assert "システムエラーが発生しました" in body
    assert 'lang="en"' in body  # the English sentence for visitors who chose English


def test_every_page_names_its_favicon(db: None) -> None:
    assert 'rel="icon"' in Client().get("/").content.decode()
