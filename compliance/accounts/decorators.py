"""View decorators: a verified second factor before any protected page, then the role.

The second factor is enforced for every URL by
:class:`compliance.accounts.second_factor.SecondFactorGateMiddleware`; the decorators ask
the same question again (through the same function) so that a view called without the
middleware, as in a unit test, is no weaker. The order of answers is deliberate:

1. anonymous → the login page (``?next=`` back here);
2. logged in with the password only → the two-factor login when the user has a
   device (the session was never verified), or the two-factor set-up when they have
   none yet;
3. verified but without the role → 403;
4. a view then fetches its object with
   :func:`compliance.accounts.selectors.organization_get_for` (404 for another body's).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from compliance.accounts.rules import has_any_membership, is_commission_admin, is_commission_staff
from compliance.accounts.second_factor import second_factor_redirect

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _requiring(test: Callable[[Any], bool] | None) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            redirect = second_factor_redirect(request)
            if redirect is not None:
                return redirect
            if test is not None and not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


#: Any logged-in user with a verified second factor.
verified_login_required = _requiring(None)

#: Members of at least one organisation (officers and approvers); the object check is the view's.
officer_required = _requiring(has_any_membership)

#: Commission reviewers and administrators.
commission_required = _requiring(is_commission_staff)

#: Commission administrators only (legal catalog maintenance).
commission_admin_required = _requiring(is_commission_admin)
