"""Word (.docx) of a :class:`~compliance.documents.structure.Document` (python-docx).

For bodies that keep editing in their own house style: the same covers, numbered items and
choice layout as the PDF (「[ 実施しない ] <選択肢> 1) 実施する 2) 実施しない 3) 未定」, 「[ ○ ] 委託しない」),
with Word's built-in Heading 1–4 styles (so Word and LibreOffice build the navigation pane and a
table of contents from them) and plain, editable tables. The styles name IPAex for every script
and drop the template's theme fonts, which would otherwise win over the style's font in Word
and LibreOffice (every style, the linked 「見出し 1 (文字)」 character styles included, and the theme
itself names IPAex); the language is Japanese; the footer numbers the pages; the properties name
the document, the organ that assessed (author, company), Hyōka as the application and the day the
version was frozen, and the template's leftovers (its thumbnail, its Word 2010 style copy) are gone.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import partial

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from compliance.documents.structure import ITEM_LIST, WITHHELD, Document, FormDocument, Item, Section

FONT = "IPAexMincho"
HEADING_FONT = "IPAexGothic"
LANGUAGE = "ja-JP"
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
#: A theme attribute and the explicit attribute of the same script it stands for.
_THEME_TO_FONT = dict(zip(_THEME_ATTRIBUTES, ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"), strict=True))
APPLICATION = "Hyōka"


def _fonts(rpr: object, name: str) -> None:
    """Every script in ``name``, no theme font left to override it, Japanese as the language."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    lang = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # type: ignore[attr-defined]
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _set_font(style: object, name: str) -> None:
    style.font.name = name  # type: ignore[attr-defined]
    _fonts(style.element.get_or_add_rPr(), name)  # type: ignore[attr-defined]


def _setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    styles = doc.styles  # type: ignore[attr-defined]
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        _fonts(rpr, FONT)
    _set_font(styles["Normal"], FONT)
    styles["Normal"].font.size = Pt(10.5)
    for name in ("Title", *(f"Heading {level}" for level in range(1, 5))):
        _set_font(styles[name], HEADING_FONT)
    _no_theme_fonts(styles.element)
    _japanese_theme(doc)
    _page_number_footer(section)


def _no_theme_fonts(styles: object) -> None:
    """No style left with a theme font: a major (heading) theme font becomes IPAexGothic, a minor one IPAexMincho.

    The template's other styles (Heading 5–9, Subtitle, the linked 「Heading 1 Char」 character
    styles Word applies to a heading's runs, the table styles) name only theme fonts, which Word
    resolves through the theme's Japanese fonts (ＭＳ ゴシック, ＭＳ 明朝), not through the style.
    """
    for fonts in styles.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for theme, explicit in _THEME_TO_FONT.items():
            value = fonts.attrib.pop(qn(theme), None)
            if value is not None:
                fonts.set(qn(explicit), HEADING_FONT if value.startswith("major") else FONT)


def _theme_fonts(found: re.Match[str], *, name: str) -> str:
    """A theme's major or minor font block with ``name`` for Latin, East Asian and Japanese text."""
    return re.sub(
        r'(<a:(?:latin|ea)|<a:font script="Jpan") typeface="[^"]*"', rf'\1 typeface="{name}"', found.group(0)
    )


def _japanese_theme(doc: object) -> None:
    """The theme's fonts are IPAex, its language Japanese; the template's leftovers are dropped."""
    part = doc.part  # type: ignore[attr-defined]
    for rel in list(part.rels.values()):
        if rel.reltype == RT.THEME:
            theme = rel.target_part.blob.decode("utf-8")
            for kind, name in (("majorFont", HEADING_FONT), ("minorFont", FONT)):
                theme = re.sub(
                    rf"<a:{kind}>.*?</a:{kind}>", partial(_theme_fonts, name=name), theme, flags=re.S
                )
            rel.target_part._blob = theme.encode("utf-8")
        elif rel.reltype.endswith("/stylesWithEffects"):  # Word 2010's copy of the template's styles
            part.drop_rel(rel.rId)
    lang = doc.settings.element.find(qn("w:themeFontLang"))  # type: ignore[attr-defined]
    if lang is not None:
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    package = part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of the template's first page
            del package.rels[rel.rId]


def _extended_properties(doc: object, *, company: str) -> None:
    """docProps/app.xml: Hyōka, not the template's 「Microsoft Macintosh Word」, and the organ as company."""
    for rel in doc.part.package.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            xml = rel.target_part.blob.decode("utf-8")
            xml = re.sub(
                r"<Application>[^<]*</Application>", f"<Application>{APPLICATION}</Application>", xml
            )
            escaped = company.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            xml = re.sub(r"<Company>[^<]*</Company>|<Company/>", f"<Company>{escaped}</Company>", xml)
            rel.target_part._blob = xml.encode("utf-8")


def _page_number_footer(section: object) -> None:
    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _value(item: Item) -> str:
    if item.kind == "table" and not item.withheld:
        return ""
    return f"{item.value}　{item.choices_line}" if item.choices_line and not item.withheld else item.value


def _items_table(doc: object, items: list[Item]) -> None:
    if not items:
        return
    table = doc.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for item in items:
        row = table.add_row().cells
        row[0].text = item.heading
        row[1].text = _value(item)
        if item.box_only:  # 「[ ○ ] 委託しない」 across the row, as in the PDF
            row[0].merge(row[1]).text = item.value
        elif item.kind == "heading":
            row[0].merge(row[1])
        elif item.kind == "table" and item.rows and not item.withheld:
            inner = row[1].add_table(rows=1, cols=len(item.columns))
            inner.style = "Table Grid"
            for cell, column in zip(inner.rows[0].cells, item.columns, strict=True):
                cell.text = column
            for values in item.rows:
                for cell, text in zip(inner.add_row().cells, values, strict=False):
                    cell.text = text
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
    doc.add_heading(form.title, level=1)  # type: ignore[attr-defined]
    table = doc.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "評価書番号", "評価書名"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = form.cover.number, form.cover.title
    for label, value in form.cover.rows:
        head = table.add_row().cells
        head[0].text = label
        head[0].merge(head[1])
        body = table.add_row().cells
        body[0].text = value
        body[0].merge(body[1])
    if form.cover.mark:
        mark = doc.add_paragraph(form.cover.mark)  # type: ignore[attr-defined]
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"第{document.version_number}版　SHA-256 {document.sha256}")  # type: ignore[attr-defined]


def _variant(document: Document) -> str:
    """Which copy this is, in the running header (never on the official face of the form)."""
    if document.is_public:
        return f"公表用（セキュリティ上の支障のある項目は{WITHHELD}）"
    return "委員会提出用（非公開項目を含む）"


def document_docx(document: Document, *, diagram_png: bytes = b"") -> bytes:
    """The document as .docx bytes: one cover (Heading 1) per form, sections as Heading 2–4."""
    doc = new_docx()
    _setup(doc)
    header = doc.sections[0].header.paragraphs[0]
    header.text = f"{document.organization}　{document.title}　{_variant(document)}"
    properties = doc.core_properties
    properties.title = document.document_title[:255]  # the property's limit
    properties.author = properties.last_modified_by = document.organ[:255]
    properties.language = LANGUAGE
    properties.comments = ""
    try:
        frozen = dt.datetime.fromisoformat(document.frozen_at) if document.frozen_at else None
    except ValueError:
        frozen = None
    properties.created = properties.modified = frozen or dt.datetime.now(dt.UTC)
    properties.revision = max(1, document.version_number)
    _extended_properties(doc, company=document.organ[:255])
    for index, form in enumerate(document.forms):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _cover(doc, form, document)
        if form.item_list:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_heading(ITEM_LIST, level=2)
            for heading in form.item_list:
                doc.add_paragraph(heading)
        for section in form.sections:
            if form.form != "basic" or "別添" in section.number:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _section(doc, section, 2)
            if section.diagram_svg and diagram_png:
                doc.add_picture(io.BytesIO(diagram_png), width=Mm(170))  # the PDF's Graphviz picture
            elif section.diagram_svg:
                doc.add_paragraph("（データフロー図はPDF版を参照）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
