"""A real Celery worker process on Redis and PostgreSQL: tasks run, and survive a killed worker.

Skipped on the embedded default (no REDIS_URL/DATABASE_URL); ``.ci/run`` runs them
in its PostgreSQL + Redis stage with HYOKA_REQUIRE_INTEGRATION=1, where a skip fails.
"""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
import redis
from celery import Celery

from compliance.audit.models import AuditEvent
from compliance.audit.services import record
from compliance.audit.tasks import audit_verify_chain
from tests.integration.conftest import StartWorker, isolated_redis_url, wait_for
from tests.integration.worker_tasks import COMPLETED_ACTION, deliveries_key

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("celery-worker")]


def _client(redis_url: str) -> Celery:
    """A Celery client of the test's own, pointed at the given Redis database."""
    app = Celery("hyoka-test-client", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    return app


def _completions(token: str) -> int:
    return AuditEvent.objects.filter(action=COMPLETED_ACTION, data__token=token).count()


def test_a_worker_process_runs_a_task_against_the_test_database(
    start_worker: StartWorker, queue: str
) -> None:
    for n in range(3):
        record("compliance.catalog.loaded", actor=None, data={"n": n})
    worker = start_worker(queue=queue)

    result = audit_verify_chain.apply_async(queue=queue)

    outcome = wait_for(lambda: result.ready(), timeout=90, what="the verification task", worker=worker)
    assert outcome
    assert result.get(timeout=5) == {"ok": True, "count": 3, "broken_seq": None, "problem": ""}


def test_a_task_whose_worker_child_is_killed_runs_again_and_completes_once(
    start_worker: StartWorker, queue: str
) -> None:
    url = isolated_redis_url()
    broker, token = redis.Redis.from_url(url), uuid.uuid4().hex
    worker = start_worker(queue=queue, redis_url=url)

    result = _client(url).send_task("tests.integration.hang_on_first_delivery", args=[token], queue=queue)
    first = wait_for(
        lambda: broker.lrange(deliveries_key(token), 0, -1),
        timeout=90,
        what="the first delivery",
        worker=worker,
    )
    child = int(first[0])  # type: ignore[index]
    assert child != worker.pid  # the pool child runs the task, not the main process
    os.kill(child, signal.SIGKILL)

    assert result.get(timeout=90) == token
    assert broker.llen(deliveries_key(token)) == 2  # redelivered once after the kill
    assert _completions(token) == 1


def test_a_task_whose_whole_worker_is_killed_is_finished_by_a_new_worker(
    start_worker: StartWorker, queue: str
) -> None:
    url = isolated_redis_url()
    broker, token = redis.Redis.from_url(url), uuid.uuid4().hex
    first_worker = start_worker(queue=queue, redis_url=url)

    result = _client(url).send_task("tests.integration.hang_on_first_delivery", args=[token], queue=queue)
    wait_for(
        lambda: broker.llen(deliveries_key(token)), timeout=90, what="the first delivery", worker=first_worker
    )
    first_worker.kill()  # main process and child: nobody is left to requeue the message
    assert _completions(token) == 0

    # The unacknowledged message becomes visible again once it is older than the
    # visibility timeout; a worker restores such messages when it starts polling.
    time.sleep(3)
    second_worker = start_worker(queue=queue, redis_url=url, env={"HYOKA_BROKER_VISIBILITY_TIMEOUT": "2"})

    wait_for(lambda: result.ready(), timeout=120, what="the redelivered task", worker=second_worker)
    assert result.get(timeout=5) == token
    assert broker.llen(deliveries_key(token)) == 2
    assert _completions(token) == 1
