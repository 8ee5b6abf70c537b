"""``manage.py load_catalog [--dir DIR]``: load the catalog files into the database (upsert by key)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from compliance.law.catalog.loading import catalog_dir
from compliance.law.catalog.records import CatalogValidationError
from compliance.law.management.commands._common import OneLineErrorCommand, acting_user, fail
from compliance.law.services import catalog_load


class Command(OneLineErrorCommand):
    help = "Load every fixtures/law/*.yaml file into the catalog tables in one transaction (idempotent)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--dir", dest="directory", type=Path, default=None, help="default: fixtures/law")
        parser.add_argument("--as-user", dest="as_user", default=None, help="record the load as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["directory"] or catalog_dir()
        try:
            result = catalog_load(directory=directory, acting_user=acting_user(options["as_user"]))
        except CatalogValidationError as exc:
            fail(
                self,
                exc.messages,
                f"{len(exc.messages)} problem(s) in the catalog files; nothing was written",
            )
        for note in result.notes:
            self.stderr.write(note)
        created, updated = sum(result.created.values()), sum(result.updated.values())
        unchanged = sum(result.unchanged.values())
        self.stdout.write(
            f"catalog loaded from {directory}: {created} created, {updated} updated, {unchanged} unchanged"
        )
        if result.kept_amendment_ends:
            self.stdout.write(f"{result.kept_amendment_ends} end date(s) set by amendments kept")
