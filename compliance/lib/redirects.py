"""Where a ``next`` parameter may send the browser: only back into this site.

A form or link that carries its own return address (``?next=…`` or a hidden ``next``
field) is an open redirect unless the address is checked: ``https://evil.example/``,
``//evil.example`` and ``/\\evil.example`` (browsers read both as another host) and
``javascript:`` must fall back to a page of ours. Django's
:func:`~django.utils.http.url_has_allowed_host_and_scheme` makes that decision, as its
own login and language views do; every view that honours ``next`` asks :func:`next_url`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

REDIRECT_FIELD = "next"


def is_safe_next(request: HttpRequest, url: str) -> bool:
    """``url`` stays on this site (this host, and https when the request came over https)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, fallback: str, *, field: str = REDIRECT_FIELD) -> str:
    """The request's ``next`` (form field, then query) when it is safe, else ``fallback``
    (a URL name or a path)."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    return candidate if is_safe_next(request, candidate) else resolve_url(fallback)


def redirect_next(
    request: HttpRequest, fallback: str, *, field: str = REDIRECT_FIELD
) -> HttpResponseRedirect:
    """Redirect to :func:`next_url`."""
    return HttpResponseRedirect(next_url(request, fallback, field=field))
