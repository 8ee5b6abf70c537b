"""``manage.py derive_catalog``: write catalog files derived from the Act's official texts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from compliance.law.catalog.loading import catalog_dir
from compliance.law.egov import derive, permissions
from compliance.law.egov.texts import OfficialTexts
from compliance.law.management.commands._common import OneLineErrorCommand, fail

HEADERS = {
    "article19_items": (
        "Article 19 items (提供の制限の例外) under stable grounds; the item numbers per period.\n"
        "Derived from the Act's texts by `manage.py derive_catalog`; reviewed. Format: docs/catalog-format.md."
    ),
}
DERIVERS: dict[str, Any] = {
    "article19_items": derive.article19_items,
    "schedule_rows": None,
    "linkage_permissions": None,
}
HEADERS["schedule_rows"] = (
    "Article 9(1) schedule rows: every row of the 2015 別表第一 (2016-01-01 until 2024-05-27) and of the 別表\n"
    "as e-Gov served it on 2025-09-24 (from 2024-05-27). A row carried across the 2024 restructure keeps one key\n"
    "(two period rows). Bodies with `delegated_by` perform part of the affair by another law (第9条第1項).\n"
    "Derived from the Act's texts by `manage.py derive_catalog schedule_rows`; reviewed. The three\n"
    "resident-register rows at the end rest on the 住民基本台帳法 itself, not on the 別表.\n"
    "Format: docs/catalog-format.md."
)


HEADERS["linkage_permissions"] = (
    "Article 19(8) linkage permissions: a requester's schedule row may ask the providers for a category through\n"
    "the information provision network. Every (row, provider, information) of the 2015 別表第二 (keys *_table2,\n"
    "2017-05-30 until 2024-05-27), carried forward from 2024-05-27 as the content of the 主務省令 on 利用特定個人情報\n"
    "(same key without the suffix; unverified, the ordinance is not among the texts the catalog is derived from).\n"
    "Derived from the Act's texts by `manage.py derive_catalog linkage_permissions`; reviewed.\n"
    "Format: docs/catalog-format.md."
)
HEADERS["categories"] = (
    "Information categories (特定個人情報の種類) used by linkage permissions, ordinance linkage limits and\n"
    "declarations: the kinds of information the 第四欄 of the 2015 別表第二 names (a defined term, or the table's\n"
    "own wording where it defines none), then the categories later amendments added. `aliases` are other names\n"
    "documents use; declarations may use either. Written by `manage.py derive_catalog linkage_permissions`;\n"
    "reviewed. Format: docs/catalog-format.md."
)


def _rename_references(path: Path, field: str, renames: dict[str, str]) -> int:
    """Point ``field: OLD`` lines of a catalog file at the renamed row keys; returns how many moved."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(f"{field}:"):
            value = stripped.split(":", 1)[1].strip()
            if value in renames and renames[value] != value:
                lines[i] = line.replace(f"{field}: {value}", f"{field}: {renames[value]}")
                moved += 1
    path.write_text("".join(lines), encoding="utf-8")
    return moved


class _Dumper(yaml.SafeDumper):
    """Plain YAML for review: no anchors and aliases for repeated values (dates)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(records: list[dict[str, Any]], header: str, *, flow: bool | None = None) -> str:
    """YAML for review; ``flow=False`` writes every mapping as a block (records of scalars only)."""
    body = yaml.dump(
        records, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=flow
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
                if name == "schedule_rows":
                    derived = self._schedule_rows(texts, out)
                elif name == "linkage_permissions":
                    derived = self._linkage_permissions(texts, out)
                else:
                    derived = DERIVERS[name](texts)
            except FileNotFoundError as exc:
                fail(self, [str(exc)], "nothing was written")
            path = out / f"{derived.name}.yaml"
            path.write_text(dump(derived.records, HEADERS[derived.name]), encoding="utf-8")
            self.stdout.write(f"{path}: {len(derived.records)} records")

    def _schedule_rows(self, texts: OfficialTexts, out: Path) -> derive.Derived:
        existing = yaml.safe_load((out / "schedule_rows.yaml").read_text(encoding="utf-8")) or []
        derived, renames, problems = derive.schedule_rows(texts, existing)
        if problems:
            fail(self, problems, "rows that could not be mapped; nothing was written")
        statutes_path = out / "statutes.yaml"
        statutes = yaml.safe_load(statutes_path.read_text(encoding="utf-8")) or []
        added = derive.new_statutes(derived.records, statutes, derive.STATUTE_NUMBERS)
        if added:
            with statutes_path.open("a", encoding="utf-8") as handle:
                handle.write(
                    dump(
                        added, "Statutes the 別表 cites, added by `manage.py derive_catalog schedule_rows`."
                    )[0:]
                )
        for name, field in (("linkage_permissions", "requester_row"), ("quasi_affairs", "related_row")):
            moved = _rename_references(out / f"{name}.yaml", field, renames)
            self.stdout.write(f"{name}.yaml: {moved} references to renamed rows")
        self.stdout.write(f"statutes.yaml: {len(added)} statutes added")
        return derived

    def _linkage_permissions(self, texts: OfficialTexts, out: Path) -> derive.Derived:
        """別表第二's permissions; categories.yaml is written first (the permissions name its categories)."""

        def read(name: str) -> list[dict[str, Any]]:
            return list(yaml.safe_load((out / f"{name}.yaml").read_text(encoding="utf-8")) or [])

        schedule, existing, categories = (
            read("schedule_rows"),
            read("linkage_permissions"),
            read("categories"),
        )
        derivation = permissions.derive_pairs(texts, schedule)
        if derivation.problems:
            fail(self, derivation.problems, "rows that could not be mapped; nothing was written")
        aliases = {str(a): str(c["name"]) for c in categories for a in c.get("aliases") or []}
        records, kept, dropped = permissions.permission_records(derivation, schedule, existing, aliases)
        category_records = permissions.category_records(derivation, categories)
        path = out / "categories.yaml"
        path.write_text(dump(category_records, HEADERS["categories"], flow=False), encoding="utf-8")
        self.stdout.write(f"{path}: {len(category_records)} records")
        self.stdout.write(
            f"別表第二: {derivation.rows} rows, {len(derivation.pairs)} permissions; "
            f"{len(kept)} hand-written keys kept, {len(dropped)} dropped: {', '.join(dropped) or '-'}"
        )
        return derive.Derived("linkage_permissions", records)
