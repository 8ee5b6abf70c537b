"""Items the registry or the procedure already knows, filled in instead of typed twice.

A form item may name a ``registry_source`` (docs/catalog-format.md): a dotted fact such
as ``affair.name``, ``file.persons`` or ``assessment.public_comment.from``. This module
turns each source into a value fit for the item's answer type — the text of a list,
the choice whose range holds a count (``1万人以上10万人未満``), the yes/no choice of a
fact — or ``None`` when the registry does not know it, and the officer answers.

A few items of the 評価実施手続 section carry no source in the catalog yet although
the procedure records them (the public comment's method, opinions and how they were
reflected; the third-party review's method and result); :data:`ITEM_SOURCES` names
them by item key until the catalog does.

Most filled items are read-only: the registry is the single source of those facts. An item
marked ``prefill: suggest`` in the catalog (評価書名, 評価実施機関名, 法令上の根拠) is only
proposed: the officer confirms or corrects it, and the stored answer is the officer's
(:func:`suggested_values`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from compliance.assessments.definitions import FormSpec, ItemSpec
from compliance.assessments.selectors.facts import AffairFacts
from compliance.checks.selectors import catalog_for_checks
from compliance.law.models import FormLevel
from compliance.lib.dates import add_years
from compliance.lib.vocabulary import Channel, CounterpartyKind, Direction

#: Procedure facts for items whose catalog entry has no ``registry_source`` (yet).
ITEM_SOURCES: dict[str, str] = {
    "public_comment_method": "assessment.public_comment.method",
    "public_comment_opinions": "assessment.public_comment.opinions",
    "public_comment_reflection": "assessment.public_comment.reflection",
    "third_party_review_method": "assessment.third_party_review.method",
    "third_party_review_result": "assessment.third_party_review.result",
}

#: Serious incidents this far back count for the full form's 重大事故 item (様式4 Ⅲ7 リスク1).
INCIDENT_YEARS = 3

_NEGATIVE = ("しない", "なし", "行っていない", "いない")
#: Choices that are neither yes nor no (「3) 未定」): never picked for a registry fact.
_UNDECIDED = ("未定",)
#: The 令和5年改正 (法律第48号) abolished 別表第二 and renamed 別表第一 「別表」 from this day.
SCHEDULE_RENAMED_ON = dt.date(2024, 5, 27)
#: Organ names (評価実施機関名) by the organisation's body: the assessing body is the organ
#: (○○市長, ○○県知事, ○○市教育委員会), not the municipality.
_ORGAN_SUFFIX = {"governor": "知事", "board_of_education": "教育委員会"}
_RANGE = re.compile(r"([\d,]+)(万)?人(以上|未満)")


@dataclass
class CommentSummary:
    """The public comment as the form's 意見の聴取 section reports it."""

    received: int = 0
    published: list[tuple[int, str, str]] = field(default_factory=list)  # (number, body, reflection)
    hidden: int = 0
    pending: int = 0


@dataclass
class ProcedureFacts:
    """What the workflow has recorded about this assessment so far."""

    level: str
    number: str = ""
    published_on: dt.date | None = None
    ppc_approval_on: dt.date | None = None
    comment_from: dt.date | None = None
    comment_to: dt.date | None = None
    comment_shortened_reason: str = ""
    comment_method: str = ""
    comments: CommentSummary | None = None
    third_party_review_on: dt.date | None = None
    third_party_review_method: str = ""
    third_party_review_result: str = ""


# --- facts -----------------------------------------------------------------------------------


def _lines(values: list[str]) -> str | None:
    values = [v for v in values if v]
    return "\n".join(values) if values else None


def _as_of(facts: AffairFacts) -> dt.date:
    try:
        return dt.date.fromisoformat(facts.as_of)
    except ValueError:
        return dt.date.today()


def organ_name(organization: dict[str, Any]) -> str | None:
    """The organ that assesses (「苫小牧市長」「北海道知事」「○○市教育委員会」), from the organisation and body."""
    name = str(organization.get("name") or "")
    if not name:
        return None
    body = organization.get("body") or ""
    if body in _ORGAN_SUFFIX:
        return name + _ORGAN_SUFFIX[body]
    if body in ("mayor", "union_head") and not name.endswith("長"):
        return name + "長"
    if body == "minister" and name.endswith("省"):
        return name.removesuffix("省") + "大臣"
    return name


def _schedule_row_number(basis: dict[str, Any], day: dt.date) -> str:
    """The 項番 of the affair's 別表 row in force on ``day``, from the legal catalog ('' when unknown)."""
    rows = catalog_for_checks().rows_for(
        kind="schedule", statute=str(basis.get("statute") or ""), phrase=str(basis.get("affair") or "")
    )
    numbers = sorted({r.row_number for r in rows if r.row_number and r.period.contains(day)})
    return numbers[0] if len(numbers) == 1 else ""


def _basis_text(facts: AffairFacts) -> str | None:
    basis = facts.affair.get("basis") or {}
    kind = basis.get("kind")
    if kind == "schedule":
        # 番号法第9条第1項: the row of 別表第一 (別表 since the 令和5年改正), as the forms cite it.
        day = _as_of(facts)
        table = "別表" if day >= SCHEDULE_RENAMED_ON else "別表第一"
        number = _schedule_row_number(basis, day)
        if number:
            return f"番号法 第9条第1項 {table} 項番{number}"
        return f"番号法 第9条第1項 {table}（{basis.get('statute', '')}／{basis.get('affair', '')}）"
    if kind == "quasi":
        return f"番号法第9条第1項（準法定事務: {basis.get('statute', '')}／{basis.get('affair', '')}）"
    if kind == "ordinance":
        ordinance = next((o for o in facts.ordinances if o["id"] == basis.get("ordinance")), None)
        if ordinance is None:
            return None
        affair = next((a for a in ordinance.get("affairs", []) if a["id"] == basis.get("affair")), None)
        name = affair["name"] if affair else basis.get("affair", "")
        number = f"（{ordinance['number']}）" if ordinance.get("number") else ""
        return f"番号法第9条第2項・{ordinance['title']}{number}（{name}）"
    if kind == "related":
        return "番号法第9条第4項（個人番号関係事務）"
    return None


def _provision_line(p: dict[str, Any]) -> str:
    counterparty = p.get("counterparty") or {}
    name = counterparty.get("name") or str(CounterpartyKind(counterparty.get("kind", "other")).label)
    categories = "、".join(p.get("categories") or [])
    text = f"{Direction(p['direction']).label}: {name}（{Channel(p['channel']).label}）"
    return f"{text} {categories}".strip()


def _provide_kind(facts: AffairFacts) -> str:
    provides = [p for p in facts.provisions if p["direction"] == "provide"]
    if any(p["channel"] != "intra_government" for p in provides):
        return "提供を行っている"
    if provides:
        return "移転を行っている"
    return "行っていない"


def _entrustment_line(e: dict[str, Any]) -> str:
    sub = "再委託あり" if e.get("subcontract") else "再委託なし"
    return f"{e['contractor']}（{sub}）"


def _serious_incident_recent(facts: AffairFacts) -> bool:
    as_of = _as_of(facts)
    since = add_years(as_of, -INCIDENT_YEARS)
    return any(
        i.get("serious") and i.get("occurred_on") and i["occurred_on"] >= since.isoformat()
        for i in facts.incidents
    )


def _opinions(summary: CommentSummary | None) -> str | None:
    if summary is None:
        return None
    head = f"意見の件数: {summary.received}件（公開 {len(summary.published)}件、非表示 {summary.hidden}件）"
    lines = [head] + [f"{number}. {_shorten(body, 200)}" for number, body, _r in summary.published]
    return "\n".join(lines)


def _reflections(summary: CommentSummary | None) -> str | None:
    if summary is None:
        return None
    if not summary.published:
        return "寄せられた意見のうち反映を要するものはなかった。"
    return "\n".join(
        f"{number}. {reflection or '（反映の記録なし）'}" for number, _b, reflection in summary.published
    )


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


FactReader = Callable[[AffairFacts, ProcedureFacts], Any]

#: Source name → the fact it reads. Values: str (text), bool, int (a count), list of lines,
#: ``("levels", required)`` for the threshold result.
FACTS: dict[str, FactReader] = {
    "organization.name": lambda f, p: f.organization.get("name"),
    "organization.organ": lambda f, p: organ_name(f.organization),
    "organization.incidents": lambda f, p: _serious_incident_recent(f),
    "affair.name": lambda f, p: f.affair.get("name"),
    "affair.basis": lambda f, p: _basis_text(f),
    "affair.files": lambda f, p: _lines([x["name"] for x in f.files]),
    "affair.provisions": lambda f, p: [_provision_line(x) for x in f.provisions],
    "affair.provisions.network": lambda f, p: [
        _provision_line(x) for x in f.provisions if x["channel"] == "network"
    ],
    "affair.provisions.provide": lambda f, p: (
        "kind",
        _provide_kind(f),
        [_provision_line(x) for x in f.provisions if x["direction"] == "provide"],
    ),
    "affair.provisions.receive": lambda f, p: [
        _provision_line(x) for x in f.provisions if x["direction"] == "receive"
    ],
    "affair.entrustments": lambda f, p: [_entrustment_line(x) for x in f.entrustments],
    # Check boxes (「[○] 委託しない」): ticked when the registry records none.
    "affair.entrustments.none": lambda f, p: ("box", not f.entrustments),
    "affair.provisions.none": lambda f, p: (
        "box",
        not any(x["direction"] == "provide" and x["channel"] != "network" for x in f.provisions),
    ),
    "affair.provisions.network.receive.none": lambda f, p: (
        "box",
        not any(x["direction"] == "receive" and x["channel"] == "network" for x in f.provisions),
    ),
    "affair.provisions.network.provide.none": lambda f, p: (
        "box",
        not any(x["direction"] == "provide" and x["channel"] == "network" for x in f.provisions),
    ),
    "file.name": lambda f, p: _lines([x["name"] for x in f.files]),
    "file.persons": lambda f, p: max((x["persons"] for x in f.files), default=None),
    "file.handlers": lambda f, p: max((x["handlers"] for x in f.files), default=None),
    "file.held_from": lambda f, p: min((x["held_from"] for x in f.files if x.get("held_from")), default=None),
    "file.entrustments": lambda f, p: [_entrustment_line(x) for x in f.entrustments],
    "file.entrustments.subcontract": lambda f, p: (
        any(x.get("subcontract") for x in f.entrustments) if f.entrustments else None
    ),
    "threshold.persons": lambda f, p: f.threshold.persons if f.threshold else None,
    "threshold.handlers": lambda f, p: f.threshold.handlers if f.threshold else None,
    "threshold.serious_incident": lambda f, p: f.threshold.serious_incident if f.threshold else None,
    "threshold.required": lambda f, p: ("levels", f.threshold.required if f.threshold else None, p.level),
    "threshold.as_of": lambda f, p: f.as_of or None,
    "assessment.number": lambda f, p: p.number or None,
    "assessment.published_on": lambda f, p: _date(p.published_on),
    "assessment.ppc_approval_on": lambda f, p: _date(p.ppc_approval_on),
    "assessment.third_party_review_on": lambda f, p: _date(p.third_party_review_on),
    "assessment.third_party_review.method": lambda f, p: p.third_party_review_method or None,
    "assessment.third_party_review.result": lambda f, p: p.third_party_review_result or None,
    "assessment.public_comment.from": lambda f, p: _date(p.comment_from),
    "assessment.public_comment.to": lambda f, p: _date(p.comment_to),
    "assessment.public_comment.shortened_reason": lambda f, p: (
        p.comment_shortened_reason or None if p.comment_from else None
    ),
    "assessment.public_comment.method": lambda f, p: p.comment_method or None,
    "assessment.public_comment.opinions": lambda f, p: _opinions(p.comments),
    "assessment.public_comment.reflection": lambda f, p: _reflections(p.comments),
}


# --- adapting a fact to an item ------------------------------------------------------------------


def _range_of(choice: str) -> tuple[int, float] | None:
    low, high = 0, float("inf")
    found = False
    for digits, man, side in _RANGE.findall(choice):
        value = int(digits.replace(",", "")) * (10_000 if man else 1)
        found = True
        if side == "以上":
            low = value
        else:
            high = value
    return (low, high) if found else None


_NUMBERED = re.compile(r"^\d+\)\s*")


def choice_text(choice: str) -> str:
    """A choice without its official number: 「2) 実施しない」 → 「実施しない」 (as printed in the brackets)."""
    return _NUMBERED.sub("", choice)


def choice_named(choices: tuple[str, ...], text: str) -> str | None:
    """The choice that reads ``text``, with or without its number."""
    for choice in choices:
        if text in (choice, choice_text(choice)):
            return choice
    return None


def choice_for_count(choices: tuple[str, ...], count: int) -> str | None:
    """The choice whose range (``X人以上Y人未満``) holds ``count``."""
    for choice in choices:
        bounds = _range_of(choice)
        if bounds and bounds[0] <= count < bounds[1]:
            return choice
    return None


def choice_for_flag(choices: tuple[str, ...], flag: bool) -> str | None:
    """The affirmative or the negative choice (``委託する`` / ``委託しない``)."""
    negative = [c for c in choices if any(marker in c for marker in _NEGATIVE)]
    positive = [c for c in choices if c not in negative and not any(m in c for m in _UNDECIDED)]
    pick = positive if flag else negative
    return pick[0] if len(pick) == 1 else None


def _choice_level(choice: str) -> str | None:
    if "全項目" in choice:
        return "full"
    if "重点項目" in choice:
        return "key"
    if "基礎項目" in choice:
        return "basic"
    return None


def choice_for_levels(choices: tuple[str, ...], required: tuple[str, ...] | None, filed: str) -> str | None:
    """The threshold result (…の実施が義務付けられる) or, for a list of forms filed, the level filed.

    A body may file a higher form than required (docs/domain.md §2.1), so "forms submitted"
    follows the assessment's own level, the threshold result the decision.
    """
    obligation = any("義務" in c for c in choices)
    if obligation:
        if required is None:
            return None
        highest = required[-1] if required else None
        for choice in choices:
            if _choice_level(choice) == highest and (highest is not None or "られない" in choice):
                return choice
        return None
    for choice in choices:
        if _choice_level(choice) == filed:
            return choice
    return None


def adapt(item: ItemSpec, fact: Any) -> Any:
    """The fact as a value of ``item``'s answer type, or None when it does not fit."""
    if fact is None:
        return None
    kind = item.answer_type
    if isinstance(fact, tuple) and fact and fact[0] == "box":
        return fact[1] if kind in ("checkbox", "boolean") else None
    if kind == "checkbox":
        return None
    if isinstance(fact, tuple) and fact and fact[0] == "levels":
        return choice_for_levels(item.choices, fact[1], fact[2]) if kind == "choice" else None
    if isinstance(fact, tuple) and fact and fact[0] == "kind":
        _tag, choice, lines = fact
        if kind == "choice":
            return choice_named(item.choices, choice) or choice_for_flag(
                item.choices, choice != "行っていない"
            )
        return _lines(lines)
    if kind == "choice":
        if isinstance(fact, bool):
            return choice_for_flag(item.choices, fact)
        if isinstance(fact, int):
            return choice_for_count(item.choices, fact)
        if isinstance(fact, list):
            return choice_for_flag(item.choices, bool(fact))
        return choice_named(item.choices, str(fact))
    if kind in ("text", "long_text"):
        if isinstance(fact, list):
            return _lines(fact)
        if isinstance(fact, bool):
            return None
        return str(fact)
    if kind == "integer":
        return fact if isinstance(fact, int) and not isinstance(fact, bool) else None
    if kind == "boolean":
        return fact if isinstance(fact, bool) else (bool(fact) if isinstance(fact, list) else None)
    if kind == "date":
        return fact if isinstance(fact, str) and len(fact) == 10 else None
    return None


def source_of(item: ItemSpec) -> str:
    return item.registry_source or ITEM_SOURCES.get(item.key, "")


def filled_values(spec: FormSpec, facts: AffairFacts, procedure: ProcedureFacts) -> dict[str, Any]:
    """Every item of ``spec`` its source fills now (read-only); the officer answers the rest."""
    return _values(spec, facts, procedure, suggested=False)


def suggested_values(spec: FormSpec, facts: AffairFacts, procedure: ProcedureFacts) -> dict[str, Any]:
    """What the registry proposes for the ``prefill: suggest`` items; the officer's answer wins."""
    return _values(spec, facts, procedure, suggested=True)


def _values(
    spec: FormSpec, facts: AffairFacts, procedure: ProcedureFacts, *, suggested: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with translation.override("ja"):  # the form is a Japanese document whatever the reader's language
        for key, item in spec.items.items():
            if item.suggested != suggested:
                continue
            source = source_of(item)
            if source == "assessment.title":
                # 評価書名: the affair and the form (「保育料の決定事務 基礎項目評価書」).
                name = facts.affair.get("name")
                if name:
                    out[key] = f"{name} {FormLevel(spec.form).label}"
                continue
            reader = FACTS.get(source) if source else None
            if reader is None:
                continue
            value = adapt(item, reader(facts, procedure))
            if value is not None and value != "":
                out[key] = value
    return out
