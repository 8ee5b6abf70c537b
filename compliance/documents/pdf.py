"""HTML and PDF of a :class:`~compliance.documents.structure.Document` (WeasyPrint, A4).

The HTML is an ordinary Django template (so every piece of user text is escaped by the
template engine); the only markup that is not escaped is the data-flow diagram, which
:mod:`compliance.documents.diagrams` builds from escaped labels. WeasyPrint loads
resources through :class:`~compliance.documents.fetcher.SafeURLFetcher` only.
Bookmarks come from the headings (``bookmark-level`` in document.css): one per form
cover, one per section Ⅰ–Ⅵ and annex beneath it.

One render by default: a tagged PDF/UA-1 (structure tree, title, ``/Lang ja``) with each font
subset embedded once. Rendering in parallel (``HYOKA_PDF_PROCESSES`` above 1) is faster but
untagged, and embeds each chunk's font subsets.
A part (a form's cover, its 項目一覧, a run of sections) starts a new page where the official
form starts one (:class:`Part`), so the document splits into parts that lay out the same
alone as within the whole. The parts are shared among chunks of about equal weight (a chunk's parts need not be
neighbours: section Ⅲ alone is a third of a full assessment), and a forked child renders each
chunk (:mod:`.parallel`) without margin boxes (the running header and the page number, which
depend on the page's place in the whole). The chunks' PDFs are stitched here with pypdf: each
part's pages appended in document order, the margin boxes stamped on from WeasyPrint renders
of empty pages under the same ``@page`` rules, the outline rebuilt from the chunks' bookmarks,
the metadata carried over. With one process or one part, the whole document is rendered here
in one go, margin boxes included. docs/decisions.md says why, and what it costs.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import cast

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
    TreeObject,
)
from weasyprint import HTML

from compliance.documents import parallel
from compliance.documents.fetcher import STATIC_BASE, SafeURLFetcher
from compliance.documents.structure import Document, FormDocument, Section

TEMPLATE = "documents/pdf/document.html"
TAGGED_VARIANT = "pdf/ua-1"
MARGINS_TEMPLATE = "documents/pdf/margins.html"
HEADER_XOBJECT, FOOTER_XOBJECT = "/HyokaHeader", "/HyokaFooter"
PT_PER_PX = 0.75  # WeasyPrint measures in CSS px (1/96 in), PDF in pt (1/72 in)

#: A part's weight, in the time WeasyPrint takes to set one character of an answer: what
#: every item (a table row), every section (a heading, a table) and a cover cost besides, and
#: the data-flow diagram by the length of its SVG. Fitted (least squares, error about 0.02 s per
#: part) to the CPU time of each part rendered alone, of the benchmark's document and variants.
ITEM_WEIGHT, SECTION_WEIGHT, COVER_WEIGHT, DIAGRAM_WEIGHT_PER_CHAR = 65, 400, 3000, 0.35

#: Pango, HarfBuzz and fontconfig keep locks and caches of their own: while a render forks,
#: no other thread of this process may be inside them (runserver is threaded, eager Celery
#: renders in a request's thread), or a child inherits a lock held by nobody. Every render
#: holds this lock, with one process or many.
_RENDER_LOCK = threading.Lock()

#: A font subset's PostScript name: a tag of six capital letters, "+", the font's name.
_SUBSET_NAME = re.compile(r"^/([A-Z]{6})\+(.+)$")

#: (level, label, (x, y) in CSS px from the page's top left, "open" or "closed"): WeasyPrint's.
Bookmark = tuple[int, str, tuple[float, float], str]


COVER, ITEM_LIST, BODY = "cover", "item_list", "body"


@dataclass(frozen=True)
class Part:
    """A run of the document that starts on a new page where the official form starts one.

    A form's cover; the 項目一覧 of 様式3 and 様式4; then the sections: in 様式3 and 様式4 each
    top-level section and annex is a sheet of its own (a new page), in 様式2 the sections flow
    on from Ⅰ to Ⅳ and only the 変更箇所 annex starts a new page.
    """

    form: FormDocument
    sections: tuple[Section, ...] = ()
    kind: str = COVER

    @property
    def section(self) -> Section | None:
        return self.sections[0] if self.sections else None

    @property
    def anchor(self) -> str:
        """The id of the part's element (a named destination of the PDF, and how pages are attributed)."""
        if self.kind == BODY and self.sections:
            return f"{self.form.form}-{self.sections[0].anchor}"
        return f"{self.form.form}-{self.kind.replace('_', '-')}"


@dataclass(frozen=True)
class ChunkLayout:
    """Where a chunk's parts start, each page's bookmarks and height: sent once it is laid out."""

    starts: dict[str, int]  # each part's anchor: the page it starts on
    bookmarks: list[list[Bookmark]]  # per page
    page_heights: list[float]  # CSS px


@dataclass(frozen=True)
class ChunkPDF:
    """A chunk's PDF, and what the fetcher was asked for meanwhile (for a spying caller)."""

    pdf: bytes
    requested: list[str]
    refused: list[str]


def _starts_page(form: FormDocument, section: Section) -> bool:
    return form.form != "basic" or section.number.startswith(("別添", "（別添", "(別添"))


def document_parts(document: Document) -> list[Part]:
    parts: list[Part] = []
    for form in document.forms:
        parts.append(Part(form))
        if form.item_list:
            parts.append(Part(form, kind=ITEM_LIST))
        run: list[Section] = []
        for section in form.sections:
            if run and _starts_page(form, section):
                parts.append(Part(form, tuple(run), BODY))
                run = []
            run.append(section)
        if run:
            parts.append(Part(form, tuple(run), BODY))
    return parts


def document_html(document: Document, parts: list[Part] | None = None, *, margin_boxes: bool = True) -> str:
    """The print HTML (always Japanese: the official forms are Japanese documents).

    ``parts`` (default: all) and ``margin_boxes=False`` (no running header, no page number)
    make a chunk of the parallel render.
    """
    context = {
        "document": document,
        "parts": document_parts(document) if parts is None else parts,
        "margin_boxes": margin_boxes,
        "static_base": STATIC_BASE,
    }
    with translation.override("ja"):
        return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """Render print HTML to PDF bytes; nothing is loaded except through the safe fetcher."""
    with _RENDER_LOCK:
        return _html_to_pdf(html, fetcher or SafeURLFetcher())


def document_pdf(
    document: Document, *, fetcher: SafeURLFetcher | None = None, processes: int | None = None
) -> bytes:
    """The document's PDF, rendered by up to ``processes`` processes (default: the setting)."""
    fetcher = fetcher or SafeURLFetcher()
    parts = document_parts(document)
    count = processes_for(document, processes)
    with _RENDER_LOCK:
        if count == 1:
            return _html_to_pdf(document_html(document, parts), fetcher)
        return _parallel_pdf(document, parts, count, fetcher)


def processes_for(document: Document, processes: int | None = None) -> int:
    """How many processes :func:`document_pdf` uses: at most one per part, one where fork is missing."""
    wanted = settings.HYOKA_PDF_PROCESSES if processes is None else processes
    return max(1, min(wanted, len(document_parts(document)))) if parallel.can_fork() else 1


def part_weight(part: Part) -> float:
    weight = 0.0 if part.sections else COVER_WEIGHT
    stack = list(part.sections)
    while stack:
        section = stack.pop()
        stack.extend(section.sections)
        weight += SECTION_WEIGHT + DIAGRAM_WEIGHT_PER_CHAR * len(section.diagram_svg)
        weight += sum(ITEM_WEIGHT + len(item.label) + len(item.value) for item in section.items)
    return weight


def _html_to_pdf(html: str, fetcher: SafeURLFetcher) -> bytes:
    # PDF/UA-1: a structure tree (headings, tables), the title and /Lang ja, so that screen
    # readers read the assessment residents are entitled to read. The stitched parallel render
    # cannot keep the tree, which is why one process is the default (HYOKA_PDF_PROCESSES).
    pdf = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf(
        pdf_variant=TAGGED_VARIANT, uncompressed_pdf=False
    )
    assert pdf is not None
    return pdf


def _parallel_pdf(document: Document, parts: list[Part], count: int, fetcher: SafeURLFetcher) -> bytes:
    """Chunks rendered by forked children, the margin boxes here meanwhile, stitched together.

    Every chunk is rendered by a child, none here: a layout is millions of objects in reference
    cycles, which die with the child for free but would cost this process 0.15–0.2 s of garbage
    collection at its next render. The HTML is made before forking: the children only run WeasyPrint.
    """
    groups = parallel.balanced_groups([part_weight(part) for part in parts], count)
    tasks = [
        partial(render_chunk, document_html(document, chunk_parts, margin_boxes=False),
                anchors=[part.anchor for part in chunk_parts], fetcher=fetcher)
        for chunk_parts in ([parts[index] for index in group] for group in groups)
    ]  # fmt: skip
    with parallel.forked(tasks) as children:
        header = _margins_pdf(document, pages=1, header=True, fetcher=fetcher)  # while they lay out
        layouts: list[ChunkLayout] = children.receive()
        pages = _pages(parts, layouts)
        count = sum(len(where.pages) for where in pages)
        footers = _margins_pdf(document, pages=count, header=False, fetcher=fetcher)  # while they draw
        pdfs: list[ChunkPDF] = children.receive()
    for chunk in pdfs:
        fetcher.requested.extend(chunk.requested)
        fetcher.refused.extend(chunk.refused)
    return _stitch(pages, layouts, pdfs, header=header.pages[0], footers=list(footers.pages))


def render_chunk(html: str, send: parallel.Send, *, anchors: list[str], fetcher: SafeURLFetcher) -> ChunkPDF:
    """Render one chunk's HTML in a child: its layout is sent first, so the parent numbers the
    pages while this process draws them; then its PDF."""
    requested, refused = len(fetcher.requested), len(fetcher.refused)
    rendering = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render()
    wanted, starts = set(anchors), dict[str, int]()
    for index, page in enumerate(rendering.pages):
        for name in page.anchors:
            if name in wanted:
                starts.setdefault(name, index)
    bookmarks = [list(page.bookmarks) for page in rendering.pages]
    send(ChunkLayout(starts, bookmarks, [page.height for page in rendering.pages]))
    pdf = rendering.write_pdf(pdf_variant=None, uncompressed_pdf=False)
    assert pdf is not None
    return ChunkPDF(pdf, fetcher.requested[requested:], fetcher.refused[refused:])


@dataclass(frozen=True)
class _Pages:
    """Where a part's pages are: which chunk, which of its pages."""

    chunk: int
    pages: range
    part: Part


def _pages(parts: list[Part], layouts: list[ChunkLayout]) -> list[_Pages]:
    """Each part's pages, in document order: from its start to the next start in its chunk."""
    found: dict[str, tuple[int, range]] = {}
    for number, layout in enumerate(layouts):
        starts = sorted(layout.starts.items(), key=lambda item: item[1])
        ends = [start for _, start in starts[1:]] + [len(layout.page_heights)]
        if not starts or starts[0][1] != 0:
            raise RuntimeError(f"chunk {number}: its first page does not start a part")
        for (anchor, start), end in zip(starts, ends, strict=True):
            found[anchor] = (number, range(start, end))
    missing = [part.anchor for part in parts if part.anchor not in found]
    if missing:
        raise RuntimeError(f"parts not found in any chunk: {missing}")
    return [_Pages(*found[part.anchor], part) for part in parts]


def _stitch(
    pages: list[_Pages],
    layouts: list[ChunkLayout],
    pdfs: list[ChunkPDF],
    *,
    header: PageObject,
    footers: list[PageObject],
) -> bytes:
    """One PDF of the chunks' pages in document order: margin boxes stamped, outline rebuilt, metadata kept."""
    readers = [PdfReader(io.BytesIO(chunk.pdf)) for chunk in pdfs]
    writer = PdfWriter()
    for where in pages:  # named destinations come along with their pages
        writer.append(readers[where.chunk], pages=list(where.pages), import_outline=False)
    covers = [where.part.kind == COVER for where in pages for _ in where.pages]
    _stamp_margins(writer, header=header, footers=footers, covers=covers)
    _retag_subsets(writer)
    _add_outline(writer, [(layouts[where.chunk], index) for where in pages for index in where.pages])
    _copy_metadata(readers[0], writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _margins_pdf(document: Document, *, pages: int, header: bool, fetcher: SafeURLFetcher) -> PdfReader:
    """Empty pages under document.css's ``@page`` rules: their running header only, or their page numbers only.

    The header is the same on every page but a cover's, so one page of it serves them all;
    page numbers need the whole count of pages.
    """
    context = {"document": document, "pages": range(pages), "header": header, "static_base": STATIC_BASE}
    with translation.override("ja"):
        html = render_to_string(MARGINS_TEMPLATE, context)
    return PdfReader(io.BytesIO(_html_to_pdf(html, fetcher)))


def _stamp_margins(
    writer: PdfWriter, *, header: PageObject, footers: list[PageObject], covers: list[bool]
) -> None:
    """Draw ``header`` over every page but a cover's and ``footers[i]`` over page i, as Form XObjects.

    The pages' own content streams are left as they are (neither decoded nor rewritten, unlike
    pypdf's ``merge_page``, which made the file four times larger): a stream ``q`` goes before
    them and ``Q q /HyokaHeader Do Q q /HyokaFooter<i> Do Q`` after, since WeasyPrint leaves its
    page transformation in place at the end of a page. The names go into the pages' resources,
    which WeasyPrint shares among a chunk's pages: one dictionary gains a name per page, and no
    page needs a copy of it.
    """
    begin = writer._add_object(_stream(b"q\n"))
    header_form = _form_xobject(writer, header)
    pages = zip(writer.pages, footers, covers, strict=True)
    for number, (page, footer, cover) in enumerate(pages, start=1):
        xobjects = _xobjects(page)
        drawing = "Q\n"
        if not cover:
            xobjects[NameObject(HEADER_XOBJECT)] = header_form
            drawing += f"q {HEADER_XOBJECT} Do Q\n"
        name = f"{FOOTER_XOBJECT}{number}"
        xobjects[NameObject(name)] = _form_xobject(writer, footer)
        drawing += f"q {name} Do Q\n"
        contents = page.raw_get("/Contents")
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [begin, *streams, writer._add_object(_stream(drawing.encode()))]
        )


def _xobjects(page: DictionaryObject) -> DictionaryObject:
    """The XObject dictionary of the page's resources (made if missing), wherever it is stored."""
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = cast(DictionaryObject, page["/Resources"])  # resolved if indirect
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    return cast(DictionaryObject, resources["/XObject"])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _form_xobject(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A page (of another PDF) as a Form XObject of ``writer``: its drawing, its resources, its box."""
    contents = page.get_contents()
    form = _stream(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(page.mediabox),
            # WeasyPrint's pages share one resources object: cloned once, then referenced
            NameObject("/Resources"): page.raw_get("/Resources").clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _retag_subsets(writer: PdfWriter) -> None:
    """Give every embedded font subset a tag of its own (``ABCDEF+`` in ``/ABCDEF+IPAexMincho``).

    Each chunk and each margins render embeds its own subset of the same fonts under the same
    tag (WeasyPrint's tag depends on the font, not on the glyphs), and a viewer may take two
    subsets of one name for one and draw missing glyphs; the PDF standard (9.6.4) wants
    different subsets in a file to have different tags. The first subset keeps its tag.
    """
    used: set[str] = set()
    for font in _fonts(writer):
        match = _SUBSET_NAME.match(str(font.get("/BaseFont", "")))
        if match is None:
            continue
        tag = match[1]
        if tag in used:
            tag = _new_tag(tag, used)
            _rename_subset(font, match[1], tag)
        used.add(tag)


def _fonts(writer: PdfWriter) -> Iterator[DictionaryObject]:
    """Every font the pages use, directly or in their Form XObjects, each once."""
    stack = [page.get("/Resources") for page in writer.pages]
    seen: set[int] = set()
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in cast(DictionaryObject, resources.get("/Font") or DictionaryObject()).values():
            font = font.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
        for xobject in cast(DictionaryObject, resources.get("/XObject") or DictionaryObject()).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))


def _new_tag(tag: str, used: set[str]) -> str:
    """Six capital letters derived from ``tag``, none of ``used`` (the same on every render)."""
    for attempt in itertools.count(1):
        digest = hashlib.sha256(f"{tag}{attempt}".encode()).digest()
        candidate = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable")


def _rename_subset(font: DictionaryObject, old: str, new: str) -> None:
    """The font's name, its descendant's (a composite font) and its descriptor's, with the new tag."""
    fonts = [font, *(descendant.get_object() for descendant in font.get("/DescendantFonts") or [])]
    for entry in fonts:
        names = [(entry, "/BaseFont")]
        if "/FontDescriptor" in entry:
            names.append((entry["/FontDescriptor"].get_object(), "/FontName"))
        for owner, key in names:
            if str(owner.get(key, "")).startswith(f"/{old}+"):
                owner[NameObject(key)] = NameObject(f"/{new}+{str(owner[key])[len(old) + 2 :]}")


def _add_outline(writer: PdfWriter, pages: list[tuple[ChunkLayout, int]]) -> None:
    """The outline from each page's bookmarks (which chunk, which of its pages), as WeasyPrint writes one.

    Each bookmark goes under the last one of a lower level before it; its destination is
    ``[page /XYZ x y 0]``, y turned from CSS px down the page into pt up from its bottom.
    """
    branch: list[tuple[int, IndirectObject]] = []  # (level, item) from the root to the last item
    for page, (layout, index) in zip(writer.pages, pages, strict=True):
        height = layout.page_heights[index]
        for level, label, (x, y), state in layout.bookmarks[index]:
            while branch and branch[-1][0] >= level:
                branch.pop()
            destination = [page.indirect_reference, NameObject("/XYZ"), FloatObject(x * PT_PER_PX),
                           FloatObject((height - y) * PT_PER_PX), NumberObject(0)]  # fmt: skip
            item = TreeObject()
            item[NameObject("/Title")] = TextStringObject(label)
            item[NameObject("/Dest")] = ArrayObject(destination)
            parent = branch[-1][1] if branch else None
            reference = writer.add_outline_item_destination(item, parent=parent, is_open=state != "closed")
            branch.append((level, reference))


def _copy_metadata(source: PdfReader, writer: PdfWriter) -> None:
    """WeasyPrint's document information (title, producer) and the catalog's language."""
    if source.metadata:
        writer.add_metadata(dict(source.metadata))
    language = source.root_object.get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(language))
