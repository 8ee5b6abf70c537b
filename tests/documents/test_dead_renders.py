"""A render left 作成中 by a killed worker is marked failed after the time limit, and can be asked again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from compliance.audit.models import AuditEvent
from compliance.documents import services
from compliance.documents.models import RenderedDocument, RenderState
from compliance.documents.tasks import fail_dead_renders

INTERRUPTED = "作成が時間内に終わりませんでした"


def _running(
    version: Any, *, for_seconds: float, fmt: str = "pdf", variant: str = "full"
) -> RenderedDocument:
    """A row as a worker leaves it when it is killed mid-render: 作成中 since ``for_seconds`` ago."""
    return RenderedDocument.objects.create(
        version=version,
        version_sha256=version.sha256,
        variant=variant,
        format=fmt,
        state=RenderState.RUNNING,
        attempts=1,
        started_at=timezone.now() - dt.timedelta(seconds=for_seconds),
    )


def _past_the_limit() -> float:
    return services.stale_after().total_seconds() + 1


def _status(client: Any, document: RenderedDocument) -> Any:
    return client.get(reverse("documents:status", kwargs={"pk": document.pk}))


def test_the_limit_is_the_task_time_limit_plus_a_small_margin() -> None:
    limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    assert limit < services.stale_after() <= limit + dt.timedelta(seconds=60)


def test_reading_the_status_of_a_dead_render_marks_it_failed_and_offers_to_ask_again(
    submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    document = _running(submitted_version, for_seconds=_past_the_limit())
    body = _status(client_for(officer_a), document).content.decode()

    assert 'data-state="failed"' in body
    assert INTERRUPTED in body
    assert "もう一度作成する" in body
    assert "hx-trigger" not in body  # the partial stops polling
    document.refresh_from_db()
    assert document.state == RenderState.FAILED
    event = AuditEvent.objects.get(action="compliance.document.failed")
    assert event.data["reason"] == "interrupted"


def test_a_render_within_the_time_limit_is_left_running(
    submitted_version: Any, officer_a: Any, client_for: Any
) -> None:
    document = _running(submitted_version, for_seconds=settings.CELERY_TASK_TIME_LIMIT - 5)
    body = _status(client_for(officer_a), document).content.decode()

    assert 'data-state="running"' in body
    document.refresh_from_db()
    assert document.state == RenderState.RUNNING
    assert not AuditEvent.objects.filter(action="compliance.document.failed").exists()


def test_the_periodic_sweep_fails_dead_renders_only(submitted_version: Any) -> None:
    dead = _running(submitted_version, for_seconds=_past_the_limit())
    alive = _running(submitted_version, for_seconds=10, fmt="docx")
    queued = RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="public", format="pdf"
    )
    done = RenderedDocument.objects.create(
        version=submitted_version,
        version_sha256=submitted_version.sha256,
        variant="public",
        format="docx",
        state=RenderState.DONE,
        started_at=timezone.now() - dt.timedelta(hours=2),
    )

    assert fail_dead_renders.delay().get() == 1

    states = dict(RenderedDocument.objects.values_list("pk", "state"))
    assert states == {
        dead.pk: RenderState.FAILED,
        alive.pk: RenderState.RUNNING,
        queued.pk: RenderState.PENDING,
        done.pk: RenderState.DONE,
    }
    assert fail_dead_renders.delay().get() == 0  # a second sweep finds nothing more
    assert AuditEvent.objects.filter(action="compliance.document.failed").count() == 1


def test_the_sweep_runs_every_minute() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["documents-fail-dead-renders"]
    assert entry["task"] == fail_dead_renders.name
    assert entry["schedule"] == 60.0


def test_a_dead_render_marked_failed_is_rendered_once_when_asked_again(
    submitted_version: Any, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = _running(submitted_version, for_seconds=_past_the_limit())
    services.dead_renders_fail()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.document_request(
            version=submitted_version, variant="full", fmt="pdf", acting_user=officer_a
        )
    again.refresh_from_db()
    assert (again.pk, again.state, again.attempts, again.error) == (document.pk, RenderState.DONE, 2, "")
    assert bytes(again.content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="compliance.document.rendered").count() == 1


def test_a_late_message_of_the_killed_run_leaves_a_finished_document_alone(
    submitted_version: Any, officer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _running(submitted_version, for_seconds=_past_the_limit())
    services.dead_renders_fail()
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(
            version=submitted_version, variant="full", fmt="pdf", acting_user=officer_a
        )
    document.refresh_from_db()
    content = bytes(document.content)

    services.document_render(document_id=document.pk)  # the broker redelivers the first message an hour on

    document.refresh_from_db()
    assert (document.state, document.attempts, bytes(document.content)) == (RenderState.DONE, 2, content)
    assert AuditEvent.objects.filter(action="compliance.document.rendered").count() == 1


@pytest.mark.parametrize("language, text", [("ja", INTERRUPTED), ("en", "was not finished in time")])
def test_the_message_is_in_the_readers_language(
    submitted_version: Any, officer_a: Any, client_for: Any, language: str, text: str
) -> None:
    document = _running(submitted_version, for_seconds=_past_the_limit())
    client = client_for(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in _status(client, document).content.decode()
