from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "compliance.registry"
    label = "registry"

    def ready(self) -> None:
        # The check engine reads organisations' declarations from the registry without importing
        # it (compliance.checks.sources): the registry registers its snapshot builder.
        from compliance.checks.sources import snapshot_source_register
        from compliance.registry.selectors import registry_snapshot

        snapshot_source_register(registry_snapshot)
