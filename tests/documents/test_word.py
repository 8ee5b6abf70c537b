"""The Word file of a frozen version: the same structure and headings as the PDF, editable."""

from __future__ import annotations

import io
from typing import Any

import docx

from compliance.documents.render import build_document, render
from compliance.documents.structure import FULL, PUBLIC, WITHHELD
from tests.documents.helpers import outline, set_answer

SECRET = "保管場所は本庁舎地下二階サーバ室Ｂ"


def _docx(data: dict[str, Any], variant: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(render(data=data, sha256="b" * 64, variant=variant, fmt="docx").content))


def _headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_it_has_the_documents_headings_in_the_same_order(full_data: dict[str, Any]) -> None:
    expected = build_document(data=full_data, sha256="b" * 64, variant=FULL).headings()
    assert [text for _style, text in _headings(_docx(full_data, FULL))] == expected


def test_forms_are_heading_1_and_sections_heading_2_like_the_pdf_outline(full_data: dict[str, Any]) -> None:
    word = _headings(_docx(full_data, FULL))
    tops = [
        (text, [t for s, t in word[i + 1 :] if s == "Heading 2"])
        for i, (style, text) in enumerate(word)
        if style == "Heading 1"
    ]
    pdf = render(data=full_data, sha256="b" * 64, variant=FULL, fmt="pdf").content
    pdf_outline = [(title, [child[0] for child in children]) for title, children in outline(pdf)]
    # Heading 2s after each Heading 1 run to the end; cut at the next form's cover.
    trimmed = [(text, sections[: len(pdf_outline[n][1])]) for n, (text, sections) in enumerate(tops)]
    assert trimmed == pdf_outline


def test_withheld_items_are_marked_in_the_public_variant_and_present_in_the_full_one(
    full_data: dict[str, Any],
) -> None:
    set_answer(full_data, "full", "storage_place", SECRET)

    def cells(document: docx.document.Document) -> list[str]:
        return [cell.text for table in document.tables for row in table.rows for cell in row.cells]

    assert SECRET in cells(_docx(full_data, FULL))
    public = cells(_docx(full_data, PUBLIC))
    assert SECRET not in public
    assert WITHHELD in public


def test_it_is_a4_with_a_japanese_east_asian_font(full_data: dict[str, Any]) -> None:
    document = _docx(full_data, FULL)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "IPAexMincho"
    )


def test_word_and_libreoffice_see_ipaex_in_japanese_with_the_organ_as_author(
    full_data: dict[str, Any],
) -> None:
    document = _docx(full_data, FULL)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for name in ("Normal", "Heading 1", "Heading 2"):
        rpr = document.styles[name].element.rPr
        fonts = rpr.rFonts
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], name
        assert {fonts.get(f"{w}{a}") for a in ("ascii", "hAnsi", "eastAsia")} <= {
            "IPAexMincho",
            "IPAexGothic",
        }
        assert rpr.find(f"{w}lang").get(f"{w}eastAsia") == "ja-JP"
    properties = document.core_properties
    assert properties.author == "苫小牧市長" and properties.language == "ja-JP"
    assert properties.created.year > 2013 and "python-docx" not in (
        properties.comments or ""
    )  # not the template
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer  # the page-number field


def test_the_data_flow_diagram_is_embedded_as_a_picture(full_data: dict[str, Any]) -> None:
    document = _docx(full_data, FULL)
    pictures = [s for s in document.inline_shapes]
    assert pictures, "no picture in the Word file"
    blob = document.part.related_parts[pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
