"""``manage.py load_demo_assessments``: publish the demo body's assessments (run by ``load_demo``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from compliance.accounts.demo import DemoRefused, refuse_in_production
from compliance.assessments.demo import load_demo_assessments


class Command(BaseCommand):
    help = "Take 苫小牧市's demo drafts through the procedure and publish them (idempotent; never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        published = load_demo_assessments()
        for assessment in published:
            self.stdout.write(
                f"Published: {assessment.organization.name} {assessment.affair.name} ({assessment.level})"
            )
        if not published:
            self.stdout.write("Demo assessments: nothing to do (already published, or no demo drafts).")
