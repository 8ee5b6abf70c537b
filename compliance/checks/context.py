"""Everything the rules need, computed once per evaluation so the cost stays linear.

A :class:`Context` indexes one snapshot (affairs, files, terminals, ordinances,
assessments by ID or by affair), resolves each affair's legal basis against the
catalog exactly once (:class:`BasisResolution`), and takes each affair's
threshold decision (しきい値判断) once. Rules then read dictionaries instead of
scanning nested collections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from compliance.checks.snapshot import (
    Affair,
    Assessment,
    DeclarationSnapshot,
    File,
    Ordinance,
    OrdinanceAffair,
    Terminal,
)
from compliance.law.catalog import Catalog, ScheduleRow
from compliance.law.numbers import normalize_row_number
from compliance.law.threshold import threshold_decide
from compliance.lib.vocabulary import LOCAL_GOVERNMENT_KINDS

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BasisResolution:
    """An affair's cited basis, resolved against the catalog and the declaration.

    ``rows`` are the schedule rows (or 準法定事務) the citation matches, whatever
    their period; ``ordinance``/``ordinance_affair`` the declared ordinance entry.
    ``resolves`` is False for ``none``, for a citation that matches nothing, and for a schedule
    citation whose declared ``row`` (項番, kanji or digits) is not among the rows it resolves to.
    """

    kind: str
    resolves: bool
    cited: str  # the citation as written, for messages
    rows: tuple[ScheduleRow, ...] = ()
    rows_for_body: tuple[ScheduleRow, ...] = ()  # those of ``rows`` naming the declaring body
    ordinance: Ordinance | None = None
    ordinance_affair: OrdinanceAffair | None = None
    in_force: bool = True  # the rows naming the body (or all rows), or the ordinance, on the as-of date
    resident_register: bool = False  # a 住民基本台帳 affair (may use 住民票コード)
    #: the declared row number (basis.row) when the statute and phrase resolve to no row of that number
    row_mismatch: str = ""
    resolved_numbers: tuple[str, ...] = ()  # then: the numbers of the rows the citation matches


@dataclass(frozen=True, slots=True)
class Threshold:
    """The threshold inputs of one affair (docs/domain.md §6.2) and its decision."""

    persons: int
    handlers: int
    serious_incident: bool
    mandatory: bool
    required: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "persons": self.persons,
            "handlers": self.handlers,
            "serious_incident": self.serious_incident,
            "mandatory": self.mandatory,
            "required": list(self.required),
        }


def affair_thresholds(snapshot: DeclarationSnapshot) -> dict[str, Threshold]:
    """One threshold decision per affair that holds at least one file (the unit of assessment).

    Files that are ``staff_only`` (専ら職員の人事・給与・福利厚生, excluded by 番号法第28条第1項)
    never count (docs/domain.md §6.2): ``persons``/``handlers`` are the affair's own counts when
    declared, else the largest among its other files; ``serious_incident`` is true if the affair or
    any of its other files says so. An affair whose files are all ``staff_only`` is outside Article 28:
    persons 0, handlers 0, no serious incident, not mandatory, whatever the affair declares.
    """
    files_by_affair: dict[str, list[File]] = {}
    for file in snapshot.files:
        for affair_id in file.affairs:
            files_by_affair.setdefault(affair_id, []).append(file)
    result: dict[str, Threshold] = {}
    for affair in snapshot.affairs:
        files = files_by_affair.get(affair.id)
        if not files:
            continue
        counted = [f for f in files if not f.staff_only]
        if not counted:
            result[affair.id] = Threshold(0, 0, False, False, ())
            continue
        persons = affair.persons if affair.persons is not None else max(f.persons for f in counted)
        handlers = affair.handlers if affair.handlers is not None else max(f.handlers for f in counted)
        serious = bool(affair.serious_incident_past_year) or any(
            f.serious_incident_past_year for f in counted
        )
        decision = threshold_decide(persons=persons, handlers=handlers, serious_incident=serious)
        result[affair.id] = Threshold(
            persons, handlers, serious, decision.mandatory, tuple(decision.required)
        )
    return result


class Context:
    """One evaluation: the snapshot, the catalog, the as-of date and their indexes."""

    def __init__(self, snapshot: DeclarationSnapshot, catalog: Catalog, as_of: dt.date) -> None:
        self.snapshot = snapshot
        self.catalog = catalog
        self.as_of = as_of
        self.organization = snapshot.organization
        self.is_local_government = snapshot.organization.kind in LOCAL_GOVERNMENT_KINDS
        self.affairs: dict[str, Affair] = {a.id: a for a in snapshot.affairs}
        self.files: dict[str, File] = {f.id: f for f in snapshot.files}
        self.terminals: dict[str, Terminal] = {t.id: t for t in snapshot.terminals}
        self.ordinances: dict[str, Ordinance] = {o.id: o for o in snapshot.ordinances}
        self.files_by_affair: dict[str, list[File]] = {}
        for file in snapshot.files:
            for affair_id in file.affairs:
                self.files_by_affair.setdefault(affair_id, []).append(file)
        self.assessments_by_affair: dict[str, list[Assessment]] = {}
        for assessment in snapshot.assessments:
            self.assessments_by_affair.setdefault(assessment.affair, []).append(assessment)
        self._published: dict[str, list[Assessment]] = {}
        self._memo: dict[str, Any] = {}
        self.thresholds = affair_thresholds(snapshot)
        self.bases: dict[str, BasisResolution] = {a.id: self._resolve(a) for a in snapshot.affairs}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per evaluation: what several rules need (e.g. the Article 28 violations)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast("T", self._memo[key])

    # --- basis -------------------------------------------------------------------

    def _resolve(self, affair: Affair) -> BasisResolution:
        basis = affair.basis
        if basis.kind in ("schedule", "quasi"):
            cited = f"{basis.statute}／{basis.affair}"
            rows = self.catalog.rows_for(kind=basis.kind, statute=basis.statute, phrase=basis.affair)
            if basis.kind == "schedule" and basis.row and rows:
                # 項番 as numbered in the schedule in force on the as-of date (the 2015 別表第一 and the
                # 2025 別表 number the same affair differently: 旧五十六 → 八十一)
                wanted = normalize_row_number(basis.row)
                numbered = [r for r in rows if r.period.contains(self.as_of)] or list(rows)
                if not any(normalize_row_number(r.row_number) == wanted for r in numbered):
                    return BasisResolution(
                        kind=basis.kind, resolves=False, cited=cited, in_force=False, row_mismatch=basis.row,
                        resolved_numbers=tuple(sorted({r.row_number for r in numbered})),
                    )  # fmt: skip
            org = self.organization
            for_body = tuple(r for r in rows if r.names_body(org.kind, org.body))
            candidates = for_body or rows
            return BasisResolution(
                kind=basis.kind,
                resolves=bool(rows),
                cited=cited,
                rows=rows,
                rows_for_body=for_body,
                in_force=any(r.period.contains(self.as_of) for r in candidates),
                resident_register=any(r.resident_register for r in candidates),
            )
        if basis.kind == "ordinance":
            ordinance = self.ordinances.get(basis.ordinance)
            ordinance_affair = None
            if ordinance is not None:
                ordinance_affair = next((a for a in ordinance.affairs if a.id == basis.affair), None)
            title = ordinance.title if ordinance is not None else basis.ordinance
            name = ordinance_affair.name if ordinance_affair is not None else basis.affair
            return BasisResolution(
                kind="ordinance",
                resolves=ordinance_affair is not None,
                cited=f"{title}／{name}",
                ordinance=ordinance,
                ordinance_affair=ordinance_affair,
                in_force=ordinance is not None and ordinance.in_force(self.as_of),
            )
        if basis.kind == "related":
            return BasisResolution(kind="related", resolves=True, cited="個人番号関係事務")
        return BasisResolution(kind="none", resolves=False, cited="", in_force=False)

    # --- assessments ----------------------------------------------------------------

    def needs_assessment(self, affair_id: str) -> bool:
        threshold = self.thresholds.get(affair_id)
        return threshold is not None and threshold.mandatory

    def assessments_on_file(self, affair_id: str) -> list[Assessment]:
        """Assessments of the affair that exist on the as-of date: drafts, or published by then."""
        return [
            a
            for a in self.assessments_by_affair.get(affair_id, ())
            if a.published_on is None or a.published_on <= self.as_of
        ]

    def published(self, affair_id: str) -> list[Assessment]:
        """Assessments of the affair published on or before the as-of date, oldest first."""
        cached = self._published.get(affair_id)
        if cached is not None:
            return cached
        found = [
            a
            for a in self.assessments_by_affair.get(affair_id, ())
            if a.published_on is not None and a.published_on <= self.as_of
        ]
        found.sort(key=lambda a: (a.published_on, a.id))
        self._published[affair_id] = found
        return found

    def affair_name(self, affair_id: str) -> str:
        affair = self.affairs.get(affair_id)
        return affair.name if affair is not None else affair_id
