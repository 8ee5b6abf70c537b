"""``manage.py import_egov_law FILE.xml``: import the Article 9 schedule from e-Gov 法令標準XML."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from compliance.law.catalog.records import CatalogValidationError
from compliance.law.egov.importer import egov_law_import
from compliance.law.egov.xml import EgovXmlError
from compliance.law.management.commands._common import OneLineErrorCommand, acting_user, fail
from compliance.law.management.commands.catalog_diff import iso_date


class Command(OneLineErrorCommand):
    help = (
        "Turn the rows of the Article 9 schedule (別表) in an e-Gov law XML file into schedule rows, "
        "reporting rows it cannot map. One transaction; nothing is written on error."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--effective-on",
            type=iso_date,
            default=None,
            help="the date the text applies from (default: today); new rows start, changed rows change, on it",
        )
        parser.add_argument("--source", default="", help="source note for the imported rows")
        parser.add_argument("--dry-run", action="store_true", help="check and report only, write nothing")
        parser.add_argument("--as-user", dest="as_user", default=None)
        parser.add_argument(
            "--format",
            choices=["json", "detail"],
            default="detail",
            help="json: the counts and the unmapped rows with reasons; detail (default): the keys of each list",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        effective_on = options["effective_on"] or timezone.localdate()
        try:
            report, result = egov_law_import(
                path=path,
                effective_on=effective_on,
                acting_user=acting_user(options["as_user"]),
                source=options["source"],
                dry_run=options["dry_run"],
            )
        except EgovXmlError as exc:
            fail(self, [str(exc)], "not imported; nothing was written")
        except CatalogValidationError as exc:
            fail(self, exc.messages, f"{len(exc.messages)} problem(s); nothing was written")
        for item in report.unmapped:
            self.stderr.write(f"row {item['row']} ({item['path']}): not imported: {item['reason']}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.counts(), ensure_ascii=False))
            return
        data = report.as_dict()
        data["effective_on"] = effective_on.isoformat()
        data["dry_run"] = result.dry_run
        self.stdout.write(json.dumps(data, ensure_ascii=False))
