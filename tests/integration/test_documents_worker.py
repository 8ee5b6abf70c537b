"""A document render whose worker child is killed mid-render runs again and leaves exactly one file.

Real Redis and a real worker (the PostgreSQL + Redis CI stage); skipped on the embedded
default like the other integration tests. The version is made long (about sixty pages)
so that the render is still running when the test kills the pool child.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from celery import Celery

from compliance.assessments import services
from compliance.assessments.models import AssessmentVersion
from compliance.assessments.services.common import filled_forms
from compliance.audit.models import AuditEvent
from compliance.documents.models import RenderedDocument, RenderState
from tests.assessments import factories
from tests.assessments.conftest import _fresh_cache, affair_full, catalog, forms  # noqa: F401
from tests.integration.conftest import StartWorker, isolated_redis_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("celery-worker")]

LONG = "本事務における特定個人情報の取扱いについては、規程に従い適切に管理する。"


def _client(redis_url: str) -> Celery:
    app = Celery("hyoka-test-documents", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    return app


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _version_answered_with(text: str, affair: Any, officer: Any, approver: Any) -> AssessmentVersion:
    assessment = factories.draft(affair, officer, level="full")
    factories.answer_everything(assessment, officer, required_only=False)
    _facts, filled = filled_forms(assessment)
    for form in filled:
        values = {
            k: text
            for k, item in form.spec.items.items()
            if item.answer_type == "long_text" and k not in form.filled
        }
        assessment = services.answers_save(
            assessment=assessment, form=form.form, values=values, acting_user=officer, expected_version=None
        )
    factories.submitted(assessment, officer, approver)
    return AssessmentVersion.objects.filter(assessment=assessment).latest("number")


@pytest.fixture
def long_version(affair_full: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:  # noqa: F811
    """About sixty pages: still rendering when the test kills the pool child."""
    return _version_answered_with(LONG * 40, affair_full, officer_a, approver_a)


@pytest.fixture
def medium_version(affair_full: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:  # noqa: F811
    """About a dozen pages: long enough to be killed mid-render, short enough to render within
    the next test's short time limit."""
    return _version_answered_with(LONG * 8, affair_full, officer_a, approver_a)


def test_a_render_whose_worker_child_is_killed_completes_once(
    start_worker: StartWorker, queue: str, long_version: AssessmentVersion
) -> None:
    url = isolated_redis_url()
    document = RenderedDocument.objects.create(
        version=long_version, version_sha256=long_version.sha256, variant="full", format="pdf"
    )
    worker = start_worker(queue=queue, redis_url=url)
    result = _client(url).send_task("compliance.documents.render", args=[document.pk], queue=queue)

    wait_for(
        lambda: RenderedDocument.objects.filter(pk=document.pk, state=RenderState.RUNNING).exists(),
        timeout=90, what="the render to start", worker=worker,
    )  # fmt: skip
    children = _children(worker.pid)
    assert children, "the worker has no pool child"
    os.kill(children[0], signal.SIGKILL)

    assert result.get(timeout=180) == RenderState.DONE
    document.refresh_from_db()
    assert document.attempts == 2  # the first run was killed, the redelivered one finished
    assert bytes(document.content).startswith(b"%PDF-")
    assert RenderedDocument.objects.filter(version_sha256=long_version.sha256).count() == 1
    assert AuditEvent.objects.filter(action="compliance.document.rendered").count() == 1


#: The hard time limit of the next test (its workers and its own side): short, so that the test
#: waits for it, but long enough to render the dozen-page version on a busy machine.
SHORT_LIMIT = 60


def test_a_render_whose_whole_worker_is_killed_fails_after_the_time_limit_and_finishes_once_when_asked_again(
    start_worker: StartWorker,
    queue: str,
    medium_version: AssessmentVersion,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from compliance.documents import services as document_services
    from compliance.documents.tasks import render_document

    # The web side runs with the workers' limit, as a deployment does (HYOKA_TASK_TIME_LIMIT):
    # it judges renders by it, and the limits a job runs under travel in its message.
    settings.CELERY_TASK_TIME_LIMIT = SHORT_LIMIT
    env = {"HYOKA_TASK_TIME_LIMIT": str(SHORT_LIMIT)}
    limits = {"time_limit": SHORT_LIMIT, "soft_time_limit": SHORT_LIMIT - 6}
    url = settings.REDIS_URL
    client = _client(url)
    # The product's request path, routed to this test's queue.
    monkeypatch.setattr(
        document_services, "_enqueue", lambda pk: render_document.apply_async((pk,), queue=queue, **limits)
    )
    document = document_services.document_request(
        version=medium_version, variant="full", fmt="pdf", acting_user=None
    )
    first = start_worker(queue=queue, redis_url=url, env=env)
    wait_for(
        lambda: RenderedDocument.objects.filter(pk=document.pk, state=RenderState.RUNNING).exists(),
        timeout=90, what="the render to start", worker=first,
    )  # fmt: skip
    first.kill()  # the main process and its pool children: nobody is left to give the job back
    killed = time.monotonic()
    document.refresh_from_db()
    assert document.state == RenderState.RUNNING

    second = start_worker(queue=queue, redis_url=url, env=env)

    def swept_to_failed() -> bool:
        # What celery beat does every minute, sent here every half second.
        client.send_task("compliance.documents.fail_dead_renders", queue=queue).get(timeout=30)
        return RenderedDocument.objects.filter(pk=document.pk, state=RenderState.FAILED).exists()

    wait_for(swept_to_failed, timeout=SHORT_LIMIT + 60, what="the dead render to be failed", worker=second)
    failed_after = time.monotonic() - killed
    assert failed_after <= document_services.stale_after().total_seconds() + 10  # not the hour of redelivery
    document.refresh_from_db()
    assert "作成が時間内に終わりませんでした" in document.error

    again = document_services.document_request(
        version=medium_version, variant="full", fmt="pdf", acting_user=None
    )
    assert again.pk == document.pk
    wait_for(
        lambda: RenderedDocument.objects.filter(pk=document.pk, state=RenderState.DONE).exists(),
        timeout=SHORT_LIMIT + 30, what="the render asked for again", worker=second,
    )  # fmt: skip
    document.refresh_from_db()
    print(
        f"failed {failed_after:.1f} s after the kill; rendered in {document.finished_at - document.started_at}"
    )
    assert document.attempts == 2
    assert bytes(document.content).startswith(b"%PDF-")
    assert RenderedDocument.objects.filter(version_sha256=medium_version.sha256).count() == 1
    assert AuditEvent.objects.filter(action="compliance.document.rendered").count() == 1
