"""The PDF of a frozen version: Japanese text in an embedded Japanese font, sections, bookmarks, variants."""

from __future__ import annotations

import logging
import subprocess
from typing import Any

import pytest

from compliance.documents.render import build_document, render
from compliance.documents.structure import FULL, PUBLIC, WITHHELD
from tests.documents.helpers import (
    ARTIFACTS,
    outline,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    poppler_text,
    set_answer,
)

SECRET = "保管場所は本庁舎地下二階サーバ室Ｂ"


def _pdf(data: dict[str, Any], variant: str = FULL) -> bytes:
    return render(data=data, sha256="a" * 64, variant=variant, fmt="pdf").content


@pytest.fixture
def rendering(
    full_data: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> tuple[dict[str, bytes], list[str]]:
    """Both variants, and what WeasyPrint warned about while rendering them."""
    set_answer(full_data, "full", "storage_place", SECRET)  # public: false in 様式4
    set_answer(full_data, "full", "department", "髙橋𠮷野課①係")
    set_answer(full_data, "full", "published_on", "2019-05-01")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdfs = {variant: _pdf(full_data, variant) for variant in (FULL, PUBLIC)}
    return pdfs, [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def pdfs(rendering: tuple[dict[str, bytes], list[str]]) -> dict[str, bytes]:
    return rendering[0]


def test_no_character_lacks_a_glyph(rendering: tuple[dict[str, bytes], list[str]]) -> None:
    assert not [w for w in rendering[1] if "notdef" in w]


def test_it_is_an_a4_pdf(pdfs: dict[str, bytes]) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    box = PdfReader(BytesIO(pdfs[FULL])).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def test_every_font_is_an_embedded_japanese_font(pdfs: dict[str, bytes]) -> None:
    fonts = pdf_fonts(pdfs[FULL])
    assert fonts, "the PDF has no fonts"
    assert all(embedded for _name, embedded in fonts)
    # Every glyph (髙, 𠮷, ①, 和暦) came from IPAex or, for what IPAex lacks (𠮷), IPAmj Mincho.
    assert all(("IPAex" in name or "IPAmj" in name) for name, _embedded in fonts), fonts
    assert any("IPAexMincho" in name for name, _embedded in fonts)


def test_rare_kanji_circled_digits_and_wareki_dates_round_trip_through_text_extraction(
    pdfs: dict[str, bytes],
) -> None:
    for text in (pdf_text(pdfs[FULL]), poppler_text(pdfs[FULL])):
        assert "髙橋𠮷野課①係" in text
        assert "令和元年5月1日" in text


def test_the_section_headings_and_the_affair_name_are_in_the_text(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs[FULL])
    for heading in (
        "Ⅰ　基本情報",
        "Ⅱ　特定個人情報ファイルの概要",
        "Ⅵ　評価実施手続",
        "別添1　事務の内容",
        "別添3　変更箇所",
    ):
        assert heading in text
    assert "児童手当の支給に関する事務" in text
    assert "個人のプライバシー等の権利利益の保護の宣言" in text


def test_withheld_items_are_absent_from_the_public_variant_and_present_in_the_full_one(
    pdfs: dict[str, bytes],
) -> None:
    assert SECRET in pdf_text(pdfs[FULL])
    public = pdf_text(pdfs[PUBLIC])
    assert SECRET not in public
    assert WITHHELD in public


def test_the_outline_has_one_entry_per_form_and_one_per_section_beneath_it(
    pdfs: dict[str, bytes], full_data: dict[str, Any]
) -> None:
    document = build_document(data=full_data, sha256="a" * 64, variant=FULL)
    expected = [[form.title, [section.heading for section in form.sections]] for form in document.forms]
    actual = [[title, [child[0] for child in children]] for title, children in outline(pdfs[FULL])]
    assert actual == expected


def test_pages_carry_a_number_and_the_running_header(pdfs: dict[str, bytes]) -> None:
    pages = pdf_pages(pdfs[FULL])
    assert "苫小牧市　児童手当の支給に関する事務" in pages[1]
    assert f"2 / {len(pages)}" in pages[1]
    assert "苫小牧市　児童手当の支給に関する事務" not in pages[0]  # the cover has no running header


def test_the_data_flow_diagram_is_inline_vector_graphics(full_data: dict[str, Any]) -> None:
    document = build_document(data=full_data, sha256="a" * 64, variant=FULL)
    annex = next(s for s in document.forms[-1].sections if s.key == "annex1")
    assert annex.diagram_svg.startswith("<svg")
    assert "児童手当の支給に関する事務ファイル" in annex.diagram_svg


def test_page_one_renders_to_a_png_kept_as_a_test_artifact(pdfs: dict[str, bytes], tmp_path: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for variant, pdf in pdfs.items():
        (ARTIFACTS / f"document-{variant}.pdf").write_bytes(pdf)
        prefix = ARTIFACTS / f"document-{variant}-page"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", str(prefix)],
                       input=pdf, check=True)  # fmt: skip
        png = prefix.with_suffix(".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
