"""``python manage.py verify_audit``: walk the audit chain and report the first broken link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.audit import checkpoints
from compliance.audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log, and with --checkpoint against every signed checkpoint "
        "in FILE: prints 'OK: N events' or the first broken link (exit 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="events read per database round trip (memory bound)"
        )
        parser.add_argument(
            "--checkpoint",
            type=Path,
            metavar="FILE",
            help="a checkpoint file (audit_checkpoint): detects truncation, rewriting and reordering",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pinned: list[checkpoints.Checkpoint] = []
        if options["checkpoint"] is not None:
            try:
                pinned = checkpoints.read(options["checkpoint"])
            except checkpoints.CheckpointError as error:
                raise CommandError(f"checkpoint file refused: {error}", returncode=1) from None
        report = verify_chain(chunk_size=options["chunk_size"], checkpoints=pinned)
        if not report.ok:
            where = f" at seq {report.broken_seq}" if report.broken_seq is not None else ""
            raise CommandError(
                f"audit chain broken{where} ({report.count} events verified before it): {report.problem}",
                returncode=1,
            )
        self.stdout.write(f"OK: {report.count} events")
