"""``manage.py verify_catalog``: compare the catalog with the official texts it cites."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from compliance.law.catalog.files import read_catalog_files
from compliance.law.catalog.loading import catalog_dir
from compliance.law.catalog.records import CatalogValidationError
from compliance.law.egov.texts import OfficialTexts
from compliance.law.egov.verify import verify
from compliance.law.management.commands._common import OneLineErrorCommand, fail


class Command(OneLineErrorCommand):
    help = (
        "Compare each catalog record with the official text it cites (wording, bodies, 項番); report counts by "
        "kind and the unverified records with reasons. Exit 1 when a record marked verified no longer matches."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--dir", type=Path, default=None, help="catalog folder (default: fixtures/law)")
        parser.add_argument("--texts", type=Path, default=None, help="folder of the official texts")

    def handle(self, *args: Any, **options: Any) -> None:
        texts = OfficialTexts(options["texts"] or Path(settings.HYOKA_LAW_TEXTS_DIR))
        try:
            records, _notes = read_catalog_files(options["dir"] or catalog_dir())
            report = verify(records, texts)
            data = report.as_dict()
        except CatalogValidationError as exc:
            fail(self, exc.messages, "the catalog files have problems")
        except FileNotFoundError as exc:
            fail(self, [str(exc)], "the official texts are needed")
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            for kind, counts in sorted(data["by_kind"].items()):
                self.stdout.write(
                    f"{kind}: {counts['records']} records, {counts['text_verified']} text-verified, "
                    f"{counts['period_verified']} period-verified"
                )
            for failure in data["failures"]:
                self.stderr.write(
                    f"{failure['kind']}:{failure['key']}: marked verified but {failure['reason']}"
                )
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} record(s) marked verified no longer match", returncode=1
            )
