"""HTML and PDF of a :class:`~compliance.documents.structure.Document` (WeasyPrint, A4).

The HTML is an ordinary Django template (so every piece of user text is escaped by the
template engine); the only markup that is not escaped is the data-flow diagram, which
:mod:`compliance.documents.diagrams` builds from escaped labels. WeasyPrint loads
resources through :class:`~compliance.documents.fetcher.SafeURLFetcher` only.
Bookmarks come from the headings (``bookmark-level`` in document.css): one per form
cover, one per section Ⅰ–Ⅵ and annex beneath it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from compliance.documents.fetcher import STATIC_BASE, SafeURLFetcher
from compliance.documents.structure import Document

TEMPLATE = "documents/pdf/document.html"


def document_html(document: Document) -> str:
    """The print HTML (always Japanese: the official forms are Japanese documents)."""
    with translation.override("ja"):
        return render_to_string(TEMPLATE, {"document": document, "static_base": STATIC_BASE})


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """Render print HTML to PDF bytes; nothing is loaded except through the safe fetcher."""
    pdf = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher or SafeURLFetcher()).write_pdf(
        pdf_variant=None, uncompressed_pdf=False
    )
    assert pdf is not None
    return pdf


def document_pdf(document: Document, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    return html_to_pdf(document_html(document), fetcher=fetcher)
