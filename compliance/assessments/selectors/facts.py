"""What the registry knows about one affair, read once: the slice of the export and the threshold.

The assessment never copies registry facts into its answers while it is a draft; it
reads them here each time (so a correction in the registry shows at once) and freezes
them into the version on submission (so the version says what was true then).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from compliance.accounts.models import Organization
from compliance.checks.context import Threshold, affair_thresholds
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.registry.selectors import affairs_of_subjects, registry_export


@dataclass
class AffairFacts:
    """The affair's slice of the ``pia-declaration/1`` export, and its threshold decision (しきい値判断)."""

    organization: dict[str, Any]
    affair: dict[str, Any]
    files: list[dict[str, Any]] = field(default_factory=list)
    provisions: list[dict[str, Any]] = field(default_factory=list)
    card_flows: list[dict[str, Any]] = field(default_factory=list)
    entrustments: list[dict[str, Any]] = field(default_factory=list)
    terminals: list[dict[str, Any]] = field(default_factory=list)
    ordinances: list[dict[str, Any]] = field(default_factory=list)
    declared_assessments: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    threshold: Threshold | None = None
    subjects: frozenset[str] = frozenset()  # finding subjects about this affair
    general_subjects: frozenset[str] = frozenset()  # finding subjects about no affair in particular
    as_of: str = ""

    def snapshot_document(self) -> dict[str, Any]:
        """The slice as a document of its own (what a frozen version keeps as its registry snapshot)."""
        return {
            "as_of": self.as_of,
            "organization": self.organization,
            "ordinances": self.ordinances,
            "affairs": [self.affair],
            "files": self.files,
            "terminals": self.terminals,
            "provisions": self.provisions,
            "card_flows": self.card_flows,
            "entrustments": self.entrustments,
            "assessments": self.declared_assessments,
            "changes": self.changes,
            "incidents": self.incidents,
        }

    def concerns(self, subject: str) -> bool:
        """Whether a finding about ``subject`` belongs on this affair's assessment."""
        return subject in self.subjects or subject in self.general_subjects


def affair_facts(*, organization: Organization, affair_ref: str, as_of: dt.date | None = None) -> AffairFacts:
    """The registry facts of one affair (the export's thirteen queries, whatever the registry's size)."""
    document = registry_export(organization=organization, as_of=as_of)
    snapshot = snapshot_from_declaration(document)
    affair = next((a for a in document["affairs"] if a["id"] == affair_ref), None)
    if affair is None:
        raise LookupError(f"affair {affair_ref!r} is not in the registry of {organization.pk}")
    files = [f for f in document["files"] if affair_ref in f["affairs"]]
    file_refs = {f["id"] for f in files}
    card_flows = [c for c in document["card_flows"] if c["affair"] == affair_ref]
    terminal_refs = {c["terminal"] for c in card_flows if c.get("terminal")}
    basis = affair.get("basis") or {}
    ordinance_refs = {basis.get("ordinance")} if basis.get("kind") == "ordinance" else set()
    subjects_map = affairs_of_subjects(snapshot)
    subjects = frozenset(s for s, affairs in subjects_map.items() if affair_ref in affairs)
    general = frozenset(
        {"organization"} | {f"ordinances/{o['id']}" for o in document["ordinances"]}
    ) | frozenset(f"incidents/{i['id']}" for i in document["incidents"])
    return AffairFacts(
        organization=document["organization"],
        affair=affair,
        files=files,
        provisions=[p for p in document["provisions"] if p["affair"] == affair_ref],
        card_flows=card_flows,
        entrustments=[e for e in document["entrustments"] if e["file"] in file_refs],
        terminals=[t for t in document["terminals"] if t["id"] in terminal_refs],
        ordinances=[o for o in document["ordinances"] if o["id"] in ordinance_refs],
        declared_assessments=[a for a in document["assessments"] if a["affair"] == affair_ref],
        changes=[c for c in document["changes"] if c["affair"] == affair_ref],
        incidents=list(document["incidents"]),
        threshold=affair_thresholds(snapshot).get(affair_ref),
        subjects=subjects,
        general_subjects=general,
        as_of=document["as_of"],
    )
