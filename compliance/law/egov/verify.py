"""Comparing the catalog with the official texts it cites (``manage.py verify_catalog``).

A record is **text-verified** when its wording, bodies and 項番 (or item number) are those of the
text its ``source`` names; **period-verified** when a text states its dates. Neither shared text
states the days set by cabinet order (2016-01-01, 2017-05-30, 2024-05-27), so only periods a
supplementary provision fixes (the 9(2) change on promulgation, 2023-06-09; the days the 2025 text's
附則 state for changes of 別表 rows, :mod:`compliance.law.egov.suppl`) are period-verified. A row's
period before such a change is compared with the wording the change replaced, where the text gives it.
A record marked ``verified: true`` that no longer matches its text is a failure.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from compliance.law.catalog.records import Record
from compliance.law.egov import permissions
from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.texts import FILE_2015_HTML, FILE_2025, TEXT_2015, TEXT_2025, OfficialTexts
from compliance.law.egov.xml import row_number_of
from compliance.law.numbers import kanji_to_int

_ITEM = re.compile(r"第十九条第([一二三四五六七八九十]+)号")
_TABLE2_ROW = re.compile(r"別表第二 ([一二三四五六七八九十百〇]+(?:の[一二三四五六七八九十百〇]+)*)の項")
_QUOTE = re.compile(r"「([^」]+)」")
_SPACE = re.compile(r"[\s\u3000]+")
#: Periods a supplementary provision of the 2025 text states: 令和5年法律第48号附則第1条第1号.
STATED_DAYS = {"2023-06-09"}


@dataclass
class Outcome:
    kind: str
    key: str
    text_verified: bool
    period_verified: bool
    reason: str = ""
    marked_verified: bool = False

    @property
    def failed(self) -> bool:
        """Marked verified, compared with its text, and found different."""
        return self.marked_verified and not self.text_verified and self.reason.startswith("differs")


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    def as_dict(self) -> dict[str, Any]:
        by_kind: dict[str, dict[str, int]] = defaultdict(
            lambda: {"records": 0, "text_verified": 0, "period_verified": 0}
        )
        for o in self.outcomes:
            counts = by_kind[o.kind]
            counts["records"] += 1
            counts["text_verified"] += o.text_verified
            counts["period_verified"] += o.period_verified
        return {
            "records": len(self.outcomes),
            "text_verified": sum(o.text_verified for o in self.outcomes),
            "period_verified": sum(o.period_verified for o in self.outcomes),
            "by_kind": dict(by_kind),
            "unverified": [
                {"kind": o.kind, "key": o.key, "reason": o.reason}
                for o in self.outcomes
                if not (o.text_verified and o.period_verified)
            ],
            "failures": [{"kind": o.kind, "key": o.key, "reason": o.reason} for o in self.failures],
        }


def _kanji_to_int(text: str) -> int:
    return kanji_to_int(text)


class Verifier:
    def __init__(self, texts: OfficialTexts, records: list[Record]) -> None:
        self.texts = texts
        self._plain: dict[str, str] = {}
        self._schedule_2015: list[dict[str, Any]] | None = None
        self._terms: dict[str, str] | None = None
        self.rows: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            if record.kind.name == "schedule_rows":
                self.rows[record.key].append(record)

    def plain(self, which: str) -> str:
        """The whole text of one snapshot, without markup or whitespace (for quoted wording)."""
        if which not in self._plain:
            name = FILE_2015_HTML if which == "2015" else FILE_2025
            raw = self.texts.path(name).read_text(encoding="utf-8", errors="replace")
            raw = re.sub(r"<Rt>[^<]*</Rt>", "", raw)
            self._plain[which] = _SPACE.sub("", html.unescape(re.sub(r"<[^>]+>", "", raw)))
        return self._plain[which]

    @staticmethod
    def which(source: str) -> str | None:
        if source.startswith(TEXT_2025):
            return "2025"
        if source.startswith(TEXT_2015):
            return "2015"
        return None

    def outcome(self, record: Record) -> Outcome:
        kind, source = record.kind.name, record.source
        marked = record.verified
        start = record.in_force_from.isoformat() if record.in_force_from else ""
        until = record.in_force_until.isoformat() if record.in_force_until else ""
        stated = STATED_DAYS | {a.effective.isoformat() for a in self.texts.row_amendments_2025}
        period = (start in stated or start == "") and (until in stated or until == "")
        which = self.which(source)
        if kind == "linkage_permissions":
            return self._permission(record, marked)
        if which is None:
            return Outcome(
                kind, record.key, False, False, "cites no official text in the shared folder", marked
            )
        ok, reason = self._compare(record, which)
        period_reason = "" if period else "its dates are set by cabinet order, which the texts do not contain"
        return Outcome(kind, record.key, ok, ok and period, reason or period_reason, marked)

    def _compare(self, record: Record, which: str) -> tuple[bool, str]:
        v = record.values
        if record.kind.name == "schedule_rows":
            law = self.texts.schedule_2015 if which == "2015" else self.texts.schedule_2025
            rows = [r for r in law.rows if r.number == v["row_number"]]
            if not rows:
                return False, f"differs: the {law.table_title} has no row {v['row_number']}"
            parsed = rows[0]
            wording = parsed.affair
            change = next(
                (
                    a for a in self.texts.row_amendments_2025
                    if which == "2025" and a.row_number == v["row_number"] and a.effective == record.in_force_until
                ),
                None,
            )  # fmt: skip
            if change is not None:
                before = change.wording_before(parsed.affair)
                if before is None:
                    return (
                        False,
                        f"the wording before {change.citation} ({change.effective}) is not in the texts",
                    )
                wording = before
            if wording != v["affair"]:
                return False, f"differs: the affair text is not that of {law.table_title} {v['row_number']}"
            named = [b.label for b in record.bodies or [] if not b.delegated_by]
            if named != [b.label for b in map_bodies(parsed.body_text)[0]]:
                return False, f"differs: the bodies are not those of {law.table_title} {v['row_number']}"
            return True, ""
        if record.kind.name == "article19_items":
            match = _ITEM.search(record.source)
            items = self.texts.article19_2015 if which == "2015" else self.texts.article19_2025
            if not match:
                return False, "the source names no item of Article 19"
            number = str(_kanji_to_int(match.group(1)))
            if number != v["item"]:
                return False, f"differs: the source cites item {number}, the record says {v['item']}"
            if items.get(number) != v["meaning"]:
                return False, f"differs: the wording is not that of Article 19 item {number}"
            return True, ""
        if record.kind.name == "statutes":
            text = self.plain(which)
            number = str(v.get("number") or "")
            if v["name"] in text and (not number or number in text):
                return True, ""
            return False, "differs: the name or number is not in the text"
        quotes = _QUOTE.findall(record.source)
        if not quotes:
            return False, "the source quotes no wording to compare"
        text = self.plain(which)
        for quote in quotes:
            if any(piece and piece not in text for piece in quote.replace("…", "\n").split("\n")):
                return False, f"differs: 「{quote}」 is not in the text"
        return True, ""

    def _rows_2015(self) -> list[dict[str, Any]]:
        """The 2015 別表第一 rows in the shape :mod:`.permissions` reads."""
        if self._schedule_2015 is None:
            self._schedule_2015 = [
                {
                    "key": r.key, "row_number": r.values["row_number"], "statute": r.values["statute"],
                    "affair": r.values["affair"], "source": r.source,
                    "bodies": [
                        {"label": b.label, "kinds": list(b.kinds), "body": b.body, "delegated_by": b.delegated_by}
                        for b in r.bodies or []
                    ],
                }
                for records in self.rows.values() for r in records if r.source.startswith(TEXT_2015)
            ]  # fmt: skip
        return self._schedule_2015

    def _permission(self, record: Record, marked: bool) -> Outcome:
        """A permission before 2024-05-27 is a line of the 別表第二 row its source names: the requester
        row is the 別表第一 row that row's 第二欄 refers to, the providers are those of the line's 第三欄
        and the category is one of the kinds of information its 第四欄 names."""
        v = record.values
        kind, key = record.kind.name, record.key
        start = record.in_force_from
        if start is not None and start.isoformat() >= "2024-05-27":
            reason = (
                "since 2024-05-27 the ministerial ordinance sets it, and its text is not in the shared folder"
            )
            return Outcome(kind, key, False, False, reason, marked)
        place = _TABLE2_ROW.search(record.source)
        if not record.source.startswith(TEXT_2015) or not place:
            return Outcome(kind, key, False, False, "its source names no row of the 2015 別表第二", marked)
        number = row_number_of(place.group(1))
        lines = [line for line in self.texts.linkage_2015 if line.row == number]
        if not lines:
            return Outcome(kind, key, False, False, f"differs: 別表第二 has no row {number}", marked)
        rows = permissions.requester_rows(lines[0], self._rows_2015(), self.texts.schedule_2015.defined)
        if str(v["requester_row"]) not in {str(r["key"]) for r in rows}:
            reason = f"differs: the requester row is not the 別表第一 row 別表第二 {number} refers to"
            return Outcome(kind, key, False, False, reason, marked)
        if self._terms is None:
            self._terms = {d: t for t, d in permissions.defined_terms(self.texts.linkage_2015).items()}
        category = str(v["category"])
        providers = {(b.label, tuple(b.kinds), b.body) for b in record.bodies or []}
        for line in lines:
            names = {
                self._terms.get(p.name, p.name) for p in permissions.information_pieces(line.information)
            }
            mapped = {(b.label, tuple(b.kinds), b.body) for b in permissions.map_providers(line.provider)[0]}
            if category in names and providers == mapped:
                return Outcome(
                    kind, key, True, False,
                    "its start (the network's day, set by cabinet order) is not in the texts", marked,
                )  # fmt: skip
        labels = "、".join(sorted({b.label for b in record.bodies or []}))
        reason = f"differs: no line of 別表第二 row {number} gives {category} from {labels}"
        return Outcome(kind, key, False, False, reason, marked)


def verify(records: list[Record], texts: OfficialTexts) -> Report:
    verifier = Verifier(texts, records)
    report = Report()
    for record in records:
        if record.kind.name in ("cards", "card_applications", "card_items", "card_placements", "forms"):
            continue  # the card and form catalogs cite other sources (the PPC's forms, the agencies' published materials)
        report.outcomes.append(verifier.outcome(record))
    return report
