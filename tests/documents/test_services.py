"""Background rendering: one document per (version hash, variant, format), failures recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction

from compliance.audit.models import AuditEvent
from compliance.documents import services
from compliance.documents.models import RenderedDocument, RenderState
from compliance.documents.tasks import render_document


@pytest.fixture
def ask(django_capture_on_commit_callbacks: Any) -> Any:
    """Ask for a document as a request would: the (eager) task runs when the request commits."""

    def ask(version: Any, user: Any, variant: str = "public", fmt: str = "pdf") -> RenderedDocument:
        with django_capture_on_commit_callbacks(execute=True):
            document = services.document_request(version=version, variant=variant, fmt=fmt, acting_user=user)
        document.refresh_from_db()
        return document

    return ask


def test_asking_renders_the_document_in_the_background(
    submitted_version: Any, officer_a: Any, ask: Any
) -> None:
    document = ask(submitted_version, officer_a)
    document.refresh_from_db()
    assert document.state == RenderState.DONE
    assert bytes(document.content).startswith(b"%PDF-")
    assert document.size == len(bytes(document.content))
    assert document.version_sha256 == submitted_version.sha256


def test_asking_twice_renders_once(submitted_version: Any, officer_a: Any, ask: Any) -> None:
    first = ask(submitted_version, officer_a, fmt="docx")
    second = ask(submitted_version, officer_a, fmt="docx")
    assert first.pk == second.pk
    assert RenderedDocument.objects.count() == 1
    assert RenderedDocument.objects.get().attempts == 1
    assert AuditEvent.objects.filter(action="compliance.document.rendered").count() == 1


def test_the_database_refuses_a_second_row_for_the_same_key(submitted_version: Any) -> None:
    RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="pdf"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RenderedDocument.objects.create(
            version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="pdf"
        )


def test_a_task_that_runs_again_after_finishing_leaves_the_document_as_it_was(
    submitted_version: Any, officer_a: Any, ask: Any
) -> None:
    document = ask(submitted_version, officer_a, fmt="docx")
    before = (document.content_sha256, document.finished_at, document.attempts)
    assert render_document.apply(args=[document.pk]).get() == RenderState.DONE
    document.refresh_from_db()
    assert (document.content_sha256, document.finished_at, document.attempts) == before
    assert RenderedDocument.objects.count() == 1


def test_a_task_whose_worker_died_mid_render_finishes_the_same_row(submitted_version: Any) -> None:
    # What a killed worker leaves behind: the row marked running after one attempt, no file.
    document = RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="docx",
        state=RenderState.RUNNING, attempts=1,
    )  # fmt: skip
    render_document.apply(args=[document.pk])
    document.refresh_from_db()
    assert document.state == RenderState.DONE
    assert document.attempts == 2
    assert RenderedDocument.objects.count() == 1


def test_a_failing_render_is_recorded_with_a_message_for_the_user(
    submitted_version: Any, officer_a: Any, ask: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("compliance.documents.render.render", broken)
    document = ask(submitted_version, officer_a)
    assert document.state == RenderState.FAILED
    assert document.error == "文書を作成できませんでした。管理者に連絡してください。"
    assert "exploded" not in document.error  # internals stay in the log
    assert AuditEvent.objects.filter(action="compliance.document.failed").count() == 1


def test_a_render_over_the_time_limit_fails_with_its_own_message(
    submitted_version: Any, officer_a: Any, ask: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(**kwargs: Any) -> Any:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("compliance.documents.render.render", slow)
    assert ask(submitted_version, officer_a).error == "時間内に作成できませんでした。"


def test_asking_again_after_a_failure_renders_again(
    submitted_version: Any, officer_a: Any, ask: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compliance.documents import render as render_module

    real = render_module.render
    monkeypatch.setattr(
        "compliance.documents.render.render", lambda **kw: (_ for _ in ()).throw(RuntimeError())
    )
    failed = ask(submitted_version, officer_a, fmt="docx")
    monkeypatch.setattr("compliance.documents.render.render", real)
    again = ask(submitted_version, officer_a, fmt="docx")
    assert (again.pk, again.state, again.attempts, again.error) == (failed.pk, RenderState.DONE, 2, "")


def test_the_task_payload_is_the_row_id_only(
    submitted_version: Any,
    officer_a: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(render_document, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(
            version=submitted_version, variant="full", fmt="pdf", acting_user=officer_a
        )
    assert sent == [((document.pk,), {})]


def test_a_request_whose_message_was_lost_is_queued_again_once_stale(
    submitted_version: Any, officer_a: Any, ask: Any, settings: Any
) -> None:
    from django.utils import timezone

    document = RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="docx"
    )
    RenderedDocument.objects.filter(pk=document.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    )
    assert ask(submitted_version, officer_a, variant="full", fmt="docx").state == RenderState.DONE


def test_a_fresh_pending_request_is_not_queued_twice(
    submitted_version: Any, officer_a: Any, ask: Any
) -> None:
    RenderedDocument.objects.create(
        version=submitted_version, version_sha256=submitted_version.sha256, variant="full", format="docx"
    )
    assert ask(submitted_version, officer_a, variant="full", fmt="docx").state == RenderState.PENDING
