"""Settings from the environment: a bad value stops the process instead of meaning something else."""

from __future__ import annotations

import os
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
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
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


def test_production_starts_with_a_secret_key_and_allowed_hosts() -> None:
    result = _settings_in_subprocess(
        DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="hyoka.example.jp"
    )
    assert result.returncode == 0, result.stderr
    assert "settings ok" in result.stdout


def test_an_unknown_environment_name_stops_the_process() -> None:
    result = _settings_in_subprocess(DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def test_a_request_rate_is_count_per_period() -> None:
    assert env_rate("R", "60/min", environ={}) == "60/min"
    assert env_rate("R", "60/min", environ={"R": " 5/hour "}) == "5/hour"
    for bad in ("5", "0/min", "five/min", "5/month", "5/fortnight", "-1/s"):
        with pytest.raises(ConfigurationError, match=r"^R: expected COUNT/PERIOD"):
            env_rate("R", "60/min", environ={"R": bad})
