from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "compliance.law"
    label = "law"
