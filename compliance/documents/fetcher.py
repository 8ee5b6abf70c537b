"""The only way WeasyPrint may load anything: the product's own static files, and small images.

A rendered document contains officers' free text. WeasyPrint resolves every ``url()``,
``<img src>``, ``<link href>`` and SVG ``href`` it meets through its URL fetcher, and the
default fetcher happily opens ``file:///etc/passwd`` or talks to ``http://127.0.0.1:6379/``
(server-side request forgery). :class:`SafeURLFetcher` never touches the network or an
arbitrary file: it answers

- ``https://hyoka.invalid/static/<path>`` (:data:`STATIC_BASE`, the base URL of every
  document; ``.invalid`` is reserved and never resolves) from the static files of the
  product (``STATICFILES_DIRS`` and the apps' ``static/`` through the staticfiles finders,
  else ``STATIC_ROOT``), and
- ``data:image/png|jpeg|gif;base64,…`` up to :data:`MAX_DATA_IMAGE_BYTES`,

and refuses everything else. It records every URL it was asked for, so a test can spy on it.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

ORIGIN = "https://hyoka.invalid"
STATIC_BASE = f"{ORIGIN}/static/"
MAX_DATA_IMAGE_BYTES = 64 * 1024
_DATA_IMAGE = re.compile(r"^data:(image/(?:png|jpeg|gif));base64,([A-Za-z0-9+/=\s]*)$", re.IGNORECASE)


class RefusedURL(ValueError):
    """A URL outside the allow-list; WeasyPrint logs it and goes on without the resource."""


def static_path(url: str) -> Path | None:
    """The file a ``STATIC_BASE`` URL names, or None (outside the base, traversal, missing)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN or parts.query or not parts.path.startswith("/static/"):
        return None
    relative = unquote(parts.path[len("/static/") :])
    normalised = posixpath.normpath(relative)
    if not relative or normalised.startswith(("..", "/")) or normalised != relative or "\\" in relative:
        return None
    found = finders.find(normalised)
    if found:
        return Path(found if isinstance(found, str) else found[0])
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / normalised).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def is_allowed(url: str) -> bool:
    """Whether :class:`SafeURLFetcher` would answer ``url`` (used by the tests' spy too)."""
    if url.lower().startswith("data:"):
        match = _DATA_IMAGE.match(url)
        return match is not None and len(match[2]) * 3 // 4 <= MAX_DATA_IMAGE_BYTES
    return static_path(url) is not None


class SafeURLFetcher(URLFetcher):
    """WeasyPrint's fetcher with every handler replaced by the allow-list above."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("https", "data"), allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        if url.lower().startswith("data:"):
            return self._data_image(url)
        path = static_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"refused: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    def _data_image(self, url: str) -> URLFetcherResponse:
        match = _DATA_IMAGE.match(url)
        if not match or len(match[2]) * 3 // 4 > MAX_DATA_IMAGE_BYTES:
            self.refused.append(url[:200])
            raise RefusedURL("refused: data URI that is not a small image")
        try:
            body = base64.b64decode(match[2], validate=False)
        except binascii.Error as error:
            self.refused.append(url[:200])
            raise RefusedURL("refused: malformed data URI") from error
        return URLFetcherResponse(url, body=body, headers={"Content-Type": match[1].lower()})
