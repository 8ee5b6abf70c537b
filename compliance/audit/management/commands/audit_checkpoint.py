"""``python manage.py audit_checkpoint``: verify the chain, then append a signed checkpoint of its head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.audit import checkpoints


class Command(BaseCommand):
    help = (
        "Verify the audit chain and append a checkpoint (seq, head hash, time, signature by HYOKA_AUDIT_KEY) "
        "as one JSON line to a file outside the database. Refuses (exit 1) when the chain is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help="the checkpoint file to append to (default: HYOKA_AUDIT_CHECKPOINTS)",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=2000, help="events read per database round trip (memory bound)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"] or Path(settings.HYOKA_AUDIT_CHECKPOINTS)
        try:
            checkpoint = checkpoints.take(path=path, chunk_size=options["chunk_size"])
        except checkpoints.CheckpointError as error:
            raise CommandError(f"checkpoint file refused: {error}", returncode=1) from None
        except checkpoints.ChainBrokenError as error:
            report = error.report
            where = f" at seq {report.broken_seq}" if report.broken_seq is not None else ""
            raise CommandError(
                f"no checkpoint written: audit chain broken{where}: {report.problem}", returncode=1
            ) from None
        self.stdout.write(f"checkpoint: seq {checkpoint.seq}, head {checkpoint.head_hash} ({path})")
