"""The Word file of a frozen version: the same structure and headings as the PDF, editable."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

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


def _parts(data: dict[str, Any]) -> dict[str, str]:
    """The .docx package's XML parts by name (what Word and LibreOffice read)."""
    content = render(data=data, sha256="b" * 64, variant=FULL, fmt="docx").content
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def test_no_style_is_left_with_a_theme_font_and_the_theme_itself_names_ipaex(
    full_data: dict[str, Any],
) -> None:
    parts = _parts(full_data)
    # Heading 5–9, Subtitle, the linked 「Heading 1 Char」 styles, the table styles: none keeps a
    # theme font, which Word would resolve through the theme's ＭＳ ゴシック / ＭＳ 明朝.
    assert (
        re.findall(r'w:(?:asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)="[^"]*"', parts["word/styles.xml"])
        == []
    )
    heading_char = re.search(r'w:styleId="Heading1Char".*?</w:style>', parts["word/styles.xml"], re.S)
    assert heading_char and 'w:eastAsia="IPAexGothic"' in heading_char.group(0)
    theme = parts["word/theme/theme1.xml"]
    assert re.findall(r'script="Jpan" typeface="([^"]*)"', theme) == ["IPAexGothic", "IPAexMincho"]
    assert 'w:themeFontLang w:val="ja-JP"' in parts["word/settings.xml"]
    assert "en-US" not in "".join(parts.values())
    assert "word/stylesWithEffects.xml" not in parts  # the template's Word 2010 copy of its styles


def test_the_package_names_hyoka_and_the_organ_not_the_template(full_data: dict[str, Any]) -> None:
    parts = _parts(full_data)
    app = parts["docProps/app.xml"]
    assert "<Application>Hyōka</Application>" in app and "Macintosh" not in app
    assert "<Company>苫小牧市長</Company>" in app
    assert "thumbnail" not in parts["_rels/.rels"]  # the template's picture of its own first page
    core = parts["docProps/core.xml"]
    assert "python-docx" not in core and "2013" not in core


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (make bench installs it)"
)
def test_libreoffice_converts_the_word_file_with_ipaex_in_its_headings(
    full_data: dict[str, Any], tmp_path: Path
) -> None:
    source = tmp_path / "assessment.docx"
    source.write_bytes(render(data=full_data, sha256="b" * 64, variant=FULL, fmt="docx").content)
    for target in ("fodt", "pdf"):
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
             "--convert-to", target, "--outdir", str(tmp_path), str(source)],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip
    flat = (tmp_path / "assessment.fodt").read_text(encoding="utf-8")
    for style in ("Heading_20_1", "Heading_20_2", "Heading_20_3", "Heading_20_1_20_Char"):
        found = re.search(rf'<style:style style:name="{style}".*?</style:style>', flat, re.S)
        assert found, style
        assert re.findall(r'style:font-name(?:-asian)?="([^"0-9]*)\d*"', found.group(0)) == [
            "IPAexGothic",
            "IPAexGothic",
        ], style
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "assessment.pdf")], capture_output=True, text=True, check=True
    ).stdout
    names = {line.split()[0].partition("+")[2] for line in fonts.splitlines()[2:]}
    assert names == {"IPAexGothic", "IPAexMincho"}
