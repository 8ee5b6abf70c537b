"""``python manage.py import_declaration PATH [--as-user USERNAME]`` (docs/domain.md §6.3).

Creates or updates the declaring organisation's registry from the file, in one
transaction, then re-checks it and stores the findings. Prints one JSON object with
the created/updated/removed counts and the organisation's URL path. An invalid
declaration exits 2 with every problem on stderr (``files[0].persons: must be an
integer ≥ 0``), nothing on stdout, nothing written. ``--as-user`` names the officer the
import is recorded for: a user who is no officer or approver of the declared organisation
is refused (exit 1, nothing written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.checks.services import findings_refresh
from compliance.declaration.validation import DeclarationReadError, decode_declaration_bytes
from compliance.registry.importing import (
    DeclarationInvalid,
    DeclarationRefused,
    declaration_import_with_drafts,
)

EXIT_INVALID = 2


def read_declaration(path: str) -> Any:
    """The parsed document at ``path`` (``-`` is stdin).

    Raises :class:`DeclarationReadError` with the one-line message ``check_declaration``
    prints for the same input (``PATH: not valid JSON: …``).
    """
    if path == "-":
        stream = sys.stdin
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
        where = "standard input"
    else:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise DeclarationReadError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
        where = path
    try:
        return decode_declaration_bytes(raw)
    except DeclarationReadError as exc:
        raise DeclarationReadError(f"{where}: {exc}") from None


class Command(BaseCommand):
    help = "Import a pia-declaration/1 file into the registry of the organisation it declares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="declaration file (JSON); - reads stdin")
        parser.add_argument(
            "--as-user",
            dest="username",
            help="the officer the import is recorded for (an officer or approver of the declared organisation)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change and the findings; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        acting_user = None
        if options["username"]:
            acting_user = get_user_model().objects.filter(username=options["username"]).first()
            if acting_user is None:
                raise CommandError(f"--as-user: no user named {options['username']!r}")
        try:
            data = read_declaration(options["path"])
            result = declaration_import_with_drafts(
                data=data, acting_user=acting_user, dry_run=options["dry_run"], schedule_refresh=False
            )
        except DeclarationReadError as exc:
            self._fail([str(exc)])
        except DeclarationInvalid as exc:
            self._fail([str(problem) for problem in exc.problems])
        except DeclarationRefused as exc:
            raise CommandError(f"--as-user: {exc}; nothing was imported") from None
        summary = result.summary()
        if options["dry_run"]:
            summary["findings"] = [finding.as_dict() for finding in result.findings]
        elif result.organization is not None:
            summary["findings"] = findings_refresh(organization=result.organization).counts()
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _fail(self, lines: list[str]) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(EXIT_INVALID)
