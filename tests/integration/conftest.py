"""Real Celery worker processes for the integration tests.

A worker is started as ``python -m celery -A compliance worker`` in its own process
group, against the same Redis broker and the *same test database* as the test
process (pytest-django's ``test_…`` database, with ``_gwN`` under xdist), so what a
task writes is visible to the test and vice versa (hence ``transactional_db``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """A DATABASE_URL naming the database this test process actually uses."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    at = "@" if credentials else ""
    return f"postgresql://{credentials}{at}{host}{port}/{quote(db['NAME'], safe='')}"


def redis_url_with_db(url: str, index: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{index}"))


def isolated_redis_url() -> str:
    """Another Redis database than REDIS_URL's, for tests that play with unacknowledged messages."""
    current = urlsplit(settings.REDIS_URL).path.strip("/") or "0"
    return redis_url_with_db(settings.REDIS_URL, (int(current) + 15) % 16)


class Worker:
    def __init__(self, process: subprocess.Popen[bytes], log: Path, queue: str) -> None:
        self.process, self.log, self.queue = process, log, queue

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its pool children (its own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # cold shutdown: the test is over
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()


StartWorker = Callable[..., Worker]


@pytest.fixture
def start_worker(transactional_db: None, tmp_path: Path) -> Iterator[StartWorker]:
    """Start real worker processes; all are stopped (before the database is flushed)."""
    started: list[Worker] = []

    def start(*, queue: str, redis_url: str | None = None, env: dict[str, str] | None = None) -> Worker:
        log = tmp_path / f"worker-{len(started)}.log"
        child_env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url or settings.REDIS_URL,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            **(env or {}),
        }
        command = [
            sys.executable, "-m", "celery", "-A", "compliance", "worker",
            "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
            "--queues", queue, "--hostname", f"{queue}-{len(started)}@%h",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--include", "tests.integration.worker_tasks",
        ]  # fmt: skip
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command, cwd=REPO, env=child_env, stdout=sink, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        worker = Worker(process, log, queue)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    # The workers' connections are gone; the test database can be flushed and dropped.


@pytest.fixture
def queue() -> str:
    """A queue of this test's own, so parallel runs never take each other's messages."""
    return f"hyoka-test-{uuid.uuid4().hex[:12]}"


def wait_for(
    condition: Callable[[], object], *, timeout: float, what: str, worker: Worker | None = None
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.process.poll() is not None:
            break
        time.sleep(0.1)
    log = f"\n--- worker log ---\n{worker.output()[-4000:]}" if worker else ""
    pytest.fail(f"timed out after {timeout}s waiting for {what}{log}")
