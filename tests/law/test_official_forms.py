"""The shipped form definitions against the PPC's forms as published assessments show them.

``../shared/forms/`` holds 様式2/3/4 as read from real published assessments: every item
marked ``seen`` there must be in ``form_definitions --format json`` with exactly its
number, label (sub-label, question) and choices, in every version the sources show.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from compliance.assessments.states import Rating
from compliance.law.models.forms import RATING_CHOICES
from tests.assessments import factories

SHARED = Path(settings.BASE_DIR).parent / "shared" / "forms"
FILES = ("basic_yoshiki2.yaml", "key_yoshiki3.yaml", "full_yoshiki4.yaml")
_MARK = re.compile(r"\[[^\]]*様式\d\]")

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/forms/ is not checked out here")


def _plain(text: Any) -> str:
    """Parentheses as the transcriptions write them (「(別添1)」 for 「（別添1）」)."""
    return str(text or "").replace("（", "(").replace("）", ")").strip()


def _source_marks() -> dict[str, str]:
    """Source id → the version mark its document carries (sources.md's table)."""
    marks: dict[str, str] = {}
    for line in (SHARED / "sources.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"S\d+", cells[0]):
            found = _MARK.search(cells[4])
            if found:
                marks[cells[0]] = found.group(0)
    return marks


@pytest.fixture
def published(db: None) -> dict[str, Any]:
    factories.load_form_definitions()
    out = io.StringIO()
    call_command("form_definitions", "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def _nodes(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sub-sections and items of a section in document order (a sub-section reads as a numbered heading)."""
    out: list[dict[str, Any]] = []
    for section in sections:
        out.extend(section["items"])
        for child in section.get("sections", []):
            out.append({"number": child["number"], "label": child["title"], "type": "section"})
            out.extend(_nodes([child]))
    return out


def _find(nodes: list[dict[str, Any]], *, number: str, label: str, sub_label: str, question: str) -> Any:
    for node in nodes:
        if (
            _plain(node.get("number")) == _plain(number)
            and _plain(node.get("label")) == _plain(label)
            and _plain(node.get("sub_label")) == _plain(sub_label)
            and (not question or _plain(node.get("question")) == _plain(question))
        ):
            return node
    return None


def _no(entry: dict[str, Any]) -> str:
    """The entry's item number (YAML 1.1 reads the key ``no`` as false)."""
    return str(entry.get("no", entry.get(False, "")) or "")  # type: ignore[call-overload]


def _seen(entry: dict[str, Any]) -> bool:
    return str(entry.get("evidence", "")).startswith("seen")


def _risk_fields(risk: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(label, choices) of a risk's fields: 「リスクへの対策は十分か [ ] <選択肢> 1) … 2) …」 holds its choices."""
    out = []
    for text in risk.get("fields", []):
        label, _sep, rest = str(text).partition(" [")
        out.append((label.strip(), re.findall(r"\d\) \S+", rest)))
    return out


def _check_form(shared: dict[str, Any], definition: dict[str, Any], marks: dict[str, str]) -> list[str]:
    problems: list[str] = []
    mark = definition["official_mark"]

    def shows(entry: dict[str, Any]) -> bool:
        """Whether the entry's sources show this version (entries without dated sources: every version)."""
        dated = [marks[s] for s in entry.get("sources", []) if s in marks]
        return not dated or mark in dated

    by_number = {_plain(s["number"]): s for s in definition["sections"] if s["number"]}
    cover = next(s for s in definition["sections"] if s["key"] == "cover")
    for entry in shared["cover"]:
        if not _seen(entry) or not shows(entry):
            continue
        if entry.get("type") == "fixed_mark":
            continue  # compared through version_marks_seen
        label = entry["label"]
        if label.startswith("個人情報保護委員会") and definition["version"] == "2014":
            label = "特定" + label  # the commission's name before 平成28年1月 (sources.md)
        if not any(item["label"] == label for item in cover["items"]):
            problems.append(f"{mark} cover: no item {label!r}")
    for section in shared["sections"]:
        ours = by_number.get(_plain(section["number"]))
        if ours is None:
            problems.append(f"{mark}: no section {section['number']}")
            continue
        if _plain(ours["title"]) != _plain(section["title"]):
            problems.append(f"{mark} {section['number']}: title {ours['title']!r}, form {section['title']!r}")
        nodes = _nodes([ours])
        for entry in section.get("items", []):
            if not isinstance(entry, dict) or not _seen(entry) or not shows(entry):
                continue
            where = f"{mark} {section['number']} {_no(entry)} {entry['label']}"
            node = _find(
                nodes,
                number=_no(entry),
                label=entry["label"],
                sub_label=entry.get("sub_label", ""),
                question=entry.get("question", ""),
            )
            if node is None:
                problems.append(f"{where}: missing")
                continue
            if node.get("type") != "section" and not node.get("verified"):
                problems.append(f"{where}: seen in a published assessment but not marked verified")
            if entry.get("choices") and node.get("choices") != entry["choices"]:
                problems.append(f"{where}: choices {node.get('choices')}, form {entry['choices']}")
            for risk in entry.get("risks", []):
                if not _seen(risk) and not str(risk.get("evidence", "")).startswith("seen"):
                    continue
                number, _sep, title = str(risk["risk"]).partition(": ")
                head = _find(nodes, number=number, label=title, sub_label="", question="")
                if head is None:
                    problems.append(f"{where} {risk['risk']}: missing")
                    continue
                block = nodes[nodes.index(head) + 1 :]
                for label, choices in _risk_fields(risk):
                    field = next((n for n in block if n.get("label") == label), None)
                    if field is None:
                        problems.append(f"{where} {risk['risk']}: no field {label!r}")
                    elif choices and field["choices"] != choices:
                        problems.append(f"{where} {risk['risk']} {label}: choices {field['choices']}")
    return problems


@needs_shared
@pytest.mark.parametrize("filename", FILES)
def test_every_seen_item_is_in_the_form_definitions_with_its_official_number_label_and_choices(
    published: dict[str, Any], filename: str
) -> None:
    shared = yaml.safe_load((SHARED / filename).read_text(encoding="utf-8"))
    marks = _source_marks()
    forms = [f for f in published["forms"] if f["form"] == shared["form"]]
    problems: list[str] = []
    for seen in shared["version_marks_seen"]:
        if not seen.get("sources"):
            continue  # a revision no published copy shows (令和…)
        definition = next((f for f in forms if f["official_mark"] == seen["mark"]), None)
        if definition is None:
            problems.append(f"no version with the mark {seen['mark']}")
            continue
        assert definition["title"] == shared["official_title"]
        problems.extend(_check_form(shared, definition, marks))
    assert problems == []


@needs_shared
@pytest.mark.parametrize("filename", ("key_yoshiki3.yaml", "full_yoshiki4.yaml"))
def test_the_sections_follow_the_official_item_list(published: dict[str, Any], filename: str) -> None:
    shared = yaml.safe_load((SHARED / filename).read_text(encoding="utf-8"))
    for definition in (f for f in published["forms"] if f["form"] == shared["form"]):
        listed = [  # the list prints the titles without the ※ of the section heading
            _plain(f"{s['number']} {s['title']}").removesuffix(" ※")
            for s in definition["sections"]
            if s["key"] != "cover"
        ]
        assert listed == [_plain(line) for line in shared["item_list_page"]], definition["version"]


def test_ratings_are_listed_in_the_commissions_order(published: dict[str, Any]) -> None:
    assert list(RATING_CHOICES) == ["特に力を入れている", "十分である", "課題が残されている"]
    assert list(Rating.values) == list(RATING_CHOICES)
    item = next(
        i
        for f in published["forms"]
        if f["form"] == "basic"
        for s in f["sections"]
        for i in s["items"]
        if i["key"] == "storage_rating"
    )
    assert item["choices"] == ["1) 特に力を入れている", "2) 十分である", "3) 課題が残されている"]


def test_each_revision_is_a_version_with_its_mark_and_the_day_new_assessments_use_it(
    published: dict[str, Any],
) -> None:
    versions = {(f["form"], f["official_mark"]): f["in_force_from"] for f in published["forms"]}
    assert versions[("basic", "[平成26年4月 様式2]")] == "2014-04-20"
    assert versions[("basic", "[平成28年1月 様式2]")] == "2016-01-01"
    assert versions[("basic", "[平成29年5月 様式2]")] == "2017-05-30"
    assert versions[("key", "[平成26年4月 様式3]")] == "2014-04-20"
    assert versions[("full", "[平成28年1月 様式4]")] == "2016-01-01"
    assert versions[("full", "[平成30年5月 様式4]")] == "2018-05-21"
    current = [f for f in published["forms"] if f["in_force_until"] is None]
    assert sorted(f["form"] for f in current) == ["basic", "full", "key"]


def test_a_check_box_leaves_its_ratings_not_required(published: dict[str, Any]) -> None:
    basic = next(f for f in published["forms"] if f["form"] == "basic" and f["in_force_until"] is None)
    items = {i["key"]: i for s in basic["sections"] for i in s["items"]}
    assert items["no_entrustment"]["type"] == "checkbox"
    assert items["no_entrustment"]["choices"] == ["委託しない"]
    assert items["entrustment_rating"]["blank_when"] == "no_entrustment"
    assert items["provision_rating"]["blank_when"] == "no_provision"
    assert "risk_measures_notes" not in items  # not an item of the official form
    assert items["changes"]["columns"] == [
        "変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明",
    ]  # fmt: skip


@needs_shared
@pytest.mark.parametrize("filename", FILES)
def test_template_items_are_in_the_form_definitions_as_given_and_marked_unverified(
    published: dict[str, Any], filename: str
) -> None:
    """Items the PPC template gives but no published copy shows: present as given, never claimed verified."""
    shared = yaml.safe_load((SHARED / filename).read_text(encoding="utf-8"))
    problems: list[str] = []
    for definition in (f for f in published["forms"] if f["form"] == shared["form"]):
        by_number = {_plain(s["number"]): s for s in definition["sections"] if s["number"]}
        for section in shared["sections"]:
            nodes = _nodes([by_number[_plain(section["number"])]])
            for entry in section.get("items") or []:
                if not isinstance(entry, dict) or "label" not in entry or _seen(entry):
                    continue  # seen items: the test above; prose-only entries: nothing to compare
                choices = [str(c).removeprefix("[ ] ") for c in entry.get("choices") or []]
                matches = [
                    node
                    for node in nodes
                    if _plain(node.get("number")) == _plain(_no(entry))
                    and _plain(node.get("label")) == _plain(entry["label"])
                    and _plain(node.get("sub_label")) == _plain(entry.get("sub_label", ""))
                    and _plain(node.get("question")) == _plain(entry.get("question", ""))
                    and (not choices or node.get("choices") == choices)
                ]
                where = (
                    f"{definition['official_mark'] or definition['version']} {section['number']} {_no(entry)}"
                )
                if not matches:
                    problems.append(f"{where} {entry['label']} {choices}: missing")
                elif any(node.get("type") != "section" and node.get("verified") for node in matches):
                    problems.append(f"{where} {entry['label']}: a template item marked verified")
    assert problems == []
