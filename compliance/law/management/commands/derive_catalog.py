"""``manage.py derive_catalog``: write catalog files derived from the Act's official texts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from compliance.law.egov import derive
from compliance.law.egov.texts import OfficialTexts
from compliance.law.loading import catalog_dir
from compliance.law.management.commands._common import OneLineErrorCommand, fail

HEADERS = {
    "article19_items": (
        "Article 19 items (提供の制限の例外) under stable grounds; the item numbers per period.\n"
        "Derived from the Act's texts by `manage.py derive_catalog`; reviewed. Format: docs/catalog-format.md."
    ),
}
DERIVERS = {"article19_items": derive.article19_items}


class _Dumper(yaml.SafeDumper):
    """Plain YAML for review: no anchors and aliases for repeated values (dates)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(records: list[dict[str, Any]], header: str) -> str:
    body = yaml.dump(
        records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + "\n" + body


class Command(OneLineErrorCommand):
    help = "Write catalog files derived from the Act's official texts (review the diff before committing)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("files", nargs="*", help=f"which files (default: all of {', '.join(DERIVERS)})")
        parser.add_argument("--texts", type=Path, default=None, help="folder of the official texts")
        parser.add_argument("--out", type=Path, default=None, help="folder to write (default: fixtures/law)")

    def handle(self, *args: Any, **options: Any) -> None:
        texts = OfficialTexts(options["texts"] or Path(settings.HYOKA_LAW_TEXTS_DIR))
        out: Path = options["out"] or catalog_dir()
        unknown = [n for n in options["files"] if n not in DERIVERS]
        if unknown:
            fail(self, [f"unknown catalog file: {n}" for n in unknown], "nothing was written")
        for name in options["files"] or list(DERIVERS):
            try:
                derived = DERIVERS[name](texts)
            except FileNotFoundError as exc:
                fail(self, [str(exc)], "nothing was written")
            path = out / f"{derived.name}.yaml"
            path.write_text(dump(derived.records, HEADERS[derived.name]), encoding="utf-8")
            self.stdout.write(f"{path}: {len(derived.records)} records")
