"""The URL fetcher serves the product's static files and small images, and refuses everything else."""

from __future__ import annotations

import base64

import pytest

from compliance.documents.fetcher import (
    MAX_DATA_IMAGE_BYTES,
    STATIC_BASE,
    RefusedURL,
    SafeURLFetcher,
    is_allowed,
)

PNG_1PX = base64.b64encode(
    bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                  "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e1ba2a0000000049454e44ae426082")
).decode()  # fmt: skip

REFUSED = [
    "file:///etc/passwd",
    "http://127.0.0.1:6379/",
    "https://127.0.0.1:6379/",
    "http://hyoka.invalid/static/documents/document.css",  # plain http, even to our origin
    "https://example.com/static/documents/document.css",
    "https://hyoka.invalid/static/../../etc/passwd",
    "https://hyoka.invalid/static/%2e%2e/%2e%2e/etc/passwd",
    "https://hyoka.invalid/static/documents/../../compliance/settings.py",
    "https://hyoka.invalid/etc/passwd",
    "https://hyoka.invalid/static/documents/document.css?x=1",
    "https://hyoka.invalid/static/no-such-file.css",
    "https://user@hyoka.invalid/static/documents/document.css",
    "ftp://127.0.0.1/",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "data:text/css,@import url(http://127.0.0.1:6379/)",
    "data:text/html;base64,PGltZz4=",
    "data:image/png;base64," + "A" * (MAX_DATA_IMAGE_BYTES * 2),
]


@pytest.mark.parametrize("url", REFUSED)
def test_it_refuses_everything_outside_the_allow_list(url: str) -> None:
    fetcher = SafeURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert not is_allowed(url)
    assert fetcher.requested == [url]


def test_it_serves_the_products_own_stylesheet() -> None:
    response = SafeURLFetcher().fetch(f"{STATIC_BASE}documents/document.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_it_serves_a_small_embedded_image() -> None:
    response = SafeURLFetcher().fetch(f"data:image/png;base64,{PNG_1PX}")
    assert response.content_type == "image/png"
    assert response.read().startswith(b"\x89PNG")
