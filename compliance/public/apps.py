from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "compliance.public"
    label = "public"

    def ready(self) -> None:
        # Imported here, not at the top: the receivers import models, which load only after apps.py.
        from compliance.public import receivers

        receivers.connect()
