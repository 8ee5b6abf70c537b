"""A field-level difference between two frozen versions, readable by a person.

Sections and items come from the newer version's form definition (an item the PPC
removed from its template is still listed, under its old section); each change shows
the old and the new value, and long text is compared character by character (Japanese
has no spaces to split words at). The registry snapshot and the procedure record are
compared too, entry by entry. ``public=True`` compares the public versions only, so a
withheld item never shows through a diff.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from compliance.assessments.answers import display_value
from compliance.assessments.definitions import FormSpec, spec_from_payload
from compliance.assessments.states import Level
from compliance.assessments.version_document import public_document
from compliance.registry.codec import COLLECTION_MODELS, NESTED_MODELS, collection_label

#: Below this similarity a change is shown as "old replaced by new" rather than character by character.
SIMILAR = 0.5


@dataclass
class Change:
    key: str
    label: str
    old: str
    new: str

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        return "changed"

    def segments(self) -> list[tuple[str, str]]:
        """(``equal``/``delete``/``insert``, text) runs turning old into new."""
        out: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=self.old, b=self.new, autojunk=False)
        if matcher.ratio() < SIMILAR:  # mostly rewritten: old and new whole read better than confetti
            return [(op, text) for op, text in (("delete", self.old), ("insert", self.new)) if text]
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                out.append(("equal", self.old[a1:a2]))
            if op in ("delete", "replace"):
                out.append(("delete", self.old[a1:a2]))
            if op in ("insert", "replace"):
                out.append(("insert", self.new[b1:b2]))
        return out


@dataclass
class SectionDiff:
    form: str
    key: str
    title: str
    changes: list[Change]

    @property
    def form_label(self) -> str:
        return str(Level(self.form).label) if self.form in Level.values else self.form

    @property
    def anchor(self) -> str:
        return f"{self.form}-{self.key}"


@dataclass
class VersionDiff:
    old_number: int
    new_number: int
    sections: list[SectionDiff] = field(default_factory=list)
    procedure: list[Change] = field(default_factory=list)
    registry: list[Change] = field(default_factory=list)
    definitions: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.sections or self.procedure or self.registry or self.definitions)

    @property
    def count(self) -> int:
        return sum(len(s.changes) for s in self.sections) + len(self.procedure) + len(self.registry)


def _section_path(spec: FormSpec, key: str) -> str:
    parts = []
    section = spec.section_index.get(key)
    while section is not None:
        parts.append(section.display_title())
        section = spec.section_index.get(section.parent_key) if section.parent_key else None
    return " › ".join(reversed(parts))


def _forms(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {form["form"]: form for form in document.get("forms", [])}


def _form_sections(form: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[SectionDiff]:
    new_spec = spec_from_payload(new["definition"]) if new else None
    old_spec = spec_from_payload(old["definition"]) if old else None
    spec = new_spec or old_spec
    assert spec is not None
    old_answers = old["answers"] if old else {}
    new_answers = new["answers"] if new else {}
    by_section: dict[str, list[Change]] = {}
    order: list[str] = []
    for section in spec.walk_sections():
        order.append(section.key)
        for item in section.items:
            before, after = (
                display_value(item, old_answers.get(item.key)),
                display_value(item, new_answers.get(item.key)),
            )
            if before != after:
                by_section.setdefault(section.key, []).append(
                    Change(item.key, item.display_label(), before, after)
                )
    if old_spec is not None and new_spec is not None:
        for key, item in old_spec.items.items():  # items the newer template no longer has
            if key not in new_spec.items and old_answers.get(key) not in (None, ""):
                section_key = f"{item.section_key}@old"
                if section_key not in order:
                    order.append(section_key)
                by_section.setdefault(section_key, []).append(
                    Change(key, item.display_label(), display_value(item, old_answers.get(key)), "")
                )
    out = []
    for key in order:
        if key not in by_section:
            continue
        plain = key.removesuffix("@old")
        title = _section_path(spec if plain in spec.section_index else old_spec, plain)  # type: ignore[arg-type]
        out.append(SectionDiff(form=form, key=plain, title=title, changes=by_section[key]))
    return out


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key in sorted(value):
            _flatten(value[key], f"{prefix}.{key}" if prefix else str(key), out)
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and ("id" in v or "number" in v) for v in value)
    ):
        for entry in value:
            name = entry.get("id", entry.get("number"))
            _flatten({k: v for k, v in entry.items() if k not in ("id", "number")}, f"{prefix}/{name}", out)
    elif isinstance(value, list):
        out[prefix] = "、".join(display_value(None, v) for v in value)
    else:
        out[prefix] = display_value(None, value)


#: The procedure record's keys as the form names them (``comments/1.body`` reads 「意見1 本文」).
PROCEDURE_LABELS = {
    "comments": _("意見"),
    "body": _("本文"),
    "reflection": _("反映"),
    "comments_hidden": _("公表しない意見の数"),
    "public_comment": _("意見聴取"),
    "from": _("開始日"),
    "to": _("終了日"),
    "method": _("方法"),
    "shortened_reason": _("短縮の理由"),
    "published_on": _("公表日"),
    "third_party_review": _("第三者点検"),
    "on": _("実施日"),
    "result": _("結果"),
    "ppc_approval_on": _("個人情報保護委員会の承認日"),
}

#: Registry keys that are not a model field of their own (nested objects of the declaration).
REGISTRY_LABELS = {
    "organization": _("評価実施機関"),
    "basis": _("利用の根拠"),
    "counterparty": _("相手方"),
    "kind": _("種別"),
    "body": _("機関"),
    "name": _("名称"),
    "code": _("コード"),
    "affair": _("事務"),
    "ordinance": _("条例"),
    "same_government": _("同一地方公共団体の機関"),
    "public_comment": _("意見聴取"),
}


def _procedure_label(key: str) -> str:
    parts = []
    for part in key.split("."):
        name, _sep, ref = part.partition("/")
        label = str(PROCEDURE_LABELS.get(name, name))
        parts.append(f"{label} {ref}" if ref else label)
    return " ".join(parts)


def _registry_field(key: str) -> tuple[str, Any]:
    """(label, model field or None) of a flattened registry key: 「実施済みの評価 s1 評価の種類」."""
    parts: list[str] = []
    model: Any = None
    model_field: Any = None
    for part in key.split("."):
        name, sep, ref = part.partition("/")
        if sep:  # an entry: ``affairs/a1``, or ``affairs/oa1`` inside an ordinance
            model = (
                NESTED_MODELS.get(f"ordinance_{name}") if model is not None else COLLECTION_MODELS.get(name)
            )
            parts.append(f"{collection_label(name) if model is None else model._meta.verbose_name} {ref}")
            continue
        model_field = None
        if model is not None:
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a nested key of the declaration, not a column
                model_field = None
        verbose = getattr(model_field, "verbose_name", None)
        if verbose is not None and str(verbose) != name.replace("_", " "):
            parts.append(str(verbose))
        else:
            parts.append(str(REGISTRY_LABELS.get(name, name)))
    return " ".join(parts), model_field


def _registry_value(model_field: Any, value: str) -> str:
    """A stored code by its label (``basic`` reads 基礎項目評価), other values as they are."""
    choices = dict(getattr(model_field, "choices", None) or ())
    return str(choices.get(value, value)) if value else value


def _flat_changes(old: Any, new: Any, *, registry: bool = False) -> list[Change]:
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    _flatten(old or {}, "", before)
    _flatten(new or {}, "", after)
    changes = []
    for key in sorted(set(before) | set(after)):
        if before.get(key, "") == after.get(key, ""):
            continue
        if registry:
            label, model_field = _registry_field(key)
            changes.append(
                Change(
                    key,
                    label,
                    _registry_value(model_field, before.get(key, "")),
                    _registry_value(model_field, after.get(key, "")),
                )
            )
        else:
            changes.append(Change(key, _procedure_label(key), before.get(key, ""), after.get(key, "")))
    return changes


def document_diff(old: dict[str, Any], new: dict[str, Any], *, public: bool = False) -> VersionDiff:
    """What changed from version document ``old`` to ``new``."""
    if public:
        old, new = public_document(old), public_document(new)
    result = VersionDiff(old_number=old["version"]["number"], new_number=new["version"]["number"])
    old_forms, new_forms = _forms(old), _forms(new)
    for form in [f for f in Level.values if f in old_forms or f in new_forms]:
        o, n = old_forms.get(form), new_forms.get(form)
        result.sections.extend(_form_sections(form, o, n))
        before = f"{o['definition']['key']}" if o else ""
        after = f"{n['definition']['key']}" if n else ""
        if before != after:
            result.definitions.append(Change(form, str(Level(form).label), before, after))
    old_procedure = {k: v for k, v in old.get("procedure", {}).items() if k != "submitted_by"}
    new_procedure = {k: v for k, v in new.get("procedure", {}).items() if k != "submitted_by"}
    result.procedure = _flat_changes(old_procedure, new_procedure)
    old_registry = {k: v for k, v in (old.get("registry") or {}).items() if k != "as_of"}
    new_registry = {k: v for k, v in (new.get("registry") or {}).items() if k != "as_of"}
    result.registry = _flat_changes(old_registry, new_registry, registry=True)
    return result
