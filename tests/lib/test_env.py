"""Settings from the environment: a bad value stops the process instead of meaning something else."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.lib.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_secret,
    env_str,
    env_url,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), (" yes ", True), ("off", False), ("", False)]
)
def test_booleans_accept_the_usual_spellings(raw: str, expected: bool) -> None:
    assert env_bool("FLAG", environ={"FLAG": raw}) is expected


def test_a_misspelt_boolean_is_an_error_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG", environ={"DJANGO_DEBUG": "ture"})


def test_an_unset_variable_takes_the_default() -> None:
    assert env_bool("FLAG", default=True, environ={}) is True
    assert env_int("N", 5, environ={}) == 5
    assert env_str("S", "x", environ={}) == "x"
    assert env_list("L", ["a"], environ={}) == ["a"]


def test_integers_must_parse_and_respect_the_minimum() -> None:
    assert env_int("N", 1, minimum=1, environ={"N": " 7 "}) == 7
    with pytest.raises(ConfigurationError, match="expected an integer"):
        env_int("N", 1, environ={"N": "seven"})
    with pytest.raises(ConfigurationError, match="must be ≥ 1"):
        env_int("N", 1, minimum=1, environ={"N": "0"})


def test_lists_are_comma_separated_and_ignore_blanks() -> None:
    assert env_list("HOSTS", environ={"HOSTS": "a.example.jp, ,b.example.jp,"}) == [
        "a.example.jp",
        "b.example.jp",
    ]


def test_a_choice_outside_the_list_is_an_error() -> None:
    assert env_choice("E", ("a", "b"), "a", environ={"E": "b"}) == "b"
    with pytest.raises(ConfigurationError, match="expected one of a, b"):
        env_choice("E", ("a", "b"), "a", environ={"E": "c"})


def test_urls_must_use_an_allowed_scheme_and_name_a_host_or_database() -> None:
    assert env_url("DATABASE_URL", ("postgres",), environ={}) is None
    assert env_url("DATABASE_URL", ("postgres",), environ={"DATABASE_URL": "postgres://u@db/hyoka"})
    with pytest.raises(ConfigurationError, match="scheme"):
        env_url("DATABASE_URL", ("postgres",), environ={"DATABASE_URL": "mysql://db/hyoka"})
    with pytest.raises(ConfigurationError, match="no host"):
        env_url("REDIS_URL", ("redis",), environ={"REDIS_URL": "redis://"})


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with exactly these DJANGO_* variables."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "HYOKA_AUDIT_KEY"))
    }
    environ.update(env, DJANGO_SETTINGS_MODULE="compliance.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('settings ok')"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


GOOD_KEY = "k" * 30 + "-production-secret-for-the-test-only-1234567890"
GOOD_AUDIT_KEY = "a-production-audit-key-for-the-test-only-0123456789"


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _settings_in_subprocess(DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="hyoka.example.jp")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = _settings_in_subprocess(
        DJANGO_ENV="production", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="hyoka.example.jp"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _settings_in_subprocess(DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug() -> None:
    result = _settings_in_subprocess(
        DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="hyoka.example.jp",
        DJANGO_DEBUG="true",
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_starts_with_a_secret_key_an_audit_key_and_allowed_hosts() -> None:
    result = _settings_in_subprocess(
        DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="hyoka.example.jp",
        HYOKA_AUDIT_KEY=GOOD_AUDIT_KEY,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "settings ok" in result.stdout


def test_an_unknown_environment_name_stops_the_process() -> None:
    result = _settings_in_subprocess(DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


DEVELOPMENT_KEY = "development-only-insecure-key-for-this-test-0123456789"


def test_a_secret_defaults_to_the_development_key_outside_production() -> None:
    assert env_secret(
        "K", development_default=DEVELOPMENT_KEY, production=False, min_length=50, environ={}
    ) == (DEVELOPMENT_KEY)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "required in production"),
        (DEVELOPMENT_KEY, "the development key is public"),
        ("django-insecure-" + "x1y2z3" * 10, "the development key is public"),
        ("short-but-random-Zq8", "too weak"),
        ("ab" * 40, "too weak"),
    ],
    ids=["unset", "development-key", "django-insecure", "short", "few-unique-characters"],
)
def test_production_refuses_a_missing_public_or_weak_secret_naming_it(value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=rf"^DJANGO_SECRET_KEY: {message}"):
        env_secret(
            "DJANGO_SECRET_KEY", development_default=DEVELOPMENT_KEY, production=True, min_length=50,
            environ={"DJANGO_SECRET_KEY": value},
        )  # fmt: skip


def test_a_weak_secret_is_refused_even_outside_production() -> None:
    with pytest.raises(ConfigurationError, match=r"^HYOKA_AUDIT_KEY: too weak"):
        env_secret(
            "HYOKA_AUDIT_KEY", development_default=DEVELOPMENT_KEY, production=False, min_length=32,
            environ={"HYOKA_AUDIT_KEY": "short"},
        )  # fmt: skip


def test_a_random_secret_is_accepted_in_production() -> None:
    key = secrets.token_urlsafe(50)

    assert env_secret(
        "K", development_default=DEVELOPMENT_KEY, production=True, min_length=50, environ={"K": key}
    ) == (key)


def test_a_request_rate_is_count_per_period() -> None:
    assert env_rate("R", "60/min", environ={}) == "60/min"
    assert env_rate("R", "60/min", environ={"R": " 5/hour "}) == "5/hour"
    for bad in ("5", "0/min", "five/min", "5/month", "5/fortnight", "-1/s"):
        with pytest.raises(ConfigurationError, match=r"^R: expected COUNT/PERIOD"):
            env_rate("R", "60/min", environ={"R": bad})
