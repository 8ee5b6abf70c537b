from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "compliance.registry"
    label = "registry"

    def ready(self) -> None:
        # The check engine reads organisations' declarations from the registry without importing
        # it (compliance.checks.sources): the registry registers its snapshot builder.
        # Imported in ready(), not at the top: they import models, which load only after apps.py.
        from compliance.checks.sources import snapshot_source_register
        from compliance.registry.selectors import registry_snapshot

        snapshot_source_register(registry_snapshot)
