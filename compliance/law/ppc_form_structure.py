"""The structure of a PPC form definition (様式: sections → items), checked when it is loaded.

The PPC's assessment forms, not Django's: the web forms of the law pages are in :mod:`compliance.law.forms`.

docs/domain.md §2.3: each form is data (a versioned definition), so the next PPC template is a new
version, not a code change. The keys are documented in docs/catalog-format.md (``forms.yaml``).
"""

from __future__ import annotations

from typing import Any

from compliance.law.catalog.values import Problems
from compliance.law.models.forms import AnswerType

_SECTION_KEYS = frozenset({"key", "number", "title", "title_en", "label", "label_en", "description",
                           "description_en", "items", "sections"})  # fmt: skip
_ITEM_KEYS = frozenset({"key", "number", "label", "label_en", "sub_label", "question", "answer_type", "choices",
                        "columns", "required", "public", "registry_source", "prefill", "blank_when", "help",
                        "help_en", "description", "description_en", "notes", "verified", "sources"})  # fmt: skip
#: ``prefill: suggest``: the registry proposes the value and the officer confirms or corrects it
#: (the stored answer is the officer's); without it a registry value fills the item read-only.
_PREFILL = frozenset({"suggest"})


def validate_form_sections(sections: list[Any], where: str, problems: Problems) -> None:
    """A form's structure: sections (with items and optional sub-sections), unique keys, known answer types."""
    seen: set[str] = set()
    checkboxes: set[str] = set()
    dependents: list[tuple[str, str]] = []

    def walk(nodes: Any, path: str) -> None:
        if not isinstance(nodes, list):
            problems.add(path, "expected a list of sections")
            return
        for i, section in enumerate(nodes):
            spath = f"{path}[{i}]"
            if not isinstance(section, dict):
                problems.add(spath, "a section is a mapping")
                continue
            for unknown in sorted(set(map(str, section)) - _SECTION_KEYS):
                problems.add(f"{spath}.{unknown}", "unknown key for a form section")
            if not section.get("key"):
                problems.add(f"{spath}.key", "required")
            if not (section.get("title") or section.get("label")):
                problems.add(f"{spath}.title", "required")
            items = section.get("items", [])
            if not isinstance(items, list):
                problems.add(f"{spath}.items", "expected a list of items")
                items = []
            for j, item in enumerate(items):
                ipath = f"{spath}.items[{j}]"
                if not isinstance(item, dict):
                    problems.add(ipath, "an item is a mapping")
                    continue
                for unknown in sorted(set(map(str, item)) - _ITEM_KEYS):
                    problems.add(f"{ipath}.{unknown}", "unknown key for a form item")
                key = item.get("key")
                if not key:
                    problems.add(f"{ipath}.key", "required")
                elif key in seen:
                    problems.add(f"{ipath}.key", f"duplicate item key {key!r} in this form")
                else:
                    seen.add(str(key))
                if not item.get("label"):
                    problems.add(f"{ipath}.label", "required")
                answer_type = item.get("answer_type")
                if answer_type not in AnswerType.values:
                    problems.add(
                        f"{ipath}.answer_type",
                        f"unknown answer type {answer_type!r} (expected one of: {', '.join(AnswerType.values)})",
                    )
                choices = item.get("choices")
                if answer_type == "choice" and not (isinstance(choices, list) and choices):
                    problems.add(f"{ipath}.choices", "a choice item needs a non-empty list of choices")
                elif choices is not None and not isinstance(choices, list):
                    problems.add(f"{ipath}.choices", "expected a list")
                for flag in ("required", "public", "verified"):
                    if flag in item and not isinstance(item[flag], bool):
                        problems.add(f"{ipath}.{flag}", "expected true or false")
                if answer_type == "checkbox":
                    checkboxes.add(str(key))
                if answer_type in ("heading", "checkbox") and item.get("required"):
                    problems.add(f"{ipath}.required", f"a {answer_type} item is never required")
                if answer_type == "table" and not (isinstance(item.get("columns"), list) and item["columns"]):
                    problems.add(f"{ipath}.columns", "a table item needs a non-empty list of columns")
                if item.get("verified") and not item.get("sources"):
                    problems.add(
                        f"{ipath}.sources", "a verified item names the published documents it was read in"
                    )
                if "prefill" in item and item["prefill"] not in _PREFILL:
                    problems.add(f"{ipath}.prefill", f"expected one of: {', '.join(sorted(_PREFILL))}")
                if item.get("blank_when"):
                    dependents.append((ipath, str(item["blank_when"])))
            walk(section.get("sections", []), f"{spath}.sections")

    walk(sections, where)
    for ipath, box in dependents:
        if box not in checkboxes:
            problems.add(f"{ipath}.blank_when", f"{box!r} is not a checkbox item of this form")


def parse_sections(value: Any, where: str, problems: Problems) -> list[Any]:
    """Field parser for ``forms[].sections``."""
    if not isinstance(value, list) or not value:
        problems.add(where, "expected a non-empty list of sections")
        return []
    validate_form_sections(value, where, problems)
    return value
