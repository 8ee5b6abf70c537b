"""Form definitions as the assessment app reads them: sections and items, indexed once.

The catalog stores each PPC form version as JSON (``law.FormDefinition.sections``,
docs/catalog-format.md); a frozen version carries a copy of it. Both are read through
:func:`spec_from_sections`, so a draft and a version twenty years old are displayed and
compared by the same code, whatever template revision the PPC has made since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from compliance.law.form_export import definition_identity
from compliance.law.models import FormDefinition


class FormDefinitionMissing(LookupError):
    """No version of a form is in force on the day: the legal catalog is not loaded."""


@dataclass(frozen=True)
class ItemSpec:
    key: str
    label: str
    label_en: str
    answer_type: str
    choices: tuple[str, ...]
    required: bool
    public: bool
    registry_source: str
    help: str
    section_key: str
    number: str = ""
    sub_label: str = ""
    question: str = ""
    columns: tuple[str, ...] = ()
    blank_when: str = ""  # the check box (「委託しない」…) that leaves this item blank and not required
    suggested: bool = False  # the registry proposes the value; the officer's confirmed value is stored
    verified: bool = False
    sources: tuple[str, ...] = ()

    def display_label(self) -> str:
        if get_language() == "en" and self.label_en:
            return self.label_en
        return "　".join(part for part in (self.label, self.sub_label, self.question) if part)

    @property
    def answerable(self) -> bool:
        """A heading (「1. 特定個人情報ファイルを取り扱う事務」) is printed but never answered."""
        return self.answer_type != "heading"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: str
    title: str
    title_en: str
    description: str
    items: tuple[ItemSpec, ...]
    sections: tuple[SectionSpec, ...]
    depth: int
    parent_key: str = ""

    def display_title(self) -> str:
        title = self.title_en if get_language() == "en" and self.title_en else self.title
        return f"{self.number} {title}".strip()

    def all_items(self) -> tuple[ItemSpec, ...]:
        """This section's items and its sub-sections', in order."""
        out = list(self.items)
        for child in self.sections:
            out.extend(child.all_items())
        return tuple(out)


@dataclass(frozen=True)
class FormSpec:
    """One version of one form: its sections (nested) and an index of every item and section."""

    form: str
    key: str
    version: str
    title: str
    sections: tuple[SectionSpec, ...]
    official_mark: str = ""
    items: dict[str, ItemSpec] = field(default_factory=dict)
    section_index: dict[str, SectionSpec] = field(default_factory=dict)

    def walk_sections(self) -> list[SectionSpec]:
        """Every section, depth first, in document order."""
        return list(self.section_index.values())

    def top_section_of(self, key: str) -> SectionSpec:
        section = self.section_index[key]
        while section.parent_key:
            section = self.section_index[section.parent_key]
        return section


def _section(raw: dict[str, Any], depth: int, parent: str) -> SectionSpec:
    key = str(raw["key"])
    items = tuple(
        ItemSpec(
            key=str(item["key"]),
            label=str(item.get("label", "")),
            label_en=str(item.get("label_en", "")),
            answer_type=str(item.get("answer_type", "text")),
            choices=tuple(str(c) for c in item.get("choices") or ()),
            required=bool(item.get("required", False)),
            public=bool(item.get("public", True)),
            registry_source=str(item.get("registry_source") or ""),
            help=str(item.get("help", "")),
            section_key=key,
            number=str(item.get("number") or ""),
            sub_label=str(item.get("sub_label") or ""),
            question=str(item.get("question") or ""),
            columns=tuple(str(c) for c in item.get("columns") or ()),
            blank_when=str(item.get("blank_when") or ""),
            suggested=item.get("prefill") == "suggest",
            verified=bool(item.get("verified", False)),
            sources=tuple(str(s) for s in item.get("sources") or ()),
        )
        for item in raw.get("items", [])
    )
    children = tuple(_section(child, depth + 1, key) for child in raw.get("sections", []))
    return SectionSpec(
        key=key,
        number=str(raw.get("number") or ""),
        title=str(raw.get("title") or raw.get("label") or ""),
        title_en=str(raw.get("title_en") or raw.get("label_en") or ""),
        description=str(raw.get("description", "")),
        items=items,
        sections=children,
        depth=depth,
        parent_key=parent,
    )


def spec_from_sections(
    *, form: str, key: str, version: str, title: str, sections: list[Any], official_mark: str = ""
) -> FormSpec:
    """A :class:`FormSpec` of raw sections (the catalog's JSON or a frozen copy of it)."""
    tops = tuple(_section(raw, 0, "") for raw in sections)
    spec = FormSpec(
        form=form, key=key, version=version, title=title, sections=tops, official_mark=official_mark
    )

    def index(section: SectionSpec) -> None:
        spec.section_index[section.key] = section
        for item in section.items:
            spec.items[item.key] = item
        for child in section.sections:
            index(child)

    for top in tops:
        index(top)
    return spec


@lru_cache(maxsize=64)
def _cached_spec(pk: int, updated_at: dt.datetime) -> FormSpec:
    definition = FormDefinition.objects.get(pk=pk)
    return spec_from_definition_row(definition)


def spec_from_definition_row(definition: FormDefinition) -> FormSpec:
    return spec_from_sections(
        form=definition.form,
        key=definition.key,
        version=definition.version,
        title=definition.title,
        sections=definition.sections,
        official_mark=definition.official_mark,
    )


def spec_for(definition: FormDefinition) -> FormSpec:
    """The spec of a catalog form definition, parsed once per (row, last change)."""
    if definition.pk is None:
        return spec_from_definition_row(definition)
    return _cached_spec(definition.pk, definition.updated_at)


def definition_in_force(*, form: str, on: dt.date) -> FormDefinition:
    """The version of ``form`` in force on ``on`` (the latest to start, if periods were ever to overlap)."""
    definition = FormDefinition.objects.in_force(on=on).filter(form=form).order_by("-in_force_from").first()
    if definition is None:
        raise FormDefinitionMissing(
            _("%(day)s に有効な様式（%(form)s）が法令カタログにありません。load_catalog を実行してください。")
            % {"day": on.isoformat(), "form": form}
        )
    return definition


def definition_payload(definition: FormDefinition) -> dict[str, Any]:
    """The definition as a frozen version keeps it: enough to read the answers without the catalog."""
    return {**definition_identity(definition), "sections": definition.sections}


def spec_from_payload(payload: dict[str, Any]) -> FormSpec:
    return spec_from_sections(
        form=payload["form"],
        key=payload["key"],
        version=str(payload["version"]),
        title=payload.get("title", ""),
        sections=payload["sections"],
        official_mark=str(payload.get("official_mark") or ""),
    )
