"""Reading settings from the environment, failing loudly on a bad value.

Settings come from the environment only (twelve-factor); a typo such as
``DJANGO_DEBUG=ture`` must stop the process, not silently mean "off".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlparse


class ConfigurationError(Exception):
    """Raised when an environment variable holds a value the product cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_secret(
    name: str,
    *,
    development_default: str,
    production: bool,
    min_length: int,
    min_unique: int = 5,
    environ: Mapping[str, str] | None = None,
) -> str:
    """A secret key: required in production, where the (public) development default is refused.

    A key that is set is checked everywhere, so a weak production key is noticed before
    deployment: at least ``min_length`` bytes and ``min_unique`` distinct characters (the
    rule of Django's own deployment check), and never the development default or anything
    marked insecure.
    """
    value = env_str(name, environ=environ)
    if not value:
        if production:
            raise ConfigurationError(
                f"{name}: required in production (at least {min_length} random characters)"
            )
        return development_default
    if value == development_default or "insecure" in value.lower():
        raise ConfigurationError(f"{name}: the development key is public; set a random key of your own")
    if len(value.encode("utf-8")) < min_length or len(set(value)) < min_unique:
        raise ConfigurationError(
            f"{name}: too weak, use at least {min_length} random characters"
            f" (python -c 'import secrets; print(secrets.token_urlsafe({min_length}))')"
        )
    return value


def env_bool(name: str, default: bool = False, *, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}: expected one of true/false/1/0/yes/no/on/off, got {environ[name]!r}")


def env_int(name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    raw = environ[name].strip()
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}: expected an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigurationError(f"{name}: must be ≥ {minimum}, got {value}")
    return value


def env_list(
    name: str, default: list[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> list[str]:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default or [])
    return [part.strip() for part in environ[name].split(",") if part.strip()]


def env_choice(
    name: str, choices: tuple[str, ...], default: str, *, environ: Mapping[str, str] | None = None
) -> str:
    environ = os.environ if environ is None else environ
    value = environ.get(name, default).strip()
    if value not in choices:
        raise ConfigurationError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def env_url(name: str, schemes: tuple[str, ...], *, environ: Mapping[str, str] | None = None) -> str | None:
    """A URL whose scheme is one of ``schemes``, or None when unset/empty."""
    environ = os.environ if environ is None else environ
    value = environ.get(name, "").strip()
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ConfigurationError(f"{name}: scheme must be one of {', '.join(schemes)}, got {value!r}")
    if not parsed.hostname and not parsed.path.strip("/"):
        raise ConfigurationError(f"{name}: no host or database in {value!r}")
    return value


_RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def env_rate(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """A request rate as Django REST framework's throttles read it: ``COUNT/PERIOD`` (``60/min``)."""
    environ = os.environ if environ is None else environ
    value = environ.get(name, default).strip()
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in _RATE_PERIODS:
        raise ConfigurationError(
            f"{name}: expected COUNT/PERIOD with PERIOD one of s, min, hour, day (e.g. 60/min), got {value!r}"
        )
    return value
