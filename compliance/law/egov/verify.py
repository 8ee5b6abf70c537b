"""Comparing the catalog with the official texts it cites (``manage.py verify_catalog``).

A record is **text-verified** when its wording, bodies and 項番 (or item number) are those of the
text its ``source`` names; **period-verified** when a text states its dates. Neither shared text
states the days set by cabinet order (2016-01-01, 2017-05-30, 2024-05-27), so only periods a
supplementary provision fixes (the 9(2) change on promulgation, 2023-06-09) are period-verified.
A record marked ``verified: true`` that no longer matches its text is a failure.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.texts import FILE_2015_HTML, FILE_2025, TEXT_2015, TEXT_2025, OfficialTexts
from compliance.law.records import Record

_ITEM = re.compile(r"第十九条第([一二三四五六七八九十]+)号")
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
    from compliance.law.egov.xml import kanji_to_int

    return kanji_to_int(text)


class Verifier:
    def __init__(self, texts: OfficialTexts, records: list[Record]) -> None:
        self.texts = texts
        self._plain: dict[str, str] = {}
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
        period = (start in STATED_DAYS or start == "") and (until in STATED_DAYS or until == "")
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
            if parsed.affair != v["affair"]:
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

    def _lines_for(self, row: Record) -> list[Any]:
        """The lines of the 別表第二 row whose affair (第二欄) is this 別表第一 row's affair: 別表第二
        words it its own way (without the definitions 別表第一 adds), so the closest affair of the
        same statute is taken."""
        from compliance.law.egov.derive import _similar

        statute, affair = str(row.values["statute"]), str(row.values["affair"])
        scored: dict[str, float] = {}
        for line in self.texts.linkage_2015:
            if line.affair.startswith(statute) and line.row not in scored:
                scored[line.row] = _similar(affair, line.affair)
        if not scored:
            return []
        best = max(scored, key=lambda r: scored[r])
        if scored[best] < 0.5:
            return []
        return [line for line in self.texts.linkage_2015 if line.row == best]

    def _permission(self, record: Record, marked: bool) -> Outcome:
        """A permission before 2024-05-27 is a line of 別表第二: the requester row's affair, a provider
        the line names and the category (a defined term) in its information column."""
        v = record.values
        kind, key = record.kind.name, record.key
        start = record.in_force_from
        if start is not None and start.isoformat() >= "2024-05-27":
            reason = (
                "since 2024-05-27 the ministerial ordinance sets it, and its text is not in the shared folder"
            )
            return Outcome(kind, key, False, False, reason, marked)
        rows = [r for r in self.rows.get(str(v["requester_row"]), []) if r.source.startswith(TEXT_2015)]
        if not rows:
            return Outcome(
                kind, key, False, False, "its requester row is not a row of the 2015 別表第一", marked
            )
        lines = self._lines_for(rows[0])
        if not lines:
            return Outcome(
                kind,
                key,
                False,
                False,
                "differs: 別表第二 has no line for the requester row's affair",
                marked,
            )
        category = str(v["category"])
        labels = [b.label for b in record.bodies or []]
        found = [
            line for line in lines
            if category in line.information and all(label in line.provider for label in labels)
        ]  # fmt: skip
        if not found:
            reason = (
                f"differs: no line of 別表第二 row {lines[0].row} gives {category} from {'、'.join(labels)}"
            )
            return Outcome(kind, key, False, False, reason, marked)
        return Outcome(
            kind,
            key,
            True,
            False,
            "its start (the network's day, set by cabinet order) is not in the texts",
            marked,
        )


def verify(records: list[Record], texts: OfficialTexts) -> Report:
    verifier = Verifier(texts, records)
    report = Report()
    for record in records:
        if record.kind.name in ("cards", "card_applications", "card_items", "card_placements", "forms"):
            continue  # the card and form catalogs cite other sources (the forms folder, seed documents)
        report.outcomes.append(verifier.outcome(record))
    return report
