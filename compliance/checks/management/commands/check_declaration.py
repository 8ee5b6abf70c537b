"""``manage.py check_declaration PATH [--as-of YYYY-MM-DD] [--format json|text]`` (docs/domain.md §6.2).

Checks a ``pia-declaration/1`` file against the legal catalog as of a date and
prints the findings and the threshold decision per affair. It writes nothing and
needs no database: the catalog comes from the database when it is migrated and
loaded, otherwise straight from ``fixtures/law/``.

Exit status: 0 when the check ran (whatever it found); 2 on unreadable input, an
invalid ``--as-of`` or an invalid declaration — then stdout stays empty and stderr
names each problem with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from compliance.checks.engine import check
from compliance.checks.report import render_text
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import (
    DeclarationReadError,
    decode_declaration_bytes,
    validate_declaration,
)
from compliance.law.catalog import Catalog, loading


def load_catalog() -> Catalog:
    """The catalog for checks: ``load_catalog_for_checks`` (database if loaded, else files)."""
    return loading.load_catalog_for_checks()


class Command(BaseCommand):
    help = "宣言ファイル（pia-declaration/1）を法令カタログに照らして点検する / Check a declaration file."
    # No system checks: they are not needed to read a file, and must not touch a database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the declaration file (pia-declaration/1); '-' reads standard input")
        parser.add_argument(
            "--as-of", dest="as_of", help="YYYY-MM-DD; default: the declaration's as_of, then today"
        )
        parser.add_argument("--format", dest="output_format", choices=("json", "text"), default="text")

    def fail(self, *lines: str) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(2)

    def read(self, path: str) -> Any:
        try:
            if path == "-":
                stream = sys.stdin
                raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
                where = "standard input"
            else:
                raw = Path(path).read_bytes()
                where = path
        except OSError as exc:
            self.fail(f"{path}: cannot read the file: {exc.strerror or exc}")
        try:
            return decode_declaration_bytes(raw)
        except DeclarationReadError as exc:
            self.fail(f"{where}: {exc}")

    def handle(self, *args: Any, path: str, as_of: str | None, output_format: str, **options: Any) -> None:
        day: dt.date | None = None
        if as_of is not None:
            try:
                day = dt.date.fromisoformat(as_of) if len(as_of) == 10 else None
            except ValueError:
                day = None
            if day is None:
                self.fail(f"--as-of: not a date (YYYY-MM-DD): {as_of!r}")
        data = self.read(path)
        try:
            catalog = load_catalog()
        except ValueError as exc:  # CatalogFileError: the shipped catalog itself is broken
            raise CommandError(f"the legal catalog cannot be read: {exc}") from exc
        problems = validate_declaration(data, catalog)
        if problems:
            self.fail(*(str(problem) for problem in problems))
        snapshot = snapshot_from_declaration(data)
        day = day or snapshot.as_of or timezone.localdate()
        result = check(snapshot, catalog, day)
        if output_format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(result, snapshot))
