"""Helpers of the document tests: reading PDFs back (pypdf, poppler) and setting answers."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page as pypdf extracts it (what a reader's copy-paste gets)."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\f".join(pdf_pages(pdf))


def poppler_text(pdf: bytes) -> str:
    """The text as poppler's pdftotext extracts it (a second, independent extractor)."""
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) of every font of the PDF, read with pypdf."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_font = descendants[0].get_object() if descendants else font
            descriptor = descriptor_font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return sorted(fonts.items())


def outline(pdf: bytes) -> list[Any]:
    """The outline (bookmarks) as nested lists of titles: [title, [children…]]."""
    reader = PdfReader(io.BytesIO(pdf))

    def walk(entries: list[Any]) -> list[Any]:
        out: list[Any] = []
        for entry in entries:
            if isinstance(entry, list):
                out[-1][1].extend(walk(entry))
            else:
                out.append([entry.title, []])
        return out

    return walk(reader.outline)


def set_answer(data: dict[str, Any], form: str, key: str, value: Any) -> None:
    for entry in data["forms"]:
        if entry["form"] == form:
            entry["answers"][key] = value
            return
    raise KeyError(form)


def free_text_items(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(form, item) of every text or long-text item of every form of the version."""
    from compliance.assessments.definitions import spec_from_payload

    out = []
    for entry in data["forms"]:
        spec = spec_from_payload(entry["definition"])
        out.extend(
            (entry["form"], key)
            for key, item in spec.items.items()
            if item.answer_type in ("text", "long_text")
        )
    return out
