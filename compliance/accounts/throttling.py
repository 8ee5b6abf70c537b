"""Request throttles: how many requests a client may make in a period (Django REST framework's).

The API uses :class:`AnonymousRateThrottle` and :class:`AccountRateThrottle` on every view
(``REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]``); the documents app asks
:func:`document_request_allowed` before it queues a render, because a render costs a worker
for seconds to minutes while a page costs milliseconds. The counts live in the ``throttle``
cache (shared between processes with ``HYOKA_CACHE_URL``). Rates are read from the settings
on each request, so the configured value is always the one applied.

Failed logins are a different matter: django-axes counts them per account (settings). The
password-reset form (:mod:`compliance.accounts.password_reset`) asks
:func:`password_reset_allowed` per client address and per e-mail address.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

THROTTLE_CACHE = "throttle"


class _ConfiguredRate:
    """Rate and cache looked up when used (DRF binds both once, when its module is imported)."""

    scope: str

    @property
    def cache(self) -> BaseCache:
        return caches[THROTTLE_CACHE]

    def get_rate(self) -> str | None:
        rates: Any = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        rate = rates.get(self.scope)
        return str(rate) if rate else None


class AnonymousRateThrottle(_ConfiguredRate, AnonRateThrottle):
    """Callers without an account, counted per client address (``HYOKA_API_ANON_RATE``)."""


class AccountRateThrottle(_ConfiguredRate, UserRateThrottle):
    """Signed-in callers (session or token), counted per account (``HYOKA_API_USER_RATE``)."""


class DocumentRequestThrottle(_ConfiguredRate, SimpleRateThrottle):
    """Requests to make a document, per account, or per address for the anonymous public
    (``HYOKA_DOCUMENT_REQUEST_RATE``)."""

    scope = "documents"

    def get_cache_key(self, request: Any, view: Any) -> str:
        user: Any = getattr(request, "user", None)
        ident = f"user-{user.pk}" if getattr(user, "is_authenticated", False) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def document_request_allowed(request: Any) -> tuple[bool, int]:
    """Whether ``request`` may ask for another document now, and else how many seconds to wait."""
    throttle = DocumentRequestThrottle()
    if throttle.allow_request(request, None):
        return True, 0
    return False, max(1, math.ceil(throttle.wait() or 1))


class PasswordResetThrottle(_ConfiguredRate, SimpleRateThrottle):
    """Password-reset requests (``HYOKA_PASSWORD_RESET_RATE``), per client address, or per the
    keyed tag of an e-mail address when ``key`` is given (never the address itself)."""

    scope = "password_reset"

    def __init__(self, key: str = "") -> None:
        super().__init__()
        self.key = key

    def get_cache_key(self, request: Any, view: Any) -> str:
        ident = f"address-{self.key}" if self.key else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def password_reset_allowed(request: Any, *, key: str = "") -> tuple[bool, int]:
    """Whether this client (or, with ``key``, this e-mail address) may ask for another reset mail now,
    and else how many seconds to wait. Every request counts, whether or not an account matches."""
    throttle = PasswordResetThrottle(key)
    if throttle.allow_request(request, None):
        return True, 0
    return False, max(1, math.ceil(throttle.wait() or 1))


def too_many_requests_message(wait_seconds: int) -> str:
    """What a throttled client is told: that it asked too often, and when to try again."""
    if wait_seconds >= 120:
        minutes = math.ceil(wait_seconds / 60)
        when = ngettext("%(n)d 分後", "%(n)d 分後", minutes) % {"n": minutes}
    else:
        when = ngettext("%(n)d 秒後", "%(n)d 秒後", wait_seconds) % {"n": wait_seconds}
    return _(
        "短い間に多くのリクエストを受け付けたため、一時的に制限しています。%(when)sにもう一度お試しください。"
    ) % {"when": when}
