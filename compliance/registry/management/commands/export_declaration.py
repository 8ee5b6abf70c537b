"""``python manage.py export_declaration --org CODE [--body BODY]``: the registry as a declaration file.

Prints the organisation's registry as one ``pia-declaration/1`` JSON document
(docs/domain.md §5) in normal form; importing it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from compliance.accounts.models import Organization
from compliance.registry.selectors import registry_export


class Command(BaseCommand):
    help = "Print an organisation's registry as a pia-declaration/1 document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org", required=True, help="organisation code (全国地方公共団体コード or identifier)"
        )
        parser.add_argument(
            "--body", help="the declaring organ (mayor, board_of_education…) when the code has several"
        )
        parser.add_argument(
            "--as-of", dest="as_of", help="the date written as as_of (YYYY-MM-DD, default today)"
        )
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.filter(code=options["org"])
        if options["body"]:
            organizations = organizations.filter(body=options["body"])
        found = list(organizations[:2])
        if not found:
            raise CommandError(f"--org: no organisation with code {options['org']!r}")
        if len(found) > 1:
            raise CommandError(f"--org: several organs share code {options['org']!r}; name one with --body")
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError("--as-of: expected a date YYYY-MM-DD") from None
        text = json.dumps(registry_export(organization=found[0], as_of=as_of), ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
