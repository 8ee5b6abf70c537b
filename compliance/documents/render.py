"""From a frozen version's JSON to file bytes: the one entry point of both renderers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from compliance.checks.snapshot import snapshot_from_declaration
from compliance.documents.diagrams import affair_png, affair_svg
from compliance.documents.structure import PUBLIC, Document, document_from_version

logger = logging.getLogger(__name__)

PDF, DOCX = "pdf", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    pages: int | None = None


def diagram_for(data: dict[str, Any], *, variant: str) -> str:
    """The affair's data-flow diagram as inline SVG ('' when the registry slice cannot be read)."""
    registry = data.get("registry")
    if not registry:
        return ""
    try:
        snapshot = snapshot_from_declaration(registry)
    except (KeyError, TypeError, ValueError):
        logger.warning("version registry slice is not a readable declaration; no diagram")
        return ""
    return affair_svg(snapshot, affair_id=data["affair"]["id"], terminals_shown=variant != PUBLIC)


def diagram_png_for(data: dict[str, Any], *, variant: str) -> bytes:
    """The same diagram as a PNG for the Word file (b'' when the registry slice cannot be read)."""
    registry = data.get("registry")
    if not registry:
        return b""
    try:
        snapshot = snapshot_from_declaration(registry)
    except (KeyError, TypeError, ValueError):
        return b""
    return affair_png(snapshot, affair_id=data["affair"]["id"], terminals_shown=variant != PUBLIC)


def build_document(*, data: dict[str, Any], sha256: str, variant: str) -> Document:
    return document_from_version(
        data=data, sha256=sha256, variant=variant, diagram_svg=diagram_for(data, variant=variant)
    )


def render(*, data: dict[str, Any], sha256: str, variant: str, fmt: str) -> Rendered:
    """The ``variant`` of the version as a ``fmt`` file."""
    document = build_document(data=data, sha256=sha256, variant=variant)
    if fmt == PDF:
        # Imported on use: WeasyPrint is slow to load and only a render needs it.
        from compliance.documents.pdf import document_pdf

        return Rendered(document_pdf(document), CONTENT_TYPES[PDF])
    if fmt == DOCX:
        # Imported on use, like the PDF writer: only a Word render needs python-docx.
        from compliance.documents.word import document_docx

        return Rendered(
            document_docx(document, diagram_png=diagram_png_for(data, variant=variant)), CONTENT_TYPES[DOCX]
        )
    raise ValueError(f"unknown format {fmt!r}")
