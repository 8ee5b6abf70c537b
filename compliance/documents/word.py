"""Word (.docx) of a :class:`~compliance.documents.structure.Document` (python-docx).

For bodies that keep their own house style: the same covers, headings and tables as the
PDF, with Word's built-in Heading 1–4 styles (so Word and LibreOffice build the
navigation pane and a table of contents from them) and plain, editable tables.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from compliance.documents.structure import WITHHELD, Document, FormDocument, Item, Section

FONT = "IPAexMincho"
HEADING_FONT = "IPAexGothic"


def _set_east_asian_font(style: object, name: str) -> None:
    """Word picks the font of Japanese text from ``w:eastAsia``, not from the style's name."""
    style.font.name = name  # type: ignore[attr-defined]
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), name)


def _setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    styles = doc.styles  # type: ignore[attr-defined]
    _set_east_asian_font(styles["Normal"], FONT)
    styles["Normal"].font.size = Pt(10.5)
    for level in range(1, 5):
        _set_east_asian_font(styles[f"Heading {level}"], HEADING_FONT)


def _items_table(doc: object, items: list[Item]) -> None:
    if not items:
        return
    table = doc.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for item in items:
        row = table.add_row().cells
        row[0].text = item.label
        row[1].text = item.value
        if item.withheld:
            row[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(65), Mm(109)


def _section(doc: object, section: Section, level: int) -> None:
    doc.add_heading(section.heading, level=level)  # type: ignore[attr-defined]
    _items_table(doc, section.items)
    for child in section.sections:
        _section(doc, child, min(level + 1, 4))


def _cover(doc: object, form: FormDocument, document: Document) -> None:
    number = doc.add_paragraph(f"評価書番号　{form.cover.number}")  # type: ignore[attr-defined]
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_heading(form.title, level=1)  # type: ignore[attr-defined]
    title = doc.add_paragraph(form.cover.title)  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _items_table(
        doc,
        [
            Item("privacy_declaration", "個人のプライバシー等の権利利益の保護の宣言", form.cover.declaration),
            Item("special_notes", "特記事項", form.cover.notes),
            Item("body_name", "評価実施機関名", form.cover.body),
            Item("published_on", "公表日", form.cover.published_on or "—"),
            *(
                [Item("ppc_approved_on", "個人情報保護委員会の承認日", form.cover.ppc_approved_on)]
                if form.form == "full" and form.cover.ppc_approved_on
                else []
            ),
        ],
    )
    variant = (
        f"公表用（セキュリティ上の支障のある項目は{WITHHELD}）"
        if document.is_public
        else "全項目（個人情報保護委員会提出用）"
    )
    doc.add_paragraph(variant)  # type: ignore[attr-defined]
    doc.add_paragraph(f"第{document.version_number}版　SHA-256 {document.sha256}")  # type: ignore[attr-defined]


def document_docx(document: Document) -> bytes:
    """The document as .docx bytes: one cover (Heading 1) per form, sections as Heading 2–4."""
    doc = new_docx()
    _setup(doc)
    doc.core_properties.title = f"{document.organization}　{document.title}"[:255]  # the property's limit
    for index, form in enumerate(document.forms):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _cover(doc, form, document)
        for section in form.sections:
            if section.number.startswith("別添"):
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _section(doc, section, 2)
            if section.diagram_svg:
                doc.add_paragraph("（データフロー図はPDF版を参照）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
