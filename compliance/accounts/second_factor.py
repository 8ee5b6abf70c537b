"""The second factor: who has passed it, and the one gate every request goes through.

A password alone never reaches a page that is not public (特定個人情報の安全管理:
officers' and the commission's pages show unpublished assessments and the registry of
what a body does with the number). The rule is enforced once, in
:class:`SecondFactorGateMiddleware`, from the access table
(:mod:`compliance.accounts.access`), so a view can no more forget it than a URL can
lack an access rule:

- a session that passed the second factor (``request.user.is_verified()``, set by
  django-otp) goes on to the view, which checks the role and the object;
- a logged-in session that has not passed it is **anonymous on public pages** (a
  document, a published assessment: it reads what everybody reads, never a body's own
  variant) and is sent to the token step of the login (a user with a device) or to
  the set-up (a user without one) on every other page;
- the set-up pages are open to a password-only session only while the user has no
  device: a session that knows the password cannot replace an existing device.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_otp import user_has_device

from compliance.accounts.access import ENROLMENT_PAGES, PUBLIC, level_for

#: Pages a password-only session must reach as itself: the login's token step, leaving,
#: and the language switch (which changes nothing but the display language).
PASSWORD_SESSION_PAGES = frozenset({"two_factor:login", "accounts:logout", "set_language"})


def is_verified(user: Any) -> bool:
    """True for a logged-in user whose session passed the second factor (TOTP or a backup code)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_verified", lambda: False)())


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a request without a verified second factor is sent, or None when it may pass."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    if is_verified(user):
        return None
    if user_has_device(user):
        # A device exists but this session never proved it: log in again with the token.
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    return redirect_to_login(request.get_full_path(), resolve_url("two_factor:setup"))


class SecondFactorGateMiddleware:
    """Refuses every non-public URL to a session without a verified second factor.

    Runs after django-otp's middleware (which tells whether the session is verified)
    and before the view. Unknown URL names fail closed: only the access table's
    ``public`` level opens a page to a password-only session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in PASSWORD_SESSION_PAGES:
            return None
        if name in ENROLMENT_PAGES and not user_has_device(user):
            return None
        if level_for(name) == PUBLIC:
            # Public pages answer a password-only session exactly as they answer anonymous
            # visitors: whatever more a member could read there needs the second factor.
            request.user = AnonymousUser()
            # The header still offers the way to finish logging in (accounts.context_processors).
            request.second_factor_pending = True  # type: ignore[attr-defined]
            return None
        return second_factor_redirect(request)
