"""A My Number in a URL never reaches a log line: Django's loggers, runserver's and gunicorn's access logs.

Each test serves real requests whose path or query string holds a valid number in
several spellings and reads what the configured handlers wrote.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from compliance.lib.mynumber import MASK, contains_my_number
from tests.lib.mynumber_payloads import INVALID, PAYLOADS

SPELLINGS = [
    PAYLOADS[k] for k in ("twelve straight", "en dash", "kanji numerals", "full-width digits", "dots")
]
ROOT = Path(settings.BASE_DIR)


def _paths() -> list[str]:
    paths = []
    for spelling in SPELLINGS:
        paths.append(f"/no-such-page/{quote(spelling)}/")  # a 404: Django logs "Not Found: <path>"
        paths.append(f"/search/?q={quote(spelling)}")
    paths.append(f"/search/?q={INVALID}")  # an ordinary number: logged as it is
    return paths


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def configured_log() -> Iterator[io.StringIO]:
    """Everything the handlers of settings.LOGGING write, captured in one buffer."""
    buffer = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler) and not type(handler).__module__.startswith("_pytest")
    }
    assert handlers, "settings.LOGGING configured no stream handler"
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)


class _LoggingServerThread(LiveServerThread):
    """Django's live server, but logging each request as runserver does (django.server)."""

    def _create_server(self, connections_override: object = None) -> object:
        return self.server_class(
            (self.host, self.port),
            WSGIRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


@pytest.mark.django_db(transaction=True)
def test_runserver_and_django_request_logs_redact_a_my_number_in_the_path_and_query(
    configured_log: io.StringIO,
) -> None:
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    server = _LoggingServerThread("127.0.0.1", _StaticFilesHandler, connections_override=shared)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        statuses = {path: _get(f"http://127.0.0.1:{server.port}{path}") for path in _paths()}
    finally:
        server.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()
    assert set(statuses.values()) <= {200, 404}
    logged = configured_log.getvalue()
    assert "Not Found: /no-such-page/" in logged  # django.request wrote its line
    assert "GET /search/?q=" in logged  # django.server wrote its access lines
    assert f"q={INVALID}" in logged  # ordinary numbers are not touched
    assert MASK in logged
    from urllib.parse import unquote

    assert not contains_my_number(logged)
    assert not contains_my_number(unquote(logged))


def test_a_logger_of_the_application_redacts_through_the_root_handler(configured_log: io.StringIO) -> None:
    logging.getLogger("compliance.documents.render").warning(
        "rendering for %s", PAYLOADS["minus sign U+2212"]
    )
    assert f"rendering for {MASK}" in configured_log.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gunicorn_access_and_error_logs_redact_a_my_number_in_the_path_and_query(tmp_path: Path) -> None:
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "compliance.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "0",
        "HYOKA_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: /search/ fails, and logs it
    }
    env.pop("REDIS_URL", None)
    # gunicorn reads gunicorn.conf.py from the working directory, as a deployment would.
    command = [sys.executable, "-m", "gunicorn", "compliance.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--access-logfile", str(access_log), "--error-logfile", "-"]  # fmt: skip
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as server:
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    _get(f"http://127.0.0.1:{port}/no-such-page/")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(
                            f"gunicorn did not start: {server.stdout.read().decode() if server.stdout else ''}"
                        )
                    time.sleep(0.2)
            statuses = [_get(f"http://127.0.0.1:{port}{path}") for path in _paths()]
        finally:
            server.terminate()
            output, _ = server.communicate(timeout=30)
    assert 404 in statuses
    access = access_log.read_text()
    assert access.count("GET /search/?q=") == len(SPELLINGS) + 1
    assert f"q={INVALID}" in access
    assert MASK in access
    from urllib.parse import unquote

    for text in (access, output.decode()):
        assert not contains_my_number(text)
        assert not contains_my_number(unquote(text))


def test_a_celery_workers_own_log_handlers_redact_a_my_number() -> None:
    from celery.signals import after_setup_logger

    import compliance.celery  # noqa: F401 (connects the handler)

    stream = io.StringIO()
    logger = logging.getLogger("tests.lib.celery_worker")
    logger.addHandler(logging.StreamHandler(stream))
    logger.propagate = False
    try:
        # What a worker sends once it has replaced the root handlers with its own.
        after_setup_logger.send(
            sender=None, logger=logger, loglevel=logging.INFO, logfile=None, format="", colorize=False
        )
        logger.warning("task failed for %s", PAYLOADS["kanji numerals"])
    finally:
        logger.handlers.clear()
        logger.propagate = True
    assert stream.getvalue() == f"task failed for {MASK}\n"
