from django.apps import AppConfig

from compliance.law.signals import catalog_changed


class ChecksConfig(AppConfig):
    name = "compliance.checks"
    label = "checks"

    def ready(self) -> None:
        # A catalog write re-checks the organisations it concerns (compliance.checks.rechecks).
        # Imported in ready(), not at the top: it imports models, which load only after apps.py.
        from compliance.checks.rechecks import recheck_schedule

        catalog_changed.connect(recheck_schedule, dispatch_uid="checks.recheck_schedule")
