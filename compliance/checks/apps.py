from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "compliance.checks"
    label = "checks"

    def ready(self) -> None:
        # A catalog write re-checks the organisations it concerns (compliance.checks.rechecks).
        from compliance.checks.rechecks import recheck_schedule
        from compliance.law.signals import catalog_changed

        catalog_changed.connect(recheck_schedule, dispatch_uid="checks.recheck_schedule")
