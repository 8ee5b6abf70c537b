"""Navigation by role for the base layout.

Role links appear only in a verified session: a user who has typed the password
but not the second factor sees the way to finish logging in, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from compliance.accounts.models import MembershipRole
from compliance.accounts.rules import is_commission_admin, is_commission_staff
from compliance.accounts.second_factor import is_verified
from compliance.accounts.selectors import membership_list_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # On public pages the gate turned a password-only session into an anonymous visitor.
    pending = bool(getattr(request, "second_factor_pending", False))
    authenticated = pending or bool(user is not None and user.is_authenticated)
    verified = is_verified(user)
    memberships = list(membership_list_for(user=user)) if verified else []
    return {
        "nav_authenticated": authenticated,
        "nav_verified": verified,
        "nav_is_officer": bool(memberships),
        "nav_is_approver": any(m.role == MembershipRole.APPROVER for m in memberships),
        # An officer of one organisation gets its registry and assessments in the header;
        # with several, the dashboard's switcher leads to each.
        "nav_organization": memberships[0].organization if len(memberships) == 1 else None,
        "nav_is_commission": verified and is_commission_staff(user),
        "nav_is_commission_admin": verified and is_commission_admin(user),
        "nav_is_staff": verified and bool(getattr(user, "is_staff", False)),
    }
