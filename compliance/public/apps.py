from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def _version_frozen(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A publication version was frozen: index it once the publishing transaction commits.

    The assessments app exposes no publish hook; listening to the frozen version's insert keeps
    the search index in step without touching its services (thin: one call)."""
    if created and instance.kind == "publication" and not kwargs.get("raw"):
        from compliance.public.indexing import index_on_commit

        index_on_commit(instance.pk)


class PublicConfig(AppConfig):
    name = "compliance.public"
    label = "public"

    def ready(self) -> None:
        post_save.connect(
            _version_frozen, sender="assessments.AssessmentVersion", dispatch_uid="public-index"
        )
