"""Reads of the registry: the export, the snapshot the engine checks, and lists for the officer's pages.

Every function takes the organisation (already fetched for the user, see
:func:`compliance.accounts.selectors.organization_get_for`) and filters by it in the queryset. The export and
the snapshot cost the same number of queries however large the registry is: one per
table, no query per row (docs/domain.md §7.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.checks.context import Threshold, affair_thresholds
from compliance.checks.selectors import findings_for_organization, findings_for_subjects, unsaved_rows
from compliance.checks.services import evaluate_registry
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.law.threshold import threshold_decide
from compliance.registry import codec
from compliance.registry import models as m

if TYPE_CHECKING:
    from compliance.checks.context import Threshold
    from compliance.checks.models import StoredFinding
    from compliance.checks.snapshot import DeclarationSnapshot


def _by_ordinance(rows: QuerySet[Any], writer: Any) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row.ordinance_id, []).append(writer(row))
    return out


def registry_export(*, organization: Organization, as_of: dt.date | None = None) -> dict[str, Any]:
    """The organisation's registry as a ``pia-declaration/1`` document in normal form.

    ``as_of`` is the day the export speaks for (today unless given). Thirteen queries,
    whatever the number of entries.
    """
    org_filter = {"organization": organization}
    refs = codec.ExportRefs()
    refs.ordinance_affairs = _by_ordinance(
        m.OrdinanceAffair.objects.filter(**org_filter), codec.ordinance_affair_entry
    )
    refs.intra_provisions = _by_ordinance(
        m.IntraProvision.objects.filter(**org_filter), codec.intra_provision_entry
    )
    rows: dict[str, list[Any]] = {}
    for collection in ("ordinances", "affairs", "files", "terminals"):
        rows[collection] = list(codec.COLLECTION_MODELS[collection].objects.filter(**org_filter))
    refs.affairs = {row.pk: row.ref for row in rows["affairs"]}
    refs.files = {row.pk: row.ref for row in rows["files"]}
    refs.terminals = {row.pk: row.ref for row in rows["terminals"]}
    for file_id, affair_id in m.FileAffair.objects.filter(file__organization=organization).values_list(
        "file_id", "affair_id"
    ):
        refs.file_affairs.setdefault(file_id, []).append(refs.affairs[affair_id])
    for collection in ("provisions", "card_flows", "entrustments", "assessments", "changes", "incidents"):
        rows[collection] = list(codec.COLLECTION_MODELS[collection].objects.filter(**org_filter))

    document: dict[str, Any] = {
        "format": codec.FORMAT,
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "organization": {
            "name": organization.name,
            "code": organization.code,
            "kind": organization.kind,
            "body": organization.body,
        },
    }
    for collection, writer in codec.ENTRY_WRITERS.items():
        entries = [writer(row, refs) for row in rows[collection]]
        document[collection] = sorted(entries, key=lambda entry: codec.ref_sort_key(entry["id"]))
    return document


def registry_snapshot(*, organization: Organization, as_of: dt.date | None = None) -> DeclarationSnapshot:
    """The immutable picture of the registry the check engine reads (docs/domain.md §7.1, step 3).

    Built from the export, so the web, the CLI and an imported file are checked from
    exactly the same document.
    """
    return snapshot_from_declaration(registry_export(organization=organization, as_of=as_of))


# --- the officer's pages ------------------------------------------------------------------


@dataclass
class AffairRow:
    """An affair on the overview: its threshold decision (しきい値判断) and its active findings."""

    affair: m.Affair
    threshold: Threshold | None
    findings: list[StoredFinding]

    @property
    def provisional(self) -> Threshold | None:
        return provisional_threshold(self.affair, self.threshold)


@dataclass
class Overview:
    organization: Organization
    affairs: list[AffairRow]
    terminals: list[m.Terminal]
    ordinances: list[m.Ordinance]
    incidents: list[m.Incident]
    findings: list[StoredFinding]  # every active finding, the most serious first
    general_findings: list[StoredFinding]  # those not about one affair (organisation, ordinances, incidents)
    snapshot: DeclarationSnapshot  # what the diagram is drawn from


@dataclass
class AffairDetail:
    organization: Organization
    affair: m.Affair
    threshold: Threshold | None
    files: list[m.SpecificFile]
    provisions: list[m.Provision]
    card_flows: list[m.CardFlow]
    entrustments: list[m.Entrustment]
    assessments: list[m.DeclaredAssessment]
    changes: list[m.Change]
    findings: list[StoredFinding]
    snapshot: DeclarationSnapshot

    @property
    def provisional(self) -> Threshold | None:
        return provisional_threshold(self.affair, self.threshold)


def provisional_threshold(affair: m.Affair, threshold: Threshold | None) -> Threshold | None:
    """What the counts typed on an affair without a file would decide (shown, never stored).

    The threshold decision is made per affair *with files* (docs/domain.md §6.2), so an affair
    without one has none; but counts the officer typed are not ignored on the page: they show
    the decision they would give once a file is registered.
    """
    if threshold is not None or affair.persons is None or affair.handlers is None:
        return None

    serious = bool(affair.serious_incident_past_year)
    decision = threshold_decide(persons=affair.persons, handlers=affair.handlers, serious_incident=serious)
    return Threshold(affair.persons, affair.handlers, serious, decision.mandatory, tuple(decision.required))


def affairs_of_subjects(snapshot: DeclarationSnapshot) -> dict[str, set[str]]:
    """Which affairs each finding subject (``COLLECTION/ID``) concerns, read off the snapshot."""
    out: dict[str, set[str]] = {}
    for affair in snapshot.affairs:
        out[f"affairs/{affair.id}"] = {affair.id}
    file_affairs = {file.id: set(file.affairs) for file in snapshot.files}
    for file_id, affairs in file_affairs.items():
        out[f"files/{file_id}"] = affairs
    for collection in ("provisions", "card_flows", "assessments", "changes"):
        for entry in getattr(snapshot, collection):
            out[f"{collection}/{entry.id}"] = {entry.affair}
    for entrustment in snapshot.entrustments:
        out[f"entrustments/{entrustment.id}"] = file_affairs.get(entrustment.file, set())
    for flow in snapshot.card_flows:
        if flow.terminal:
            out.setdefault(f"terminals/{flow.terminal}", set()).add(flow.affair)
    return out


def organization_overview(*, organization: Organization) -> Overview:
    """Everything the organisation overview shows, in a constant number of queries."""

    snapshot = registry_snapshot(organization=organization)
    thresholds = affair_thresholds(snapshot)
    subjects = affairs_of_subjects(snapshot)
    findings = list(findings_for_organization(organization=organization))
    by_affair: dict[str, list[StoredFinding]] = {}
    general = []
    for finding in findings:
        concerned = subjects.get(finding.subject)
        if not concerned:
            general.append(finding)
        for ref in concerned or ():
            by_affair.setdefault(ref, []).append(finding)
    affairs = sorted(
        m.Affair.objects.filter(organization=organization), key=lambda a: codec.ref_sort_key(a.ref)
    )
    return Overview(
        organization=organization,
        affairs=[AffairRow(a, thresholds.get(a.ref), by_affair.get(a.ref, [])) for a in affairs],
        terminals=_natural(m.Terminal.objects.filter(organization=organization)),
        ordinances=_natural(
            m.Ordinance.objects.filter(organization=organization).prefetch_related(
                "affairs", "intra_provisions"
            )
        ),
        incidents=_natural(m.Incident.objects.filter(organization=organization)),
        findings=findings,
        general_findings=general,
        snapshot=snapshot,
    )


def _natural(rows: Any) -> list[Any]:
    return sorted(rows, key=lambda row: codec.ref_sort_key(row.ref))


def affair_detail(*, organization: Organization, pk: int) -> AffairDetail:
    """One affair with everything that hangs off it and its findings; 404 for another body's affair."""

    affair = m.Affair.objects.filter(organization=organization, pk=pk).first()
    if affair is None:
        raise Http404("no such affair")
    snapshot = registry_snapshot(organization=organization)
    files = _natural(m.SpecificFile.objects.filter(affairs=affair).prefetch_related("affairs"))
    subjects = [s for s, affairs in affairs_of_subjects(snapshot).items() if affair.ref in affairs]
    return AffairDetail(
        organization=organization,
        affair=affair,
        threshold=affair_thresholds(snapshot).get(affair.ref),
        files=files,
        provisions=_natural(affair.provisions.all()),
        card_flows=_natural(affair.card_flows.select_related("terminal")),
        entrustments=_natural(
            m.Entrustment.objects.filter(organization=organization, file__affairs=affair).select_related(
                "file"
            )
        ),
        assessments=_natural(affair.declared_assessments.all()),
        changes=_natural(affair.changes.all()),
        findings=list(findings_for_subjects(organization=organization, subjects=subjects)),
        snapshot=snapshot,
    )


# --- findings as of another date ------------------------------------------------------------


@dataclass
class AsOfComparison:
    """The registry checked against the law as of another date, beside today's stored findings.

    Nothing is stored: the stored findings stay those of today. ``appearing`` are reported on
    ``as_of`` and not active today (what a change taking effect then will flag); ``disappearing``
    are active today and not reported on ``as_of``.
    """

    as_of: dt.date
    today: dt.date
    findings: list[StoredFinding]  # on ``as_of``: unsaved rows, shown like the stored ones, never saved
    appearing: list[StoredFinding]
    disappearing: list[StoredFinding]

    @property
    def unchanged(self) -> int:
        return len(self.findings) - len(self.appearing)


def parse_as_of(value: str | None) -> dt.date | None:
    """The ``as_of`` of a page's query (``YYYY-MM-DD``); None when absent. Raises ValueError when malformed."""
    if not value:
        return None
    return dt.date.fromisoformat(value.strip())


def findings_as_of(
    *, organization: Organization, as_of: dt.date, affair_ref: str | None = None
) -> AsOfComparison:
    """The findings on ``as_of`` compared with today's (only those about ``affair_ref`` when given)."""

    findings = evaluate_registry(organization=organization, as_of=as_of)
    stored = list(findings_for_organization(organization=organization))
    if affair_ref is not None:
        concerned = affairs_of_subjects(registry_snapshot(organization=organization))
        findings = [f for f in findings if affair_ref in concerned.get(f.subject, ())]
        stored = [f for f in stored if affair_ref in concerned.get(f.subject, ())]
    unique = {(row.rule, row.subject): row for row in unsaved_rows(findings)}
    today_keys = {(f.rule, f.subject) for f in stored}
    return AsOfComparison(
        as_of=as_of,
        today=timezone.localdate(),
        findings=list(unique.values()),
        appearing=[f for key, f in unique.items() if key not in today_keys],
        disappearing=[f for f in stored if (f.rule, f.subject) not in unique],
    )
