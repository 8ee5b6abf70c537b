"""Reading and checking every catalog file in ``fixtures/law/`` (format: docs/catalog-format.md).

Used by ``load_catalog``: every problem in every file is collected first, so that a broken
file is reported completely and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from compliance.law.catalog import records as catalog

#: File stems the loader knows; anything else in the directory is reported and skipped.
KNOWN_FILES = tuple(dict.fromkeys(k.file for k in catalog.KINDS))


#: libyaml's safe loader when available (several times faster on the large form definitions).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, problems: catalog.Problems) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        problems.add(path.name, f"not valid YAML: {exc}")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path.name, f"cannot be read: {exc}")
    return None


def _raw_records(
    kind: catalog.Kind, data: Any, filename: str, problems: catalog.Problems
) -> tuple[str, list[Any]]:
    """(where prefix, list of raw records) of ``kind`` inside the parsed file ``data``."""
    if kind.section is None:
        if data is None:
            return filename, []
        if not isinstance(data, list):
            problems.add(filename, "expected a list of records at the top level")
            return filename, []
        return filename, data
    prefix = f"{filename}:{kind.section}"
    if data is None:
        return prefix, []
    if not isinstance(data, dict):
        problems.add(filename, f"expected a mapping with the lists {', '.join(_sections_of(kind.file))}")
        return prefix, []
    records = data.get(kind.section) or []
    if not isinstance(records, list):
        problems.add(prefix, "expected a list of records")
        return prefix, []
    return prefix, records


def _sections_of(file: str) -> list[str]:
    return [k.section for k in catalog.KINDS if k.file == file and k.section]


def read_catalog_files(directory: Path) -> tuple[list[catalog.Record], list[str]]:
    """Every record in ``directory``, checked; returns (records, notes) or raises with every problem.

    ``notes`` are harmless observations (an unknown file that was skipped).
    """
    problems = catalog.Problems()
    notes: list[str] = []
    if not directory.is_dir():
        raise catalog.CatalogValidationError([f"{directory}: not a directory"])
    for path in sorted(directory.glob("*.yaml")):
        if path.stem not in KNOWN_FILES:
            notes.append(
                f"{path.name}: not a catalog file (expected one of {', '.join(KNOWN_FILES)}); skipped"
            )
    parsed_files: dict[str, Any] = {}
    for stem in KNOWN_FILES:
        path = directory / f"{stem}.yaml"
        if path.exists():
            parsed_files[stem] = _load_yaml(path, problems)
            if stem == "cards" and isinstance(parsed_files[stem], dict):
                for unknown in sorted(set(map(str, parsed_files[stem])) - set(_sections_of("cards"))):
                    problems.add(
                        f"cards.yaml:{unknown}",
                        "unknown list (expected cards, applications, items, placements)",
                    )
    records: list[catalog.Record] = []
    for kind in catalog.KINDS:
        if kind.file not in parsed_files:
            continue
        prefix, raws = _raw_records(kind, parsed_files[kind.file], f"{kind.file}.yaml", problems)
        for index, raw in enumerate(raws):
            record = catalog.parse_record(kind, raw, f"{prefix}[{index}]", problems)
            if record is not None:
                record.position = index
                records.append(record)
    _check_keys(records, problems)
    universe = catalog.Universe()
    for record in records:
        universe.add(record)
    for record in records:
        catalog.check_references(record, universe, problems)
    if problems:
        raise catalog.CatalogValidationError(problems.messages)
    return records, notes


def _check_keys(records: list[catalog.Record], problems: catalog.Problems) -> None:
    """Keys are unique within a kind (and across schedule rows and quasi affairs); names that
    other records refer to (statutes, categories) do not have overlapping periods."""
    # A key may have several period rows in a file (a record the law amended keeps its key), as
    # long as they are of one kind and their periods do not overlap.
    by_key: dict[tuple[str, str], list[catalog.Record]] = defaultdict(list)
    for record in records:
        space = "rows" if record.kind.name in catalog.ROW_KINDS else record.kind.name
        for first in by_key[(space, record.key)]:
            if first.kind.name != record.kind.name or first.overlaps(
                record.in_force_from, record.in_force_until
            ):
                problems.add(f"{record.where}.key", f"duplicate key {record.key!r} (also at {first.where})")
                break
        by_key[(space, record.key)].append(record)
    by_name: dict[tuple[str, str], list[catalog.Record]] = defaultdict(list)
    for record in records:
        if record.kind.name in ("statutes", "categories"):
            by_name[(record.kind.name, record.values["name"])].append(record)
    for (_kind, name), group in by_name.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.overlaps(b.in_force_from, b.in_force_until):
                    problems.add(
                        f"{b.where}.name", f"{name!r} already has an overlapping period at {a.where}"
                    )
