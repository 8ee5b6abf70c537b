"""``manage.py declaration_schema``: print the JSON Schema of ``pia-declaration/1`` (docs/domain.md §5)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from compliance.declaration.validation import declaration_schema


class Command(BaseCommand):
    help = "宣言ファイル形式 pia-declaration/1 の JSON Schema を出力する / Print the declaration JSON Schema."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(declaration_schema(), ensure_ascii=False, indent=2))
