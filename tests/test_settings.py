"""Settings come from the environment only and fail loudly on a bad value (README, configuration).

The database and broker switches are read by executing ``compliance/settings.py``
afresh under a controlled environment; refusing to start and the deployment check
run ``manage.py`` in a subprocess, as an operator would.
"""

from __future__ import annotations

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from compliance.lib.env import ConfigurationError

REPO = Path(__file__).resolve().parent.parent
SETTINGS = REPO / "compliance" / "settings.py"
# Everything a CI stage or a developer may have exported that these tests control.
CONTROLLED = ("DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS",
              "DJANGO_DEBUG", "HYOKA_BROKER_VISIBILITY_TIMEOUT", "DJANGO_ALLOW_ASYNC_UNSAFE",
              "HYOKA_AUDIT_KEY", "HYOKA_AUDIT_CHECKPOINTS")  # fmt: skip
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)[:64],
    "DJANGO_ALLOWED_HOSTS": "hyoka.example.jp",
    "HYOKA_AUDIT_KEY": secrets.token_urlsafe(48),
}
#: The keys settings.py falls back to outside production: public, so production refuses them.
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-used-in-production-0123456789"
DEVELOPMENT_AUDIT_KEY = "development-only-insecure-audit-key-never-used-in-production"


@pytest.fixture
def load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    def load(**env: str) -> dict[str, Any]:
        for name in CONTROLLED:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HYOKA_VAR_DIR", str(tmp_path))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO, env={**clean, **env}, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_embedded_default_is_sqlite_with_eager_tasks(load_settings: Any, tmp_path: Path) -> None:
    settings = load_settings()

    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["DATABASES"]["default"]["NAME"]).parent == tmp_path
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["CELERY_BROKER_URL"] == "memory://"
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_switches_to_postgresql(load_settings: Any) -> None:
    settings = load_settings(DATABASE_URL="postgresql://hyoka:secret@db.internal:5433/hyoka")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"], database["USER"]) == (
        "hyoka",
        "db.internal",
        5433,
        "hyoka",
    )


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@127.0.0.1/hyoka",
        "postgresq://127.0.0.1/hyoka",
        "127.0.0.1:5432/hyoka",
        "postgresql://",
        "postgresql://127.0.0.1:5432",
    ],
)
def test_a_bad_database_url_fails_loudly(load_settings: Any, url: str) -> None:
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        load_settings(DATABASE_URL=url)


def test_redis_url_switches_celery_to_a_real_broker(load_settings: Any) -> None:
    settings = load_settings(REDIS_URL="redis://127.0.0.1:6379/3")

    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CELERY_BROKER_URL"] == settings["CELERY_RESULT_BACKEND"] == "redis://127.0.0.1:6379/3"


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing(load_settings: Any) -> None:
    settings = load_settings(REDIS_URL="redis://127.0.0.1:6379/0")

    assert settings["CELERY_TASK_ACKS_LATE"] is True
    assert settings["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] == 3600


@pytest.mark.parametrize("url", ["amqp://guest@127.0.0.1//", "127.0.0.1:6379"])
def test_a_bad_redis_url_fails_loudly(load_settings: Any, url: str) -> None:
    with pytest.raises(ConfigurationError, match="REDIS_URL"):
        load_settings(REDIS_URL=url)


@pytest.mark.parametrize("value", ["0", "soon"])
def test_a_bad_visibility_timeout_fails_loudly(load_settings: Any, value: str) -> None:
    with pytest.raises(ConfigurationError, match="HYOKA_BROKER_VISIBILITY_TIMEOUT"):
        load_settings(HYOKA_BROKER_VISIBILITY_TIMEOUT=value)


def test_an_unknown_environment_name_fails_loudly(load_settings: Any) -> None:
    with pytest.raises(ConfigurationError, match="DJANGO_ENV"):
        load_settings(DJANGO_ENV="prod")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": DEVELOPMENT_SECRET_KEY}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 64}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
        ({"HYOKA_AUDIT_KEY": ""}, "HYOKA_AUDIT_KEY"),
        ({"HYOKA_AUDIT_KEY": "31-bytes-of-audit-key-abcdefghi"}, "HYOKA_AUDIT_KEY"),
        ({"HYOKA_AUDIT_KEY": DEVELOPMENT_AUDIT_KEY}, "HYOKA_AUDIT_KEY"),
    ],
    ids=["no-secret-key", "short-secret-key", "development-secret-key", "repetitive-secret-key",
         "no-allowed-hosts", "debug-on", "no-audit-key", "short-audit-key", "development-audit-key"],
)  # fmt: skip
def test_production_refuses_to_start_without_what_it_needs(missing: dict[str, str], message: str) -> None:
    result = manage("check", **{**PRODUCTION, **missing})

    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr
    assert message in result.stderr


def test_production_passes_the_deployment_check_without_warnings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_fails_with_the_development_key() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION, "DJANGO_SECRET_KEY": DEVELOPMENT_SECRET_KEY},
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY: the development key is public" in result.stderr


def test_development_has_public_keys_and_keeps_checkpoints_in_the_var_dir(
    load_settings: Any, tmp_path: Path
) -> None:
    settings = load_settings()

    assert (settings["SECRET_KEY"], settings["HYOKA_AUDIT_KEY"]) == (
        DEVELOPMENT_SECRET_KEY,
        DEVELOPMENT_AUDIT_KEY,
    )
    assert settings["HYOKA_AUDIT_CHECKPOINTS"] == tmp_path / "audit-checkpoints.jsonl"


def test_a_weak_audit_key_is_refused_in_development_too(load_settings: Any) -> None:
    with pytest.raises(ConfigurationError, match="HYOKA_AUDIT_KEY: too weak"):
        load_settings(HYOKA_AUDIT_KEY="short")


def test_production_is_hardened(load_settings: Any) -> None:
    settings = load_settings(**PRODUCTION)

    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert "csp.middleware.CSPMiddleware" in settings["MIDDLEWARE"]
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
