"""Celery tasks of the documents app: thin, by ID (no personal data in a payload).

acks late + reject on worker lost (settings) make a killed worker's job run again;
:func:`compliance.documents.services.document_render` makes that re-run finish the
same row. The time limits come from settings (HYOKA_TASK_TIME_LIMIT); memory is bounded
per worker child by ``CELERY_WORKER_MAX_MEMORY_PER_CHILD``.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from compliance.documents.services import dead_renders_fail, document_render


@shared_task(
    name="compliance.documents.render",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_document(document_id: int) -> str:
    return document_render(document_id=document_id).state


@shared_task(name="compliance.documents.fail_dead_renders")
def fail_dead_renders() -> int:
    """Periodic (celery beat): renders 作成中 past the time limit are marked failed, to be asked again."""
    return dead_renders_fail()
