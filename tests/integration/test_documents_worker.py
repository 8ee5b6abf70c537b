"""A document render whose worker child is killed mid-render runs again and leaves exactly one file.

Real Redis and a real worker (the PostgreSQL + Redis CI stage); skipped on the embedded
default like the other integration tests. The version is made long (about sixty pages)
so that the render is still running when the test kills the pool child.
"""

from __future__ import annotations

import os
import signal
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

LONG = "本事務における特定個人情報の取扱いについては、規程に従い適切に管理する。" * 40


def _client(redis_url: str) -> Celery:
    app = Celery("hyoka-test-documents", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    return app


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.fixture
def long_version(affair_full: Any, officer_a: Any, approver_a: Any) -> AssessmentVersion:  # noqa: F811
    assessment = factories.draft(affair_full, officer_a, level="full")
    factories.answer_everything(assessment, officer_a, required_only=False)
    _facts, filled = filled_forms(assessment)
    for form in filled:
        values = {
            k: LONG
            for k, item in form.spec.items.items()
            if item.answer_type == "long_text" and k not in form.filled
        }
        assessment = services.answers_save(
            assessment=assessment, form=form.form, values=values, acting_user=officer_a, expected_version=None
        )
    factories.submitted(assessment, officer_a, approver_a)
    return AssessmentVersion.objects.filter(assessment=assessment).latest("number")


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
