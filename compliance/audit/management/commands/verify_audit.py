"""``python manage.py verify_audit``: walk the audit chain and report the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log: prints 'OK: N events' or the first broken link (exit 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="events read per database round trip (memory bound)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(chunk_size=options["chunk_size"])
        if not report.ok:
            where = f" at seq {report.broken_seq}" if report.broken_seq is not None else ""
            raise CommandError(
                f"audit chain broken{where} ({report.count} events verified before it): {report.problem}",
                returncode=1,
            )
        self.stdout.write(f"OK: {report.count} events")
