"""Navigation by role for the base layout.

Role links appear only in a verified session: a user who has typed the password
but not the second factor sees the way to finish logging in, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from compliance.accounts.models import Organization
from compliance.accounts.rules import has_any_membership, is_commission_admin, is_commission_staff
from compliance.accounts.second_factor import is_verified
from compliance.accounts.selectors import membership_list_for


def _only_organization(user: Any) -> Organization | None:
    organizations = [m.organization for m in membership_list_for(user=user)[:2]]
    return organizations[0] if len(organizations) == 1 else None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # On public pages the gate turned a password-only session into an anonymous visitor.
    pending = bool(getattr(request, "second_factor_pending", False))
    authenticated = pending or bool(user is not None and user.is_authenticated)
    verified = is_verified(user)
    is_officer = verified and has_any_membership(user)
    return {
        "nav_authenticated": authenticated,
        "nav_verified": verified,
        "nav_is_officer": is_officer,
        # An officer of one organisation gets its registry and assessments in the header;
        # with several, the dashboard's switcher leads to each.
        "nav_organization": _only_organization(user) if is_officer else None,
        "nav_is_commission": verified and is_commission_staff(user),
        "nav_is_commission_admin": verified and is_commission_admin(user),
        "nav_is_staff": verified and bool(getattr(user, "is_staff", False)),
    }
