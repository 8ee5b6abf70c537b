"""``manage.py form_definitions [--form basic|key|full] [--version V] --format json``: the PPC forms as data."""

from __future__ import annotations

import argparse
import json
from typing import Any

from compliance.law.form_export import form_definitions_json
from compliance.law.management.commands._common import OneLineErrorCommand
from compliance.law.models import FormDefinition, FormLevel


class Command(OneLineErrorCommand):
    help = (
        "Print the assessment form definitions (様式2/3/4) of the catalog: every version with its official "
        "mark, and every item with its official number, label and choices."
    )

    def add_base_argument(self, parser: Any, *args: Any, **kwargs: Any) -> None:
        # ``--version`` names a form version here (the catalog's command line), not Django's.
        if "--version" in args:
            return
        super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--form", choices=FormLevel.values, help="basic (様式2), key (様式3) or full (様式4)"
        )
        parser.add_argument("--version", help="one version only (e.g. 2014, 2016-01)")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        if not FormDefinition.objects.exists():
            self.stderr.write("form_definitions: the catalog has no form definitions; run load_catalog first")
        payload = form_definitions_json(form=options["form"], version=options["version"])
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
