"""The catalog's text is public: the law browser, the API and the exports show its notes, sources,
labels and descriptions. None of it may point at the project's own documents or internal keys; a
record says instead which text states it or why it cannot be confirmed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from compliance.law.catalog.loading import catalog_dir, catalog_from_files

INTERNAL = re.compile(r"domain\.md|contracts\.md|design\.md|seed ?0\d\d|issue \d+|cat_\d+", re.IGNORECASE)
#: A note that rests on someone's memory is no reason a reader can follow.
FROM_MEMORY = re.compile(r"記憶による|記憶に基づく")
FILES = sorted(p.stem for p in catalog_dir().glob("*.yaml"))


def texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a record (at any depth) with its place, the record's own key left out."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for field, item in value.items():
            if field != "key":
                yield from texts(item, f"{where}.{field}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{where}[{index}]")


@pytest.mark.parametrize("name", FILES)
def test_no_record_of_the_catalog_files_names_an_internal_document_or_key(name: str) -> None:
    data = yaml.safe_load((catalog_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    found = [
        f"{where}: {text}"
        for where, text in texts(data, name)
        if INTERNAL.search(text) or FROM_MEMORY.search(text)
    ]
    assert found == []


def test_the_loaded_catalog_shows_no_internal_reference() -> None:
    catalog = catalog_from_files()
    shown: list[str] = []
    for record in (
        *catalog.schedule_rows,
        *catalog.categories,
        *catalog.permissions,
        *catalog.article19_items,
    ):
        for field in ("source", "notes", "label", "name", "description", "affair"):
            value = getattr(record, field, None)
            if isinstance(value, str):
                shown.append(value)
        for body in getattr(record, "bodies", ()) or getattr(record, "providers", ()) or ():
            shown.append(body.label)
    assert shown
    assert [text for text in shown if INTERNAL.search(text) or FROM_MEMORY.search(text)] == []


def test_the_pattern_catches_what_it_is_meant_to() -> None:
    for text in ("contracts.md §6", "seed 002", "seed002", "issue 11", "cat_15", "domain.md"):
        assert INTERNAL.search(text), text
    assert not INTERNAL.search("番号法（2015年公布時点の条文） 別表第二 五十七の項")
