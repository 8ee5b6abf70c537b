"""A frozen version as a printable document: covers, numbered sections, items, annexes.

A thin adapter over :mod:`compliance.assessments.document` (the version's JSON and its
public variant): the renderers (PDF, Word) read only these dataclasses, never the JSON,
so both formats show the same headings in the same order.

Variants (特定個人情報保護評価指針: items whose publication would create a security risk
may be withheld from the public version, but are still submitted to the commission):

- ``full``: every answer (for the PPC and the body itself);
- ``public``: :func:`~compliance.assessments.document.public_document`, each withheld
  item kept in place and marked 「非公開」.

Annexes follow the official form 4: 別添1 事務の内容 (with the data-flow diagram),
別添2 特定個人情報ファイル記録項目, 別添3 変更箇所.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from compliance.assessments.definitions import SectionSpec, spec_from_payload
from compliance.lib.wareki import to_wareki

logger = logging.getLogger(__name__)

FULL, PUBLIC = "full", "public"
WITHHELD = "非公開"
#: Items that belong in an annex, by key prefix or by the label's （別添N） prefix (様式4).
_ANNEX_KEYS = {"annex1_": "annex1", "annex2_": "annex2"}
_ANNEX_LABELS = {"（別添1）": "annex1", "（別添2）": "annex2"}


def _annex_of(item: Item) -> str | None:
    for prefix, name in _ANNEX_KEYS.items():
        if item.key.startswith(prefix):
            return name
    for prefix, name in _ANNEX_LABELS.items():
        if item.label.startswith(prefix):
            return name
    return None


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    value: str
    withheld: bool = False
    long: bool = False


@dataclass
class Section:
    key: str
    number: str
    title: str
    level: int  # 1 = Ⅰ–Ⅵ and annexes (PDF bookmark level 2), 2 = their sub-sections
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    diagram_svg: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}　{self.title}".strip("　 ") if self.number else self.title

    @property
    def anchor(self) -> str:
        return f"s-{self.key}"


@dataclass
class Cover:
    number: str
    title: str
    declaration: str
    notes: str
    body: str
    published_on: str
    ppc_approved_on: str  # national full assessments only (番号法第28条第2項の承認)


@dataclass
class FormDocument:
    form: str
    title: str
    cover: Cover
    sections: list[Section]


@dataclass
class Document:
    variant: str
    title: str
    organization: str
    assessment_number: str
    version_number: int
    sha256: str
    forms: list[FormDocument]

    @property
    def is_public(self) -> bool:
        return self.variant == PUBLIC

    def headings(self) -> list[str]:
        """Every heading in document order (form titles, then sections depth first)."""
        out: list[str] = []

        def walk(sections: list[Section]) -> None:
            for section in sections:
                out.append(section.heading)
                walk(section.sections)

        for form in self.forms:
            out.append(form.title)
            walk(form.sections)
        return out


def display_value(value: Any) -> str:
    """An answer as printed: dates in 和暦 (the official forms' convention), booleans as はい/いいえ."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return to_wareki(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return "、".join(display_value(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {display_value(v)}" for k, v in value.items())
    return str(value)


def _items(spec_items: Any, answers: dict[str, Any], withheld: set[str]) -> list[Item]:
    return [
        Item(
            key=item.key,
            label=item.label,
            value=WITHHELD if item.key in withheld else display_value(answers.get(item.key)),
            withheld=item.key in withheld,
            long=item.answer_type == "long_text",
        )
        for item in spec_items
    ]


def _section(spec: SectionSpec, answers: dict[str, Any], withheld: set[str], level: int) -> Section:
    return Section(
        key=spec.key,
        number=spec.number,
        title=spec.title,
        level=level,
        items=_items(spec.items, answers, withheld),
        sections=[_section(child, answers, withheld, level + 1) for child in spec.sections],
    )


def _split_annex_items(section: Section, annexes: dict[str, list[Item]]) -> None:
    """Move the annex items out of the body into their annex (別添1 事務の内容, 別添2 記録項目)."""
    kept: list[Item] = []
    for item in section.items:
        target = _annex_of(item)
        (annexes[target] if target else kept).append(item)
    section.items = kept
    for child in section.sections:
        _split_annex_items(child, annexes)


def _cover(items: list[Item], data: dict[str, Any]) -> Cover:
    values = {item.key: item.value for item in items}
    procedure = data.get("procedure") or {}
    return Cover(
        number=values.get("assessment_number") or data["assessment"].get("number", ""),
        title=values.get("assessment_title") or data["affair"]["name"],
        declaration=values.get("privacy_declaration", ""),
        notes=values.get("special_notes", ""),
        body=values.get("body_name") or data["organization"]["name"],
        published_on=values.get("published_on") or display_value(procedure.get("published_on")),
        ppc_approved_on=values.get("ppc_approved_on") or display_value(procedure.get("ppc_approval_on")),
    )


def _form_document(form: dict[str, Any], data: dict[str, Any], diagram_svg: str) -> FormDocument:
    spec = spec_from_payload(form["definition"])
    withheld = set(form.get("withheld", []))
    answers = form.get("answers", {})
    cover_items: list[Item] = []
    sections: list[Section] = []
    annexes: dict[str, list[Item]] = {"annex1": [], "annex2": []}
    for top in spec.sections:
        if top.key == "cover":
            cover_items = _items(top.all_items(), answers, withheld)
            continue
        section = _section(top, answers, withheld, 1)
        _split_annex_items(section, annexes)
        sections.append(section)
    if form["form"] == "full" or annexes["annex1"] or annexes["annex2"]:
        changes = [s for s in sections if s.key == "changes"]
        body = [s for s in sections if s.key != "changes"]
        annex1 = Section("annex1", _("別添1"), _("事務の内容"), 1, annexes["annex1"], diagram_svg=diagram_svg)
        annex2 = Section("annex2", _("別添2"), _("特定個人情報ファイル記録項目"), 1, annexes["annex2"])
        sections = [*body, annex1, annex2, *changes]
    return FormDocument(
        form=form["form"], title=spec.title, cover=_cover(cover_items, data), sections=sections
    )


def document_from_version(
    *, data: dict[str, Any], sha256: str, variant: str, diagram_svg: str = ""
) -> Document:
    """The version ``data`` (its full JSON) as the ``variant`` document."""
    if variant not in (FULL, PUBLIC):
        raise ValueError(f"unknown variant {variant!r}")
    # Imported here: compliance.assessments.document and its services import each other,
    # which only resolves when the services package is imported first.
    from compliance.assessments import services  # noqa: F401
    from compliance.assessments.document import public_document

    shown = public_document(data) if variant == PUBLIC else data
    return Document(
        variant=variant,
        title=data["affair"]["name"],
        organization=data["organization"]["name"],
        assessment_number=data["assessment"].get("number", ""),
        version_number=int(data["version"]["number"]),
        sha256=sha256,
        forms=[_form_document(form, shown, diagram_svg) for form in shown.get("forms", [])],
    )
