"""Reads of the documents app; every one applies :func:`compliance.documents.rules.may_read`."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from compliance.assessments.models import AssessmentVersion
from compliance.documents.models import Format, RenderedDocument, Variant
from compliance.documents.rules import may_read


def version_get_for(*, user: Any, pk: int) -> AssessmentVersion:
    """A version of which ``user`` may read at least one variant, else 404."""
    version = (
        AssessmentVersion.objects.without_document()
        .select_related("assessment__organization", "assessment__affair")
        .filter(pk=pk)
        .first()
    )
    if version is None or not any(may_read(user, version, v) for v in Variant.values):
        raise Http404("no such version")
    return version


def readable_variants(*, user: Any, version: AssessmentVersion) -> list[str]:
    return [v for v in Variant.values if may_read(user, version, v)]


def check_variant_format(variant: str, fmt: str) -> None:
    if variant not in Variant.values or fmt not in Format.values:
        raise Http404("no such document")


def documents_of(*, user: Any, version: AssessmentVersion) -> dict[tuple[str, str], RenderedDocument]:
    """The version's rendered documents the user may read, keyed by (variant, format)."""
    variants = readable_variants(user=user, version=version)
    rows = RenderedDocument.objects.without_content().filter(
        version_sha256=version.sha256, variant__in=variants
    )
    return {(row.variant, row.format): row for row in rows}


def document_get_for(*, user: Any, pk: int, with_content: bool = False) -> RenderedDocument:
    """A rendered document whose variant ``user`` may read, else 404."""
    rows = RenderedDocument.objects.select_related("version__assessment")
    rows = rows.defer("content", "version__document") if not with_content else rows.defer("version__document")
    document = rows.filter(pk=pk).first()
    if document is None or not may_read(user, document.version, document.variant):
        raise Http404("no such document")
    return document
