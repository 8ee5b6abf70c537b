"""Reads of the public portal. Everything comes from the search index's public documents
(:mod:`compliance.public.redaction`), never from drafts, live registry rows or hidden
comments, so nothing unpublished can reach a public page. Each page builder costs a
constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import F
from django.http import Http404

from compliance.accounts.models import Organization
from compliance.assessments.definitions import spec_from_payload
from compliance.assessments.diff import VersionDiff, document_diff
from compliance.assessments.selectors import open_comment_periods
from compliance.checks.models import FindingState, StoredFinding
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.public.models import SearchDocument
from compliance.public.search import LIST_COLUMNS, published_documents
from compliance.registry.diagrams import dataflow_svg


@dataclass
class PublicForm:
    form: str
    title: str
    sections: list[tuple[Any, list[tuple[Any, Any, bool]]]]


def public_forms(data: dict[str, Any]) -> list[PublicForm]:
    """Each form's sections with (item, answer, withheld) rows, read from the version's own definition."""
    out = []
    for form in data.get("forms") or []:
        spec = spec_from_payload(form["definition"])
        withheld = set(form.get("withheld") or [])
        answers = form.get("answers") or {}
        sections = [
            (section, [(item, answers.get(item.key), item.key in withheld) for item in section.items])
            for section in spec.walk_sections()
        ]
        out.append(PublicForm(form=form["form"], title=spec.title, sections=sections))
    return out


@dataclass
class PublicAssessment:
    row: SearchDocument
    history: list[SearchDocument] = field(default_factory=list)

    @cached_property
    def data(self) -> dict[str, Any]:
        return json.loads(self.row.document)

    @cached_property
    def overview(self) -> dict[str, Any]:
        """The registry slice and findings (the row's ``overview``; the whole version if it has none)."""
        return json.loads(self.row.overview) if self.row.overview else self.data

    @property
    def ended(self) -> bool:
        return getattr(self.row, "state", "") == "ended"

    @property
    def registry(self) -> dict[str, Any]:
        return self.overview.get("registry") or {}

    @property
    def affair(self) -> dict[str, Any]:
        affairs = self.registry.get("affairs") or []
        return affairs[0] if affairs else {}

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.overview.get("findings") or []

    def findings_then_and_now(self) -> list[tuple[dict[str, Any], str]]:
        """Each finding frozen at publication with its state today, as the officer's page shows it.

        The version keeps the findings as they stood when it was published ("at publication");
        the registry has moved on since (publication itself clears PIA-MISSING). The state today
        is the stored finding's (未対応, 理由を説明済み …), or 解消 when the checks no longer report
        it. Only findings already in the public version are looked up: nothing withheld shows.
        """
        frozen = self.findings
        if not frozen:
            return []
        live = {
            (f.rule, f.subject): f
            for f in StoredFinding.objects.filter(
                organization_id=self.row.organization_id,
                rule__in={f["rule"] for f in frozen},
                subject__in={f["subject"] for f in frozen},
            ).exclude(state=FindingState.RESOLVED)
        }
        out = []
        for finding in frozen:
            current = live.get((finding["rule"], finding["subject"]))
            out.append(
                (finding, current.get_state_display() if current else str(FindingState.RESOLVED.label))
            )
        return out

    @property
    def procedure(self) -> dict[str, Any]:
        return self.data.get("procedure") or {}

    @property
    def comments(self) -> list[dict[str, Any]]:
        return self.procedure.get("comments") or []

    @cached_property
    def forms(self) -> list[PublicForm]:
        return public_forms(self.data)

    def diagram_svg(self) -> str:
        """The data-flow diagram of the public registry slice (no terminals: withheld), or ``""``."""
        try:
            snapshot = snapshot_from_declaration(self.registry)
            return dataflow_svg(
                snapshot, affair_id=self.affair.get("id"), findings_drawn=False, terminals_shown=False
            )
        except Exception:
            return ""


def _row(pk: int) -> SearchDocument:
    row = published_documents().annotate(state=F("assessment__state")).filter(assessment_id=pk).first()
    if row is None:
        raise Http404("no such published assessment")
    return row


def history_of(row: SearchDocument) -> list[SearchDocument]:
    """Every published assessment of the same affair (re-assessments continue the history), oldest first:
    the superseded versions (過去の版) and the current one."""
    return list(
        published_documents()
        .filter(affair_id=row.affair_id)
        .only(*LIST_COLUMNS)
        .order_by("published_on", "assessment_id")
    )


def public_assessment(*, pk: int) -> PublicAssessment:
    """The published assessment ``pk`` (its public version), else 404: drafts and withdrawn ones do not exist here."""
    row = _row(pk)
    return PublicAssessment(row=row, history=history_of(row))


def public_diff(*, old_pk: int, new_pk: int) -> tuple[PublicAssessment, PublicAssessment, VersionDiff]:
    """Two published assessments of the same affair and the field-level difference of their public versions."""
    old, new = _row(old_pk), _row(new_pk)
    if old.affair_id != new.affair_id:
        raise Http404("not versions of the same affair")
    diff = document_diff(json.loads(old.document), json.loads(new.document), public=True)
    return PublicAssessment(row=old), PublicAssessment(row=new), diff


@dataclass
class Transparency:
    organization: Organization
    assessments: list[PublicAssessment]
    #: The body's public-comment periods open today (意見募集中), the soonest to end first.
    periods: list[Any] = field(default_factory=list)

    @property
    def findings(self) -> list[tuple[PublicAssessment, dict[str, Any]]]:
        return [(a, f) for a in self.assessments for f in a.findings]


def organization_public(*, pk: int) -> Organization:
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise Http404("no such organisation")
    return organization


def transparency(*, pk: int) -> Transparency:
    """What the body does with the number: the current public version of each affair it published, and
    its open public-comment periods (3 queries)."""
    organization = organization_public(pk=pk)
    latest: dict[int, SearchDocument] = {}
    for row in (
        published_documents()
        .annotate(state=F("assessment__state"))
        .filter(organization_id=organization.pk, superseded_by__isnull=True)
        .defer("document", "text", "bigrams")  # the overview is enough here; versions are large
        .order_by("published_on", "assessment_id")
    ):
        latest[row.affair_id] = row
    rows = sorted(latest.values(), key=lambda r: (r.title, r.assessment_id))
    periods = list(open_comment_periods().filter(assessment__organization_id=organization.pk))
    return Transparency(
        organization=organization, assessments=[PublicAssessment(row=r) for r in rows], periods=periods
    )
