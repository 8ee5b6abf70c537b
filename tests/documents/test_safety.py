"""Hostile text in every free-text field: nothing is fetched, nothing appears as markup.

The spy is the product's own fetcher, recording every URL WeasyPrint asks for. A
positive control proves the spy would see a fetch: raw ``<img src="file://…">`` HTML
does reach it (and is refused).
"""

from __future__ import annotations

from typing import Any

import pytest

from compliance.documents.fetcher import STATIC_BASE, SafeURLFetcher, is_allowed
from compliance.documents.pdf import document_html, html_to_pdf
from compliance.documents.render import build_document, render
from compliance.documents.structure import FULL, PUBLIC
from tests.documents.helpers import free_text_items, pdf_text, set_answer

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<a href="http://127.0.0.1:6379/">redis</a><link rel="stylesheet" href="http://127.0.0.1:6379/x.css">',
    "<style>@import url(http://127.0.0.1:6379/evil.css);</style>",
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:6379/x.png"/></svg>',
    '<div style="background: url(file:///etc/shadow)">x</div>',
]
PAYLOAD = "\n".join(HOSTILE)
RAW_MARKERS = [
    "<img",
    '<a href="http://127',
    '<link rel="stylesheet" href="http://127',
    "<style",
    "<image",
    "<div style",
    "<svg xmlns",
]


def _poison(data: dict[str, Any]) -> dict[str, Any]:
    for form, key in free_text_items(data):
        set_answer(data, form, key, PAYLOAD)
    registry = data["registry"]
    for row in registry["affairs"] + registry["files"]:
        row["name"] = PAYLOAD
    data["affair"]["name"] = PAYLOAD
    data["organization"]["name"] = PAYLOAD
    return data


class Spy(SafeURLFetcher):
    """The product's fetcher, watched."""


def _raw_outside_the_diagram(html: str, marker: str) -> bool:
    return marker in html.split('<div class="diagram">')[0] or marker in html.split("</svg>")[-1]


@pytest.mark.parametrize("variant", [FULL, PUBLIC])
def test_no_hostile_text_appears_as_markup_in_the_html(full_data: dict[str, Any], variant: str) -> None:
    html = document_html(build_document(data=_poison(full_data), sha256="c" * 64, variant=variant))
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    for marker in RAW_MARKERS:
        assert not _raw_outside_the_diagram(html, marker), marker
    svg = html.split('<div class="diagram">')[1].split("</svg>")[0]
    for marker in ("<img", "<image", "<a ", "<style", "<link"):
        assert marker not in svg


@pytest.mark.parametrize("variant", [FULL, PUBLIC])
def test_rendering_hostile_text_fetches_nothing_but_the_stylesheet(
    full_data: dict[str, Any], variant: str
) -> None:
    document = build_document(data=_poison(full_data), sha256="c" * 64, variant=variant)
    spy = Spy()
    pdf = html_to_pdf(document_html(document), fetcher=spy)
    assert spy.requested == [f"{STATIC_BASE}documents/document.css"]
    assert all(is_allowed(url) for url in spy.requested)
    assert spy.refused == []
    assert "file:///etc/passwd" in pdf_text(pdf)  # shown as text, inert


def test_the_spy_sees_a_fetch_when_markup_does_get_through() -> None:
    spy = Spy()
    html_to_pdf('<p><img src="file:///etc/passwd"><img src="http://127.0.0.1:6379/x.png"></p>', fetcher=spy)
    assert spy.refused == ["file:///etc/passwd", "http://127.0.0.1:6379/x.png"]


def test_css_imports_and_svg_images_in_raw_markup_are_refused_too() -> None:
    spy = Spy()
    html_to_pdf(
        "<style>@import url(http://127.0.0.1:6379/evil.css);</style>"
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="http://127.0.0.1:6379/x.png" width="10" height="10"/></svg>',
        fetcher=spy,
    )
    assert "http://127.0.0.1:6379/evil.css" in spy.refused
    assert "http://127.0.0.1:6379/x.png" in spy.refused
    assert not [url for url in spy.requested if is_allowed(url)]


def test_the_word_file_carries_hostile_text_as_text(full_data: dict[str, Any]) -> None:
    import io

    import docx

    content = render(data=_poison(full_data), sha256="c" * 64, variant=FULL, fmt="docx").content
    cells = [c.text for t in docx.Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells]
    assert PAYLOAD in cells
