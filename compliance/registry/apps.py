from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "compliance.registry"
    label = "registry"
