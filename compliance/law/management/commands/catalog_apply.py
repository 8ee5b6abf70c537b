"""``manage.py catalog_apply FILE``: apply a catalog change set (YAML or JSON; docs/catalog-format.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from compliance.law.catalog.change_sets import parse_change_set
from compliance.law.catalog.records import CatalogValidationError
from compliance.law.management.commands._common import OneLineErrorCommand, acting_user, fail
from compliance.law.services import catalog_apply


def read_change_set(path: Path) -> Any:
    """The parsed change set; a one-line reason when the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogValidationError([f"{path}: cannot be read: {exc}"]) from None
    return parse_change_set(text, path.name)


class Command(OneLineErrorCommand):
    help = "Apply a catalog change set in one transaction: nothing is overwritten, periods end and start."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--as-user", dest="as_user", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = read_change_set(path)
            result = catalog_apply(
                change_set=data,
                acting_user=acting_user(options["as_user"]),
                label=path.name,
                dry_run=options["dry_run"],
            )
        except CatalogValidationError as exc:
            fail(
                self,
                [f"{path.name}: {m}" for m in exc.messages],
                f"{len(exc.messages)} problem(s); nothing was written",
            )
        summary = result.plan.summary()
        summary["dry_run"] = result.dry_run
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
