"""What the portal does when other apps change: index a publication, forget cached pages.

Connected by :meth:`compliance.public.apps.PublicConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from compliance.assessments.signals import state_changed
from compliance.assessments.states import PUBLIC_STATES, State
from compliance.public.cache import invalidate
from compliance.public.indexing import index_on_commit


def _version_frozen(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A publication version was frozen: index it once the publishing transaction commits.

    The assessments app exposes no publish hook; listening to the frozen version's insert keeps
    the search index in step without touching its services (thin: one call)."""
    if created and instance.kind == "publication" and not kwargs.get("raw"):
        index_on_commit(instance.pk)


def _state_changed(sender: Any, assessment: Any, old_state: str, new_state: str, **kwargs: Any) -> None:
    """An assessment entered or left a public state (published, ended; withdrawn), or a public-comment
    period opened or closed (the home page lists the open ones): the portal changed."""
    shown = {*PUBLIC_STATES, State.COMMENT_OPEN}
    if old_state in shown or new_state in shown:
        invalidate()


def _organization_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A body's name or prefecture shows on its transparency page and in the API."""
    if not kwargs.get("raw"):
        invalidate()


def connect() -> None:
    post_save.connect(_version_frozen, sender="assessments.AssessmentVersion", dispatch_uid="public-index")
    state_changed.connect(_state_changed, dispatch_uid="public-cache-state")
    post_save.connect(_organization_saved, sender="accounts.Organization", dispatch_uid="public-cache-org")
