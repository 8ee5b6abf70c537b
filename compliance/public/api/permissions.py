"""Who may write through the API: an officer of the declaring body, authenticated either by a
DRF token (officers' back-office systems; issued by the commission in the admin site) or by a
browser session that has passed its second factor (django-otp). Password-only sessions and HTTP
Basic are not accepted: every write needs the same strength as the web (docs/domain.md §7.2)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import BasePermission

#: The write side's authentication: tokens for systems, verified sessions for people.
WRITE_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


class VerifiedUser(BasePermission):
    """Authenticated by a token, or by a session whose second factor was verified."""

    message = "authentication with a token or a two-factor session is required"

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if isinstance(request.auth, Token):
            return True
        return bool(getattr(user, "is_verified", lambda: False)())
