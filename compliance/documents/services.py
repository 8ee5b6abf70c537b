"""Writes of the documents app: ask for a document, and render it (in Celery).

:func:`document_request` is what a user does; :func:`document_render` is what the
worker does, by ID only (no personal data in a task payload). Rendering is idempotent
per (version hash, variant, format): the row is found under its unique constraint and
locked with ``select_for_update``; a finished row is never rendered again, so a task
that re-runs after its worker was killed (acks late, reject on worker lost) completes
the one row instead of writing a second file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.models import AssessmentVersion
from compliance.audit.services import record
from compliance.documents.models import RenderedDocument, RenderState
from compliance.lib.actors import Actor

logger = logging.getLogger(__name__)

#: Refuse to store a file larger than this (a runaway render is a failure, not a download).
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


def _enqueue(document_id: int) -> None:
    # Imported on use: the task module imports these services (the task is their caller).
    from compliance.documents.tasks import render_document

    render_document.delay(document_id)


#: Beyond the hard time limit, before a render still 作成中 counts as dead: the limit runs from
#: before ``started_at`` is written, so this only covers the clocks of the worker and web hosts.
STALE_MARGIN = dt.timedelta(seconds=15)


def stale_after() -> dt.timedelta:
    """How long a render may be 作成中: no task outlives the hard time limit (HYOKA_TASK_TIME_LIMIT)."""
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + STALE_MARGIN


def is_stale(document: RenderedDocument) -> bool:
    """Pending or running for longer than the hard time limit allows a task to run (plus the margin)."""
    if document.state not in (RenderState.PENDING, RenderState.RUNNING):
        return False
    since = document.started_at or document.created_at
    return since is not None and timezone.now() - since > stale_after()


def is_dead_render(document: RenderedDocument) -> bool:
    """作成中 past the hard time limit: the worker that ran it was killed or lost.

    Its message comes back only after the broker's visibility timeout (an hour), so
    without this the document would show 作成中 all that time and could not be asked for.
    """
    return document.state == RenderState.RUNNING and is_stale(document)


@transaction.atomic
def document_request(
    *, version: AssessmentVersion, variant: str, fmt: str, acting_user: Actor
) -> RenderedDocument:
    """The document of ``version`` as ``variant``/``fmt``: the stored one, or a new render.

    A failed render is queued again (the user pressed the button again), and so is a stale
    one (pending or running for longer than a task may run: its message was lost before it
    reached the broker); any other is returned as it is, so pressing twice never renders twice.
    """
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            document, created = RenderedDocument.objects.get_or_create(
                version_sha256=version.sha256,
                variant=variant,
                format=fmt,
                defaults={"version": version, "requested_by": user},
            )
    except IntegrityError:  # another request created it between our read and our insert
        document, created = (
            RenderedDocument.objects.get(version_sha256=version.sha256, variant=variant, format=fmt),
            False,
        )
    if not created:
        document = RenderedDocument.objects.select_for_update().defer("content").get(pk=document.pk)
        if document.state != RenderState.FAILED and not is_stale(document):
            return document
        document.state, document.error = RenderState.PENDING, ""
        document.save(update_fields=["state", "error"])
    record(
        "compliance.document.requested",
        actor=user,
        target=document,
        data={"version": version.pk, "variant": variant, "format": fmt, "retry": not created},
        organization_id=version.assessment.organization_id,
    )
    transaction.on_commit(lambda: _enqueue(document.pk))
    return document


def _start(document_id: int) -> RenderedDocument | None:
    """Mark the row running (and count the attempt); None when it is already done."""
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().defer("content").get(pk=document_id)
        if document.state == RenderState.DONE:
            return None
        document.state = RenderState.RUNNING
        document.attempts += 1
        document.started_at = timezone.now()
        document.error = ""
        document.save(update_fields=["state", "attempts", "started_at", "error"])
    return document


def _finish(
    document_id: int, *, content: bytes | None, content_type: str = "", error: str = ""
) -> RenderedDocument:
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().defer("content").get(pk=document_id)
        if document.state == RenderState.DONE:  # a parallel run finished first: keep its file
            return document
        if content is not None:
            document.content = content
            document.content_type = content_type
            document.size = len(content)
            document.content_sha256 = hashlib.sha256(content).hexdigest()
            document.state = RenderState.DONE
        else:
            document.state = RenderState.FAILED
            document.error = error
        document.finished_at = timezone.now()
        document.save()
        record(
            "compliance.document.rendered" if content is not None else "compliance.document.failed",
            actor=None,
            target=document,
            data=_render_event(document),
            organization_id=document.version.assessment.organization_id,
        )
    return document


def _render_event(document: RenderedDocument, **extra: str) -> dict[str, Any]:
    """What the audit event of a finished or failed render records (never the content)."""
    return {
        "version": document.version_id,
        "variant": document.variant,
        "format": document.format,
        "attempts": document.attempts,
        "size": document.size,
        **extra,
    }


def document_fail_if_dead(*, document_id: int) -> RenderedDocument:
    """Mark the render failed if it has been 作成中 longer than any task may run; the row as it is now.

    Called when the status is read and by the periodic sweep (:func:`dead_renders_fail`); the user
    then sees why, and asks again. Should the lost message still be redelivered, its task finds a
    failed row and renders it once more; a finished one it leaves alone.
    """
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().defer("content").get(pk=document_id)
        if not is_dead_render(document):
            return document
        document.state = RenderState.FAILED
        document.error = _(
            "作成が時間内に終わりませんでした（処理が中断されました）。もう一度作成してください。"
        )
        document.finished_at = timezone.now()
        document.save(update_fields=["state", "error", "finished_at"])
        record(
            "compliance.document.failed",
            actor=None,
            target=document,
            data=_render_event(document, reason="interrupted"),
            organization_id=document.version.assessment.organization_id,
        )
    return document


def dead_renders_fail() -> int:
    """Mark every render failed that has been 作成中 longer than any task may run; how many were."""
    cutoff = timezone.now() - stale_after()
    candidates = RenderedDocument.objects.filter(state=RenderState.RUNNING, started_at__lt=cutoff)
    failed = 0
    for document_id in candidates.values_list("pk", flat=True):
        failed += document_fail_if_dead(document_id=document_id).state == RenderState.FAILED
    return failed


def document_render(*, document_id: int) -> RenderedDocument:
    """Render the document (called by the task). Never raises for a render error: it is recorded.

    The render itself runs outside any transaction (it may take a while); only the start
    and the result are written, each in its own short transaction under a row lock.
    """
    # Imported on use: the writers load WeasyPrint and python-docx, which only a render needs.
    from compliance.documents.render import render

    started = _start(document_id)
    if started is None:
        return RenderedDocument.objects.defer("content").get(pk=document_id)
    version = AssessmentVersion.objects.get(pk=started.version_id)
    try:
        result = render(data=version.data, sha256=version.sha256, variant=started.variant, fmt=started.format)
    except SoftTimeLimitExceeded:
        return _finish(document_id, content=None, error=_("時間内に作成できませんでした。"))
    except Exception:
        logger.exception("rendering document %s failed", document_id)
        return _finish(
            document_id, content=None, error=_("文書を作成できませんでした。管理者に連絡してください。")
        )
    if len(result.content) > MAX_DOCUMENT_BYTES:
        return _finish(document_id, content=None, error=_("文書が大きすぎます。"))
    return _finish(document_id, content=result.content, content_type=result.content_type)
