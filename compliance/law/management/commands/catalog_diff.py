"""``manage.py catalog_diff --from D1 --to D2 [--format json|text]``: what changed in the law between two dates."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from compliance.law.catalog.records import KINDS_BY_NAME
from compliance.law.management.commands._common import OneLineErrorCommand
from compliance.law.selectors import catalog_diff


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(OneLineErrorCommand):
    help = "List catalog records added, ended and changed between two dates."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--from", dest="date_from", type=iso_date, required=True)
        parser.add_argument("--to", dest="date_to", type=iso_date, required=True)
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument(
            "--kind", action="append", choices=sorted(KINDS_BY_NAME), help="limit to a record kind"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        date_from, date_to = options["date_from"], options["date_to"]
        if date_from > date_to:
            self.create_parser("manage.py", "catalog_diff").error("argument --to: must not be before --from")
        diff = catalog_diff(date_from=date_from, date_to=date_to, kinds=options["kind"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(diff.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"catalog changes from {date_from.isoformat()} to {date_to.isoformat()}")
        if diff.is_empty:
            self.stdout.write("no changes")
        for title, entries in (("added", diff.added), ("ended", diff.ended), ("changed", diff.changed)):
            if not entries:
                continue
            self.stdout.write(f"\n{title} ({len(entries)}):")
            for entry in entries:
                data = entry.as_dict()
                extra = f" [{', '.join(entry.fields)}]" if entry.fields else ""
                self.stdout.write(f"  {entry.kind.name} {entry.key}{extra}: {data['summary']}")
