"""What django-axes keeps about a failed login: never a My Number (番号法第19条, 第20条).

A person may type their 個人番号 into the login name field by mistake, and an
attacker may put one in the query string, the User-Agent or any form field. Axes
stores all of those in ``axes_accessattempt`` (and ``axes_accesslog``). Here the
attempted login name is redacted before axes sees it, with a keyed tag so that the
lockout still counts per attempted name (not one shared bucket for every redacted
name), and the request details axes copies are redacted on the way in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, QueryDict

from compliance.lib.mynumber import contains_my_number, redact_my_numbers

# The two-factor login wizard prefixes its fields with the step name.
LOGIN_NAME_FIELDS = ("auth-username", "username")
# A tag written in letters only, so that it can never itself read as a number.
_LETTERS = str.maketrans("0123456789abcdef", "ghijklmnopqrstuv")


def redact_login_name(name: str | None) -> str | None:
    """``name`` unchanged, or, if it holds a My Number, redacted with a tag unique to it.

    The tag is an HMAC of the name under ``SECRET_KEY``: the same typed name always
    gives the same stored value (so failures add up and the lockout works for it), but
    the stored value does not let anyone recover or confirm the number without the key.
    """
    if not isinstance(name, str) or not contains_my_number(name):
        return name
    tag = hmac.new(settings.SECRET_KEY.encode(), name.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"{redact_my_numbers(name)}#{tag.hexdigest()[:20].translate(_LETTERS)}"


def attempted_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the login name a request tried, redacted if it holds a My Number."""
    field = get_user_model().USERNAME_FIELD
    name = (credentials or {}).get(field)
    if name is None and request is not None:
        name = next((request.POST[f] for f in LOGIN_NAME_FIELDS if f in request.POST), None)
    return redact_login_name(name)


def _redacted_query(query: QueryDict) -> QueryDict | None:
    if not any(contains_my_number(f"{key}={value}") for key, value in query.items()):
        return None
    copy = QueryDict(mutable=True)
    for key, values in query.lists():
        copy.setlist(redact_my_numbers(key), [redact_my_numbers(v) for v in values])
    copy._mutable = False
    return copy


@contextmanager
def _redacted(request: HttpRequest | None) -> Iterator[None]:
    """While axes records the attempt, the request shows it only redacted text; restored afterwards."""
    if request is None:
        yield
        return
    for attribute in ("axes_user_agent", "axes_http_accept", "axes_path_info"):
        value = getattr(request, attribute, None)
        if isinstance(value, str) and contains_my_number(value):
            setattr(request, attribute, redact_my_numbers(value))
    original_get, original_post = request.GET, request.POST
    redacted_get, redacted_post = _redacted_query(request.GET), _redacted_query(request.POST)
    try:
        if redacted_get is not None:
            request.GET = redacted_get  # type: ignore[assignment]
        if redacted_post is not None:
            request.POST = redacted_post  # type: ignore[assignment]
        yield
    finally:
        request.GET, request.POST = original_get, original_post


class RedactingDatabaseHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """``AXES_HANDLER``: axes' database handler, fed only redacted request details."""

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        with _redacted(request):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        with _redacted(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        with _redacted(request):
            super().user_logged_out(sender, request, user, **kwargs)
