"""Navigation by role for the base layout.

Role links appear only in a verified session: a user who has typed the password
but not the second factor sees the way to finish logging in, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from compliance.accounts.rules import has_any_membership, is_commission_admin, is_commission_staff


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    verified = authenticated and bool(getattr(user, "is_verified", lambda: False)())
    return {
        "nav_authenticated": authenticated,
        "nav_verified": verified,
        "nav_is_officer": verified and has_any_membership(user),
        "nav_is_commission": verified and is_commission_staff(user),
        "nav_is_commission_admin": verified and is_commission_admin(user),
        "nav_is_staff": verified and bool(getattr(user, "is_staff", False)),
    }
