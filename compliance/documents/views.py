"""Pages of the documents app: a version's files, their rendering status (htmx), downloads.

Every view reads through :mod:`compliance.documents.selectors`, which answers 404 for a
version or variant the user may not read (see :mod:`compliance.documents.rules`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from compliance.accounts.throttling import document_request_allowed, too_many_requests_message
from compliance.assessments.models import AssessmentVersion
from compliance.documents import selectors, services
from compliance.documents.models import Format, Variant
from compliance.lib.actors import request_actor

#: How often the status partial asks again while a document renders.
POLL_SECONDS = 2


def _cells(user: Any, version: AssessmentVersion) -> list[dict[str, object]]:
    existing = selectors.documents_of(user=user, version=version)
    return [
        {"variant": variant, "variant_label": Variant(variant).label, "format": fmt, "format_label": Format(fmt).label,
         "document": existing.get((variant, fmt))}
        for variant in selectors.readable_variants(user=user, version=version)
        for fmt in Format.values
    ]  # fmt: skip


@require_GET
def version_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The files of one version the user may read, with a button to make each."""
    version = selectors.version_get_for(user=request.user, pk=pk)
    return render(
        request,
        "documents/version_documents.html",
        {"version": version, "cells": _cells(request.user, version), "poll_seconds": POLL_SECONDS},
    )


@require_POST
def request_document(request: HttpRequest, pk: int, variant: str, fmt: str) -> HttpResponse:
    """Ask for a file; htmx gets the status partial back, a plain form the page.

    Each request may cost a worker minutes, so a client gets only so many in a period
    (``HYOKA_DOCUMENT_REQUEST_RATE``); past it the answer is 429 and says when to try again.
    """
    selectors.check_variant_format(variant, fmt)
    version = selectors.version_get_for(user=request.user, pk=pk)
    if variant not in selectors.readable_variants(user=request.user, version=version):
        raise Http404("no such document")
    allowed, wait = document_request_allowed(request)
    if not allowed:
        return _too_many_requests(request, version, wait)
    document = services.document_request(
        version=version, variant=variant, fmt=fmt, acting_user=request_actor(request)
    )
    if request.headers.get("HX-Request"):
        document = selectors.document_get_for(user=request.user, pk=document.pk)
        return render(request, "documents/_status.html", {"document": document, "poll_seconds": POLL_SECONDS})
    return redirect("documents:version", pk=version.pk)


def _too_many_requests(request: HttpRequest, version: AssessmentVersion, wait: int) -> HttpResponse:
    message = too_many_requests_message(wait)
    if request.headers.get("HX-Request"):
        # htmx swaps nothing on a 4xx: the page reloads and shows the message at its top.
        messages.error(request, message)
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["HX-Refresh"] = "true"
    else:
        response = render(
            request,
            "documents/too_many_requests.html",
            {"version": version, "message": message},
            status=429,
        )
    response["Retry-After"] = str(wait)
    return response


@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status partial: progress while rendering (polls itself), the link when ready, the error if failed.

    A render 作成中 past the time limit is dead (its worker was killed): it is marked failed here,
    so the user is told and may ask again instead of watching it for an hour.
    """
    document = selectors.document_get_for(user=request.user, pk=pk)
    if services.is_dead_render(document):
        services.document_fail_if_dead(document_id=document.pk)
        document = selectors.document_get_for(user=request.user, pk=pk)
    return render(request, "documents/_status.html", {"document": document, "poll_seconds": POLL_SECONDS})


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for(user=request.user, pk=pk, with_content=True)
    if not document.is_ready:
        return redirect("documents:version", pk=document.version_id)
    response = HttpResponse(bytes(document.content or b""), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    if document.variant == Variant.FULL:
        response["Cache-Control"] = "private, no-store"
    return response
