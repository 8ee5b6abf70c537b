"""Keeping the public search index (:class:`~compliance.public.models.SearchDocument`) in step.

The index is derived data: a row is rebuilt from the assessment's publication version
whenever that version is frozen (:func:`search_index_version`, called on commit by the
receiver in :mod:`compliance.public.receivers`) and can always be rebuilt from scratch
(``manage.py reindex_search``). Only publication versions are indexed: a submission
version has not been accepted by the commission and is not public (番号法第28条第4項:
the body publishes the assessment once the commission's procedure is done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction

from compliance.assessments.models import Assessment, AssessmentVersion
from compliance.assessments.models.versions import VersionKind
from compliance.assessments.states import PUBLIC_STATES
from compliance.audit.services import record
from compliance.law.models import ScheduleRow
from compliance.lib.actors import Actor
from compliance.lib.text import normalize
from compliance.public.cache import invalidate
from compliance.public.models import PublicFinding, SearchDocument, joined, overview_of
from compliance.public.redaction import dumps, public_view


def word_bigrams(normalized: str) -> set[str]:
    """Character bigrams inside each word of already normalised text (never across a space), so that
    a two-character query matches the bigram column exactly when it occurs in the text."""
    return {word[i : i + 2] for word in normalized.split() for i in range(len(word) - 1)}


def _strings(value: Any) -> Iterator[str]:
    """Every text value inside ``value`` (answers may be text, lists or nested objects)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _affair(document: dict[str, Any]) -> dict[str, Any]:
    affairs = (document.get("registry") or {}).get("affairs") or []
    return affairs[0] if affairs else {}


def _ordinance(document: dict[str, Any], affair: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ordinance (条例) an ordinance-based affair cites and its affair entry, or empty dicts."""
    basis = affair.get("basis") or {}
    for ordinance in (document.get("registry") or {}).get("ordinances") or []:
        if ordinance.get("id") == basis.get("ordinance"):
            entries: list[dict[str, Any]] = ordinance.get("affairs") or []
            return ordinance, next((a for a in entries if a.get("id") == basis.get("affair")), {})
    return {}, {}


def statute_fields() -> dict[str, set[str]]:
    """Statute name → the fields (分野) of its schedule rows (one query; the catalog is small)."""
    out: dict[str, set[str]] = {}
    for statute, row_field in ScheduleRow.objects.values_list("statute", "field"):
        out.setdefault(statute, set()).add(row_field)
    return out


def assessment_number(public: dict[str, Any]) -> str:
    """評価書番号 as the document's cover shows it: the form's ``assessment_number`` answer (the number
    of the body's assessment plan sheet, 評価計画管理書), else the assessment's own number field."""
    for form in public.get("forms") or []:
        answer = (form.get("answers") or {}).get("assessment_number")
        if isinstance(answer, str) and answer.strip():
            return answer.strip()
    return str((public.get("assessment") or {}).get("number") or "")


#: Between two fields of the search text: "|" is no separator of a written number (compliance.lib.mynumber).
FIELD_SEPARATOR = " | "


def index_fields(
    public: dict[str, Any], fields_by_statute: dict[str, set[str]] | None = None
) -> dict[str, Any]:
    """The search row's columns, from a public document (pure; the tests use it directly)."""
    registry = public.get("registry") or {}
    organization = public.get("organization") or {}
    affair = _affair(public)
    basis = affair.get("basis") or {}
    ordinance, ordinance_affair = _ordinance(public, affair)
    provisions = registry.get("provisions") or []
    flows = registry.get("card_flows") or []
    findings = public.get("findings") or []
    categories = [c for p in provisions for c in p.get("categories") or []]
    categories += [
        c
        for o in registry.get("ordinances") or []
        for ip in o.get("intra_provisions") or []
        for c in ip.get("categories") or []
    ]
    title = (public.get("affair") or {}).get("name") or affair.get("name", "")
    parts: list[str] = [
        title,
        organization.get("name", ""),
        basis.get("statute", ""),
        basis.get("affair", ""),
        ordinance.get("title", ""),
        ordinance_affair.get("name", ""),
        *categories,
        *(p.get("counterparty", {}).get("name", "") for p in provisions),
        *(f.get("name", "") for f in registry.get("files") or []),
        *(e.get("contractor", "") for e in registry.get("entrustments") or []),
        *(c.get("summary", "") for c in registry.get("changes") or []),
    ]
    for form in public.get("forms") or []:
        parts.extend(_strings(form.get("answers") or {}))
    for finding in findings:
        parts.extend([finding.get("rule", ""), finding.get("message_ja", ""), finding.get("message_en", "")])
        parts.append(finding.get("justification", ""))
    # Fields are joined by " | ", which no spelling of a number crosses: joined by spaces, two
    # neighbouring answers (two dates, 2026-09-24 2026-11-03) can read as twelve digits with a valid
    # check digit, which scan_mynumber rightly reports (no stored text may read as a My Number).
    text = normalize(FIELD_SEPARATOR.join(p for p in parts if p))
    return {
        "prefecture": organization.get("prefecture") or "",
        "organization_kind": organization.get("kind") or "",
        "organization_name": organization.get("name") or "",
        "level": (public.get("assessment") or {}).get("level") or "",
        "title": title[:500],
        "number": assessment_number(public)[:100],
        "basis_kind": basis.get("kind", ""),
        "basis_statute": basis.get("statute", "")[:500],
        "basis_ordinance": ordinance.get("title", "")[:500],
        "fields": joined(
            [ordinance_affair["field"]]
            if ordinance_affair.get("field")
            else (fields_by_statute or {}).get(basis.get("statute", ""), set())
        ),
        "categories": joined(categories),
        "card_items": joined(i for f in flows for i in f.get("items") or []),
        "rules": joined(f.get("rule") for f in findings),
        "findings_count": len(findings),
        "violations_count": sum(1 for f in findings if f.get("severity") == "violation"),
        "text": text,
        "bigrams": joined(word_bigrams(text)),
    }


#: Assessment id → (the assessment that superseded it, publication date of the newest one it superseded).
Supersession = dict[int, tuple[int | None, dt.date | None]]


def supersession_map(affair_ids: Iterable[int]) -> Supersession:
    """Supersession of every public assessment of ``affair_ids``, from the assessments (one query).

    The assessments hold it (set by :func:`compliance.assessments.services.review.assessment_publish`);
    the index copies it so that lists filter on their own columns."""
    rows = list(
        Assessment.objects.filter(affair_id__in=list(affair_ids), state__in=PUBLIC_STATES).values_list(
            "pk", "superseded_by_id", "published_on"
        )
    )
    replaces: dict[int, dt.date] = {}
    for _pk, by, on in rows:
        if by is not None and on is not None and (by not in replaces or on > replaces[by]):
            replaces[by] = on
    return {pk: (by, replaces.get(pk)) for pk, by, _on in rows}


def supersession_sync(*, affair_ids: Iterable[int]) -> int:
    """Bring the index rows of ``affair_ids`` in step with their assessments' supersession
    (two queries and one bulk update of the rows that changed); returns how many changed."""
    ids = list(affair_ids)
    known = supersession_map(ids)
    changed = []
    for row in SearchDocument.objects.filter(affair_id__in=ids).only(
        "id", "assessment_id", "superseded_by", "replaces_published_on"
    ):
        by, replaces = known.get(row.assessment_id, (None, None))
        if (row.superseded_by_id, row.replaces_published_on) != (by, replaces):
            row.superseded_by_id, row.replaces_published_on = by, replaces
            changed.append(row)
    SearchDocument.objects.bulk_update(changed, ["superseded_by", "replaces_published_on"], batch_size=500)
    return len(changed)


def _row(
    version: AssessmentVersion, fields_by_statute: dict[str, set[str]], supersession: Supersession
) -> SearchDocument:
    assessment = version.assessment
    superseded_by, replaces = supersession.get(assessment.pk, (None, None))
    public = public_view(version.data)
    published = (public.get("procedure") or {}).get("published_on")
    row = SearchDocument(
        assessment_id=assessment.pk,
        version_id=version.pk,
        organization_id=assessment.organization_id,
        affair_id=assessment.affair_id,
        superseded_by_id=superseded_by,
        replaces_published_on=replaces,
        published_on=published or assessment.published_on,
        document=dumps(public),
        overview=dumps(overview_of(public)),
        **index_fields(public, fields_by_statute),
    )
    row.published_on = _as_date(row.published_on)
    row.pending_findings = [  # type: ignore[attr-defined]
        PublicFinding(
            assessment_id=assessment.pk,
            organization_id=assessment.organization_id,
            prefecture=row.prefecture,
            published_on=row.published_on,
            position=position,
            rule=f.get("rule", "")[:60],
            severity=f.get("severity", "")[:20],
            subject=f.get("subject", "")[:260],
            citation=f.get("citation", "")[:300],
            message_ja=f.get("message_ja", ""),
            message_en=f.get("message_en", ""),
            state=f.get("state", "")[:20],
            justification=f.get("justification", ""),
        )
        for position, f in enumerate(public.get("findings") or [])
    ]
    return row


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _save(rows: list[SearchDocument]) -> None:
    """Insert rows and their findings (two bulk inserts)."""
    SearchDocument.objects.bulk_create(rows)
    if rows and rows[0].pk is None:  # databases that do not return keys from bulk inserts
        ids = dict(
            SearchDocument.objects.filter(assessment_id__in=[r.assessment_id for r in rows]).values_list(
                "assessment_id", "pk"
            )
        )
        for row in rows:
            row.pk = ids[row.assessment_id]
    findings = []
    for row in rows:
        for finding in row.pending_findings:  # type: ignore[attr-defined]
            finding.document_id = row.pk
            findings.append(finding)
    PublicFinding.objects.bulk_create(findings, batch_size=1000)


def _publication(assessment_id: int) -> AssessmentVersion | None:
    return (
        AssessmentVersion.objects.select_related("assessment")
        .filter(assessment_id=assessment_id, kind=VersionKind.PUBLICATION)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def search_index_version(*, version: AssessmentVersion) -> SearchDocument | None:
    """Index ``version`` if it is the publication version of a public assessment; else drop the row.

    Idempotent: called again for the same version it rewrites the same row.
    """
    assessment = version.assessment
    if version.kind != VersionKind.PUBLICATION or assessment.state not in PUBLIC_STATES:
        if version.kind == VersionKind.PUBLICATION:  # no longer public: out of the index
            SearchDocument.objects.filter(assessment_id=assessment.pk).delete()
            invalidate()
        return None
    row = _row(version, statute_fields(), supersession_map([assessment.affair_id]))
    SearchDocument.objects.filter(assessment_id=assessment.pk).delete()
    _save([row])
    # A new publication supersedes the affair's older ones: their rows leave the current lists.
    supersession_sync(affair_ids=[assessment.affair_id])
    invalidate()
    return row


def _publications(assessment_ids: Iterable[int]) -> dict[int, AssessmentVersion]:
    latest: dict[int, AssessmentVersion] = {}
    for version in (
        AssessmentVersion.objects.select_related("assessment")
        .filter(assessment_id__in=list(assessment_ids), kind=VersionKind.PUBLICATION)
        .order_by("assessment_id", "number")
    ):
        latest[version.assessment_id] = version
    return latest


@transaction.atomic
def search_reindex(*, acting_user: Actor, batch_size: int = 500) -> int:
    """Rebuild the whole index from the publication versions (bulk: constant queries per batch)."""
    SearchDocument.objects.all().delete()
    ids = list(Assessment.objects.filter(state__in=PUBLIC_STATES).order_by("pk").values_list("pk", flat=True))
    count = 0
    fields_by_statute = statute_fields()
    for start in range(0, len(ids), batch_size):
        versions = list(_publications(ids[start : start + batch_size]).values())
        supersession = supersession_map({v.assessment.affair_id for v in versions})
        rows = [_row(v, fields_by_statute, supersession) for v in versions]
        _save(rows)
        count += len(rows)
    invalidate()
    record("compliance.search_index.rebuilt", actor=acting_user, data={"documents": count})
    return count


def index_on_commit(version_pk: int) -> None:
    """Index a freshly frozen version once its transaction commits (thin: the receiver's only call).

    ``robust``: a failure is logged, never turned into an error of the publication that already
    committed; ``manage.py reindex_search`` repairs the index."""

    def run() -> None:
        version = AssessmentVersion.objects.select_related("assessment").filter(pk=version_pk).first()
        if version is not None:
            search_index_version(version=version)

    transaction.on_commit(run, robust=True)
