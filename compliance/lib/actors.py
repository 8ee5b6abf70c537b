"""Who performs a write: the ``acting_user`` every service takes.

An :data:`Actor` is a user of the custom model (``settings.AUTH_USER_MODEL``,
:class:`compliance.accounts.models.User`) or ``None`` for the system: a management command,
a scheduled job or a signal handler acting on nobody's behalf. The audit log records
``None`` as the system, and the assessment rules give it the system's role only.

A :data:`UserActor` is a user and never the system: the writes that record a person as
their author (a review decision, a review comment, a kept declaration preview, a catalog
change set previewed and confirmed by the same user).

The user model is imported for the type checker only, so ``lib`` imports no app at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

if TYPE_CHECKING:
    from django.http import HttpRequest

    from compliance.accounts.models import User

Actor: TypeAlias = "User | None"
UserActor: TypeAlias = "User"


def request_actor(request: HttpRequest) -> UserActor:
    """``request.user`` as the actor of a view or admin page that requires a login.

    The login the page requires makes it a ``User`` at run time; django-stubs types
    ``request.user`` as a user or ``AnonymousUser``, so this only tells the type checker.
    Nothing is checked or changed here: the service still decides what the user may do.
    """
    return cast("User", request.user)


__all__ = ["Actor", "UserActor", "request_actor"]
