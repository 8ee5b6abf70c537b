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
        "（別添1）　事務の内容",
        "（別添3）　変更箇所",
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
    expected = [
        [
            form.title,
            (["項目一覧"] if form.item_list else []) + [section.heading for section in form.sections],
        ]
        for form in document.forms
    ]
    actual = [[title, [child[0] for child in children]] for title, children in outline(pdfs[FULL])]
    assert actual == expected


def test_the_document_follows_the_official_layout_of_the_forms(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs[FULL])
    # A choice: the chosen value in brackets beside the numbered list, as the PPC prints it.
    assert "[実施しない]<選択肢>1)実施する2)実施しない3)未定" in "".join(text.split())
    assert "1.①　事務の名称" in text and "4.②　法令上の根拠" in text  # every item numbered
    assert "[ ○ ] 委託しない" in text  # a check box ticked from the registry (no entrustment)
    # 様式4's 項目一覧 lists its sheets in order, annexes where the form puts them.
    listing = text[text.index("項目一覧") :]
    assert listing.index("（別添1）") < listing.index("Ⅱ") < listing.index("（別添2）") < listing.index("Ⅲ")
    # The copy's purpose is never on the official face: a basic form must not read as 全項目.
    cover = pdf_pages(pdfs[FULL])[0]
    assert "全項目" not in cover and "委員会提出用" not in cover
    assert "委員会提出用（非公開項目を含む）" in pdf_pages(pdfs[FULL])[1]


def test_the_basic_form_flows_on_a_few_pages_as_the_official_sheet(pdfs: dict[str, bytes]) -> None:
    pages = pdf_pages(pdfs[FULL])
    basic_end = next(i for i, page in enumerate(pages) if "（全項目評価書）" in page)
    assert basic_end <= 6  # cover, Ⅰ–Ⅳ flowing, the 変更箇所 annex (the PPC's sheet is 5 pages)


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


def test_the_cover_is_one_table_with_the_versions_mark_beneath_it(full_data: dict[str, Any]) -> None:
    from compliance.documents.pdf import document_html

    for form in full_data["forms"]:
        form["definition"]["official_mark"] = "[平成26年4月 様式2]" if form["form"] == "basic" else ""
    document = build_document(data=full_data, sha256="a" * 64, variant=FULL)
    basic, full = document.forms
    assert basic.cover.mark == "[平成26年4月 様式2]"
    assert [label for label, _value in basic.cover.rows] == [
        "個人のプライバシー等の権利利益の保護の宣言", "特記事項", "評価実施機関名", "公表日",
    ]  # fmt: skip
    # The approval row is on every full-form cover, blank for a local government.
    assert "個人情報保護委員会 承認日 【行政機関等のみ】" in [label for label, _value in full.cover.rows]
    html = document_html(document)
    cover = html[: html.index("</section>")]
    assert cover.index("</table>") < cover.index("[平成26年4月 様式2]")


def test_every_variant_is_a_tagged_japanese_pdf_with_each_font_once(pdfs: dict[str, bytes]) -> None:
    import io

    from pypdf import PdfReader

    for variant, pdf in pdfs.items():
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "Tagged:          yes" in info, variant
        root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        assert root["/Lang"] == "ja" and "/StructTreeRoot" in root, variant
        listed = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        names = [line.split()[0].partition("+")[2] for line in listed.splitlines()[2:] if line.strip()]
        assert len(names) == len(set(names)), names  # no subset of one font embedded twice


def test_the_title_readers_and_the_file_properties_show_is_the_confirmed_assessment_title(
    full_data: dict[str, Any],
) -> None:
    import io

    import docx
    from pypdf import PdfReader

    set_answer(full_data, "full", "assessment_title", "児童手当の支給に関する事務 全項目評価書（案）")
    pdf = PdfReader(io.BytesIO(_pdf(full_data)))
    assert pdf.metadata is not None and pdf.metadata.title == "児童手当の支給に関する事務 全項目評価書（案）"
    word = docx.Document(
        io.BytesIO(render(data=full_data, sha256="a" * 64, variant=FULL, fmt="docx").content)
    )
    assert word.core_properties.title == "児童手当の支給に関する事務 全項目評価書（案）"


@pytest.mark.parametrize(
    ("persons", "handlers", "level", "forms_printed"),
    [(5_000, 30, "basic", ["特定個人情報保護評価書（基礎項目評価書）"]),
     (50_000, 100, "key", ["特定個人情報保護評価書（基礎項目評価書）", "特定個人情報保護評価書（重点項目評価書）"])],
)  # fmt: skip
def test_basic_and_key_documents_are_tagged_too_and_a_basic_one_never_reads_as_full(
    org_a: Any, forms: Any, officer_a: Any, approver_a: Any,
    persons: int, handlers: int, level: str, forms_printed: list[str],
) -> None:  # fmt: skip
    import io

    from pypdf import PdfReader

    from compliance.assessments.models import AssessmentVersion
    from tests.assessments import factories

    affair = factories.affair_with_file(
        org_a, name="予防接種に関する事務", persons=persons, handlers=handlers
    )
    assessment = factories.submitted(factories.draft(affair, officer_a, level=level), officer_a, approver_a)
    version = AssessmentVersion.objects.filter(assessment=assessment).latest("number")
    pdf = render(data=version.data, sha256=version.sha256, variant=FULL, fmt="pdf").content
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "ja"
    listed = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    names = [line.split()[0].partition("+")[2] for line in listed.splitlines()[2:] if line.strip()]
    assert len(names) == len(set(names)), names
    assert [title for title, _sections in outline(pdf)] == forms_printed
    text = pdf_text(pdf)
    assert "委員会提出用（非公開項目を含む）" in text  # the variant, in the running header
    assert "全項目（" not in text and "（全項目評価書）" not in text  # no 全項目 badge, no 様式4
    assert ("項目一覧" in text) == (level == "key")  # 様式3 and 様式4 only


def test_a_check_box_that_is_its_own_label_is_one_row_as_on_the_official_sheet(
    full_data: dict[str, Any],
) -> None:
    import io

    import docx

    from compliance.documents.pdf import document_html

    html = document_html(build_document(data=full_data, sha256="a" * 64, variant=FULL))
    assert "<th>委託しない</th>" not in html  # 様式4 Ⅲ4: no heading repeating the box
    assert '<tr><td colspan="2">[ ○ ] 委託しない</td></tr>' in html
    assert "<th>特定個人情報ファイルの取扱いの委託</th><td>[ ○ ] 委託しない</td>" not in html
    word = docx.Document(
        io.BytesIO(render(data=full_data, sha256="a" * 64, variant=FULL, fmt="docx").content)
    )
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert ["[ ○ ] 委託しない", "[ ○ ] 委託しない"] in rows  # one merged cell across the row
    assert ["委託しない", "[ ○ ] 委託しない"] not in rows
