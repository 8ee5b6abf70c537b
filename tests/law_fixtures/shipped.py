"""Reading the shipped catalog files (``fixtures/law/*.yaml``) as plain YAML for the fixture tests.

The tests read the files twice on purpose: through
:func:`compliance.law.catalog.loading.catalog_from_files` (what ``check_declaration`` sees) and as
plain YAML (to check what the loader does not look at: keys, sources, cards, forms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

import yaml

from compliance.law.catalog.loading import catalog_dir

#: Files holding one list of records (docs/catalog-format.md).
LIST_FILES = (
    "statutes",
    "schedule_rows",
    "quasi_affairs",
    "article19_items",
    "categories",
    "linkage_permissions",
    "ordinance_linkage_limits",
    "ordinance_scope_rules",
    "forms",
)
#: The lists inside cards.yaml.
CARD_SECTIONS = ("cards", "applications", "items", "placements")
#: Every (file, section) pair; section is None for list files.
ALL_LISTS: tuple[tuple[str, str | None], ...] = tuple((f, None) for f in LIST_FILES) + tuple(
    ("cards", s) for s in CARD_SECTIONS
)


@cache
def load(name: str) -> Any:
    path = catalog_dir() / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def records(name: str, section: str | None = None) -> list[dict[str, Any]]:
    data = load(name)
    return list(data[section] if section else data)


def list_id(pair: tuple[str, str | None]) -> str:
    name, section = pair
    return f"{name}:{section}" if section else name


def in_force(record: dict[str, Any], day: dt.date) -> bool:
    until = record.get("in_force_until")
    return record["in_force_from"] <= day and (until is None or day < until)


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    a_until, b_until = a.get("in_force_until"), b.get("in_force_until")
    return (b_until is None or a["in_force_from"] < b_until) and (
        a_until is None or b["in_force_from"] < a_until
    )


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere inside a parsed YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def form_items(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item of a form definition, descending into nested sections."""
    for section in sections:
        yield from section.get("items", [])
        yield from form_items(section.get("sections", []))


def body_refs(record: dict[str, Any]) -> list[dict[str, Any]]:
    return list(record.get("bodies") or []) + list(record.get("providers") or [])
