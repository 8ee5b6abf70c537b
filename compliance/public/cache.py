"""Whole-page cache of the anonymous portal, keyed by the publication revision.

Everything the portal shows changes only when something is published, withdrawn, ended,
re-indexed or renamed, and a national register is read far more often than it is written.
So a page an anonymous visitor asks for is rendered once per

    (publication revision, date in Asia/Tokyo, language, Accept header for the API, absolute URI)

and then served from the ``public`` cache (settings ``CACHES``) at the cost of one query
(the revision) — what the page benchmark (``python -m bench pages``) measures as "warm".

Correctness rests on :func:`invalidate`: every write that changes public content increases
:class:`~compliance.public.models.PublicRevision` in its own transaction (the index writes in
:mod:`compliance.public.indexing`, an assessment entering or leaving a public state, an
organisation saved), so the first request after the commit misses every old page. The
revision is read from the database, not from the cache, so processes with their own memory
caches (gunicorn workers) never disagree. Changes nobody tracks (a deployment's templates)
last at most ``HYOKA_PUBLIC_CACHE_SECONDS``.

The absolute URI (scheme, host, path and query) and not the path alone: pages, feeds and
the API put absolute links in what they render (feed self links, the API's ``next``),
so a page first asked for as ``localhost:8000`` must not be served to ``127.0.0.1:8000``.
Every cached response carries an ``ETag`` (a hash of its bytes) and ``Last-Modified`` (when
it was rendered), and answers ``If-None-Match`` / ``If-Modified-Since`` with 304.

Never cached: a visitor with a session or pending messages (logged-in users see their own
navigation), anything but a 200, a response that sets a cookie, and a page that used the
CSRF token (a token is per visitor; the anonymous pages render none, see base.html).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from compliance.law.procedure import today_in_japan
from compliance.public.models import PublicRevision

CACHE_ALIAS = "public"
#: Response header saying whether the page came from the cache (``hit``) or was rendered (``miss``).
HEADER = "X-Hyoka-Cache"
_KEPT_HEADERS = ("Content-Type", "Allow", "Vary", "Content-Language")

View = Callable[..., HttpResponse]


def current_revision() -> int:
    """The publication revision now (0 before anything was ever published).

    Plain SQL: this runs on every cached page, where the ORM's query building cost as much
    as the rest of serving the page.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PublicRevision._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def invalidate() -> None:
    """Increase the publication revision (inside the caller's transaction: visible at its commit)."""
    if not PublicRevision.objects.filter(pk=1).update(value=F("value") + 1):
        _, created = PublicRevision.objects.get_or_create(pk=1, defaults={"value": 1})
        if not created:
            PublicRevision.objects.filter(pk=1).update(value=F("value") + 1)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.HYOKA_PUBLIC_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request: HttpRequest, revision: int, *, vary_on_accept: bool) -> str:
    accept = request.META.get("HTTP_ACCEPT", "") if vary_on_accept else ""
    digest = hashlib.sha256(f"{accept}\n{request.build_absolute_uri()}".encode()).hexdigest()
    # The date too: pages count the days left of open public-comment periods (and list only open ones).
    return f"page:{revision}:{today_in_japan().isoformat()}:{translation.get_language()}:{digest}"


def _validators(content: bytes) -> dict[str, str]:
    """``ETag`` (the bytes' hash) and ``Last-Modified`` (now) of a page about to be cached."""
    return {"ETag": f'"{hashlib.sha256(content).hexdigest()[:32]}"', "Last-Modified": http_date(time.time())}


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 when the client's copy (``If-None-Match`` / ``If-Modified-Since``) is this page."""
    last_modified = response.get("Last-Modified")
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    return conditional if conditional is not None else response


def cached_page(view: View | None = None, *, vary_on_accept: bool = False) -> Any:
    """Serve ``view``'s anonymous GET responses from the page cache (see the module docstring).

    ``vary_on_accept``: the view negotiates its format from the Accept header (the API).
    """

    def decorate(inner: View) -> View:
        @wraps(inner)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                return inner(request, *args, **kwargs)
            cache = caches[CACHE_ALIAS]
            key = _key(request, current_revision(), vary_on_accept=vary_on_accept)
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content, headers=headers)
                # As a rendered page would: it is the anonymous variant, a shared HTTP cache must not
                # hand it to a visitor with a session.
                patch_vary_headers(response, ("Cookie",))
                response[HEADER] = "hit"
                return _conditional(request, response)
            response = inner(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()  # DRF and template responses render lazily
            if _cacheable_response(request, response):
                headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
                headers |= _validators(response.content)
                cache.set(key, (response.content, headers))
                for name in ("ETag", "Last-Modified"):
                    response[name] = headers[name]
                response[HEADER] = "miss"
                return _conditional(request, response)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
