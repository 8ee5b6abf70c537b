"""A frozen version as a printable document: covers, numbered sections, items, annexes.

A thin adapter over :mod:`compliance.assessments.version_document` (the version's JSON and its
public variant): the renderers (PDF, Word) read only these dataclasses, never the JSON,
so both formats show the same headings in the same order.

Variants (特定個人情報保護評価指針: items whose publication would create a security risk
may be withheld from the public version, but are still submitted to the commission):

- ``full``: every answer (for the PPC and the body itself);
- ``public``: :func:`~compliance.assessments.version_document.public_document`, each withheld
  item kept in place and marked 「非公開」.

Annexes stand where the official form puts them (様式4: 別添1 事務の内容 with the data-flow
diagram after Ⅰ, 別添2 特定個人情報ファイル記録項目 after Ⅱ, 別添3 変更箇所 last); frozen
versions of older definitions, which kept the annexes as items, get them gathered at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from compliance.assessments.definitions import ItemSpec, SectionSpec, spec_from_payload
from compliance.assessments.version_document import public_document
from compliance.law.models.forms import RATING_CHOICES
from compliance.lib.wareki import to_wareki

logger = logging.getLogger(__name__)

FULL, PUBLIC = "full", "public"
_NUMBERED = re.compile(r"^\d+\)\s*")
#: 「（様式2）」 in the titles of older definitions: the official title has no mark.
_FORM_MARK = re.compile(r"（様式\d）$")
WITHHELD = "非公開"
ITEM_LIST = "項目一覧"  # the page of 様式3 and 様式4 that lists their sections
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
    number: str = ""  # the official number (「1.①」「リスク1」)
    question: str = ""  # 「…リスクへの対策は十分か」
    kind: str = "text"  # the answer type (heading: a row without an answer)
    choices_line: str = ""  # 「<選択肢> 1) 実施する 2) 実施しない 3) 未定」, printed beside the choice
    columns: tuple[str, ...] = ()  # a table item's columns
    rows: tuple[tuple[str, ...], ...] = ()  # a table item's rows

    @property
    def heading(self) -> str:
        """The row's heading as the form prints it: number, label, question."""
        return "　".join(part for part in (self.number, self.label, self.question) if part)

    @property
    def box_only(self) -> bool:
        """A check box that is its own label (様式3/4 「[ ○ ] 委託しない」 under 「4. …の委託」): one row, no heading."""
        return self.kind == "checkbox" and not self.withheld and self.value.endswith(f"] {self.heading}")


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
    #: The rows of the cover table after 評価書番号 | 評価書名, in the form's order, with the
    #: version's own labels (the full form's approval row is printed even when blank).
    rows: list[tuple[str, str]] = field(default_factory=list)
    mark: str = ""  # the version's mark, printed beneath the table (「[平成26年4月 様式2]」)


@dataclass
class FormDocument:
    form: str
    title: str
    cover: Cover
    sections: list[Section]

    @property
    def item_list(self) -> list[str]:
        """The 項目一覧 of 様式3 and 様式4: every top-level section and annex in order (none for 様式2)."""
        if self.form == "basic":
            return []
        return [section.heading.removesuffix(" ※") for section in self.sections]


@dataclass
class Document:
    variant: str
    title: str
    organization: str
    assessment_number: str
    version_number: int
    sha256: str
    forms: list[FormDocument]
    frozen_at: str = ""  # ISO date-time the version was frozen (the document's date)

    @property
    def organ(self) -> str:
        """The assessing organ as the first cover names it (「苫小牧市長」), else the organisation."""
        for form in self.forms:
            for label, value in form.cover.rows:
                if label == "評価実施機関名" and value:
                    return value
        return self.organization

    @property
    def document_title(self) -> str:
        """The title a reader's window and the file's properties show: the 評価書名 of the assessment's
        own form (the last one, 「…全項目評価書」 after the 基礎項目評価書), as the officer confirmed it."""
        for form in reversed(self.forms):
            if form.cover.title:
                return form.cover.title
        return self.title

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
            if form.item_list:
                out.append(ITEM_LIST)
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


def _choice_text(choice: str) -> str:
    return _NUMBERED.sub("", choice)


def _item(item: ItemSpec, answers: dict[str, Any], withheld: set[str]) -> Item:
    """One row as the PPC form prints it: choices as 「[ 実施しない ] <選択肢> 1) … 2) …」, boxes as 「[ ○ ]」."""
    value = answers.get(item.key)
    kind = item.answer_type
    label = "　".join(part for part in (item.label, item.sub_label) if part)
    common: dict[str, Any] = {
        "key": item.key,
        "label": label,
        "number": item.number,
        "question": item.question,
        "kind": kind,
        "long": kind == "long_text",
    }
    if item.key in withheld:
        return Item(value=WITHHELD, withheld=True, **common)
    if kind == "heading":
        return Item(value="", **common)
    if kind in ("choice", "rating"):
        choices = (
            item.choices
            if kind == "choice"
            else tuple(f"{n}) {c}" for n, c in enumerate(RATING_CHOICES, start=1))
        )
        chosen = _choice_text(str(value)) if value else ""
        return Item(
            value=f"[ {chosen} ]" if chosen else "[ ]", choices_line="<選択肢> " + " ".join(choices), **common
        )
    if kind == "checkbox":
        box = item.choices[0] if item.choices else ""
        return Item(value=f"[ {'○' if value is True else ' '} ] {box}".strip(), **common)
    if kind == "table":
        rows = tuple(
            tuple(str(row.get(c) or "") for c in item.columns) for row in value or [] if isinstance(row, dict)
        )
        text = "\n".join(" | ".join(row) for row in rows)
        return Item(value=text, columns=item.columns, rows=rows, **common)
    return Item(value=display_value(value), **common)


def _items(spec_items: Any, answers: dict[str, Any], withheld: set[str]) -> list[Item]:
    return [_item(item, answers, withheld) for item in spec_items]


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


def _cover(items: list[Item], data: dict[str, Any], mark: str = "") -> Cover:
    values = {item.key: item.value for item in items}
    procedure = data.get("procedure") or {}
    fallbacks = {
        "body_name": data["organization"]["name"],
        "published_on": display_value(procedure.get("published_on")),
        "ppc_approved_on": display_value(procedure.get("ppc_approval_on")),
    }
    rows = [
        (item.label, item.value or fallbacks.get(item.key, ""))
        for item in items
        if item.key not in ("assessment_number", "assessment_title")
    ]
    return Cover(
        rows=rows,
        mark=mark,
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
    # Definitions that model the annexes as sections of their own keep them where the form puts
    # them (様式4: 別添1 after Ⅰ, 別添2 after Ⅱ); older frozen definitions kept them as items.
    official = any(top.key.startswith("annex") for top in spec.sections)
    for top in spec.sections:
        if top.key == "cover":
            cover_items = _items(top.all_items(), answers, withheld)
            continue
        section = _section(top, answers, withheld, 1)
        if official:
            if top.key == "annex1" and form["form"] == "full":
                section.diagram_svg = diagram_svg
        else:
            _split_annex_items(section, annexes)
        sections.append(section)
    if not official and (form["form"] == "full" or annexes["annex1"] or annexes["annex2"]):
        changes = [s for s in sections if s.key == "changes"]
        body = [s for s in sections if s.key != "changes"]
        annex1 = Section("annex1", _("別添1"), _("事務の内容"), 1, annexes["annex1"], diagram_svg=diagram_svg)
        annex2 = Section("annex2", _("別添2"), _("特定個人情報ファイル記録項目"), 1, annexes["annex2"])
        sections = [*body, annex1, annex2, *changes]
    return FormDocument(
        form=form["form"],
        title=_FORM_MARK.sub("", spec.title),  # the mark is a line of its own beneath the cover
        cover=_cover(cover_items, data, spec.official_mark),
        sections=sections,
    )


def document_from_version(
    *, data: dict[str, Any], sha256: str, variant: str, diagram_svg: str = ""
) -> Document:
    """The version ``data`` (its full JSON) as the ``variant`` document."""
    if variant not in (FULL, PUBLIC):
        raise ValueError(f"unknown variant {variant!r}")
    # Imported here: compliance.assessments.version_document and its services import each other,
    # which only resolves when the services package is imported first.
    from compliance.assessments import services  # noqa: F401

    shown = public_document(data) if variant == PUBLIC else data
    return Document(
        variant=variant,
        title=data["affair"]["name"],
        organization=data["organization"]["name"],
        assessment_number=data["assessment"].get("number", ""),
        version_number=int(data["version"]["number"]),
        frozen_at=str(data["version"].get("frozen_at") or ""),
        sha256=sha256,
        forms=[_form_document(form, shown, diagram_svg) for form in shown.get("forms", [])],
    )
