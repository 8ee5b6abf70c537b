"""``python manage.py load_demo_declarations [--reset]``: the sample declarations as demo registries.

``make run`` → ``load_demo`` calls this after the demo organisations and users exist
(compliance.accounts.demo.OPTIONAL_DEMO_COMMANDS): each ``fixtures/declarations/*.json``
(the four municipal programs of デジタル庁「マイナンバーの利用範囲等の拡大について」（2022年）,
the counter of 法務省資料「市区町村窓口における在留カード等のICチップの取扱い」 and one clean city)
becomes the registry of its organisation, and its findings are stored, so a first-time
user sees real findings at once. A registry that already has entries is left alone (an
officer's edits survive the next ``make run``) unless ``--reset`` is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from compliance.accounts.models import Organization
from compliance.checks.services import findings_refresh
from compliance.registry import models as m
from compliance.registry.importing import DeclarationInvalid, declaration_import_with_drafts


def demo_declarations() -> list[Path]:
    return sorted((Path(settings.HYOKA_FIXTURES_DIR) / "declarations").glob("*.json"))


def _has_registry(data: dict[str, Any]) -> bool:
    declared = data.get("organization") or {}
    organization = Organization.objects.filter(code=declared.get("code"), body=declared.get("body")).first()
    return organization is not None and m.Affair.objects.filter(organization=organization).exists()


class Command(BaseCommand):
    help = "Load fixtures/declarations/*.json as the demo organisations' registries (once, or again with --reset)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="replace registries that already have entries"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in demo_declarations():
            data = json.loads(path.read_text(encoding="utf-8"))
            if not options["reset"] and _has_registry(data):
                self.stdout.write(f"{path.name}: kept (the registry already has entries)")
                continue
            try:
                result = declaration_import_with_drafts(data=data, acting_user=None, schedule_refresh=False)
            except DeclarationInvalid as error:
                self.stderr.write(f"{path.name}: not loaded")
                for problem in error.problems:
                    self.stderr.write(f"  {problem}")
                continue
            assert result.organization is not None
            refreshed = findings_refresh(organization=result.organization)
            self.stdout.write(
                f"{path.name}: {result.organization.name} ({result.url_path}), "
                f"{sum(result.created.values())} entries created, {refreshed.active} findings"
            )
