"""Turning the Article 9 schedule read from e-Gov XML into a catalog change set, and applying it.

Each table row becomes a schedule row: the body column through the mapping table in
:mod:`compliance.law.egov.bodies`, the affair column as the affair text, and the statute
named at its start (``○○法による``, ``○○法（…）による``, ``○○法第五条の規定により``, or an amending
act cited by the number the table defined for it) as the cited statute. A row whose bodies or
statute cannot be placed is reported in ``unmapped`` with the reason, never dropped silently.

Rows already in the catalog are matched by statute and affair text, then by statute and 項番
(a reworded row is a change of that record: a new period row with the same key), so a re-import
of the same text changes nothing. A schedule row in force on the effective date that the text no
longer has is ended on that date, with the linkage permissions and quasi affairs that refer to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from compliance.law import models as m
from compliance.law.catalog.records import KINDS_BY_NAME, record_from_model
from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.matching import guess_field, match_key
from compliance.law.egov.xml import ParsedLaw, cited_statute, read_schedule
from compliance.law.services import ApplyResult, catalog_apply
from compliance.lib.actors import Actor


@dataclass
class ImportReport:
    law_title: str
    table_title: str
    rows: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    #: records of other kinds ended with a row they refer to, as ``kind:key``
    ended_with_rows: list[str] = field(default_factory=list)
    new_statutes: list[str] = field(default_factory=list)
    unmapped: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "law": self.law_title, "table": self.table_title, "rows": self.rows, "added": self.added,
            "changed": self.changed, "unchanged": self.unchanged, "ended": self.ended,
            "ended_with_rows": self.ended_with_rows, "new_statutes": self.new_statutes,
            "unmapped": self.unmapped,
        }  # fmt: skip

    def counts(self) -> dict[str, Any]:
        """The report in the catalog commands' public shape: counts, and every unmapped row with its reason."""
        return {
            "rows": self.rows, "added": len(self.added), "changed": len(self.changed),
            "unchanged": len(self.unchanged), "ended": len(self.ended),
            "unmapped": [{"row": u["row"], "reason": u["reason"]} for u in self.unmapped],
        }  # fmt: skip


def build_change_set(
    parsed: ParsedLaw, *, effective_on: dt.date, source: str, key_prefix: str = "egov-"
) -> tuple[dict[str, Any], ImportReport]:
    """The change set that brings the catalog in line with ``parsed`` on ``effective_on`` (reads only)."""
    kind = KINDS_BY_NAME["schedule_rows"]
    report = ImportReport(law_title=parsed.title, table_title=parsed.table_title, rows=len(parsed.rows))
    # The 住民基本台帳法 rows (resident_register) rest on that Act, not on the 別表: never matched or ended.
    in_force = list(
        m.ScheduleRow.objects.schedule()
        .in_force(on=effective_on)
        .filter(resident_register=False)
        .prefetch_related("bodies")
        .order_by("key")
    )
    by_text = {(match_key(r.statute), match_key(r.affair)): r for r in in_force}
    by_number = {(match_key(r.statute), r.row_number): r for r in in_force if r.row_number}
    by_key = {r.key: r for r in in_force}
    statute_names = set(m.Statute.objects.values_list("name", flat=True))
    adds: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    new_statutes: list[dict[str, Any]] = []
    used: set[str] = set()
    for index, row in enumerate(parsed.rows, start=1):
        label = row.number or str(index)
        statute = cited_statute(row.affair, parsed.defined)
        if statute is None:
            report.unmapped.append({
                "row": label, "path": row.path,
                "reason": "no cited statute (○○法による / ○○法（…）による) at the start of the affair text",
            })  # fmt: skip
            continue
        bodies, unmapped = map_bodies(row.body_text)
        if unmapped or not bodies:
            report.unmapped.append({
                "row": label, "path": row.path,
                "reason": f"body not in the mapping table: {'、'.join(unmapped) or row.body_text}",
            })  # fmt: skip
            continue
        if statute.name not in statute_names:
            statute_names.add(statute.name)
            new_statutes.append({
                "key": f"{key_prefix}statute-{len(new_statutes) + 1:03d}-{statute.name}"[:200], "name": statute.name,
                "number": statute.number, "kind": "law", "source": f"{source}（{label}の項に引用）",
            })  # fmt: skip
            report.new_statutes.append(statute.name)
        content: dict[str, Any] = {
            "row_number": row.number, "statute": statute.name, "affair": row.affair,
            "bodies": [{"label": b.label, "kinds": list(b.kinds), "body": b.body} for b in bodies],
        }  # fmt: skip
        # The same row already in the catalog: same statute and affair text, else same statute and number.
        existing = by_text.get((match_key(statute.name), match_key(row.affair)))
        if existing is None and row.number:
            existing = by_number.get((match_key(statute.name), row.number))
        key = existing.key if existing else f"{key_prefix}{label}"
        if existing is None and key in by_key:
            existing = by_key[key]
        if key in used:
            report.unmapped.append({"row": label, "path": row.path, "reason": f"duplicate row key {key!r}"})
            continue
        used.add(key)
        if existing is None:
            # A key with a period row not in force on the date gets a new period row; the planner
            # rejects it if the periods would overlap.
            adds.append({
                "key": key, **content, "field": guess_field(statute.name, row.affair),
                "source": f"{source} {label}", "verified": False,
            })  # fmt: skip
            report.added.append(key)
            continue
        stored = record_from_model(kind, existing)
        stored_content = {
            "row_number": stored.values["row_number"], "statute": stored.values["statute"],
            "affair": stored.values["affair"],
            "bodies": [
                {"label": b.label, "kinds": list(b.kinds), "body": b.body}
                for b in stored.bodies or [] if not b.delegated_by
            ],
        }  # fmt: skip
        differing = {k: v for k, v in content.items() if _same_text(v) != _same_text(stored_content[k])}
        if "bodies" in differing:
            # The 上欄 changed; bodies that perform part of the affair by another law stay.
            differing["bodies"] = differing["bodies"] + [
                {"label": b.label, "kinds": list(b.kinds), "body": b.body, "delegated_by": b.delegated_by}
                for b in stored.bodies or []
                if b.delegated_by
            ]
        if not differing:
            report.unchanged.append(key)
            continue
        changes.append({"key": key, **differing, "source": f"{source} {label}"})
        report.changed.append(key)
    # Rows the text no longer has end on the effective date. While some row of the text could not
    # be mapped, nothing is ended: the unmapped row may be the catalog row that looks absent.
    ends: dict[str, list[str]] = {}
    ended_keys = [r.key for r in in_force if r.key not in used]
    if ended_keys and not report.unmapped:
        ends["schedule_rows"] = ended_keys
        report.ended = ended_keys
        for ref_kind, ref_field in (
            ("linkage_permissions", "requester_row"),
            ("quasi_affairs", "related_row"),
        ):
            model = KINDS_BY_NAME[ref_kind].queryset().in_force(on=effective_on)
            keys = sorted(set(model.filter(**{f"{ref_field}__in": ended_keys}).values_list("key", flat=True)))
            if keys:
                ends[ref_kind] = keys
                report.ended_with_rows.extend(f"{ref_kind}:{k}" for k in keys)
    change_set: dict[str, Any] = {
        "effective_on": effective_on.isoformat(),
        "source": source,
        "add": {},
        "change": {},
    }
    if ends:
        change_set["end"] = ends
    if new_statutes:
        change_set["add"]["statutes"] = new_statutes
    if adds:
        change_set["add"]["schedule_rows"] = adds
    if changes:
        change_set["change"]["schedule_rows"] = changes
    return change_set, report


def _same_text(value: Any) -> Any:
    """A value folded so that notation differences (law numbers in brackets, あつて/あって) are no change."""
    if isinstance(value, str):
        return match_key(value)
    if isinstance(value, list):
        return [_same_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _same_text(v) for k, v in sorted(value.items())}
    return value


@transaction.atomic
def egov_law_import(
    *, path: Path, effective_on: dt.date, acting_user: Actor, source: str = "", dry_run: bool = False
) -> tuple[ImportReport, ApplyResult]:
    """Read ``path`` and apply the resulting change set in one transaction with one audit event."""
    parsed = read_schedule(path)
    source = source or f"e-Gov法令XML: {parsed.title or path.name} {parsed.table_title}".strip()
    change_set, report = build_change_set(parsed, effective_on=effective_on, source=source)
    result = catalog_apply(
        change_set=change_set,
        acting_user=acting_user,
        label=path.name,
        origin=m.Origin.EGOV,
        dry_run=dry_run,
        extra={"import": report.as_dict()},
    )
    return report, result
