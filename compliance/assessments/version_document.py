"""The frozen version's document: what was submitted, as data, and its public variant.

Format ``hyoka-assessment-version/1`` (one JSON object, canonical text hashed with
SHA-256, see :mod:`compliance.assessments.models.versions`)::

    {"format": "hyoka-assessment-version/1",
     "version": {"number": 2, "kind": "resubmission", "frozen_at": "…"},
     "assessment": {"id", "number", "level", "track", "previous", "reassessment_reason"},
     "organization": {name, code, kind, body, prefecture},
     "affair": {"id", "name"},
     "threshold": {persons, handlers, serious_incident, mandatory, required} | null,
     "procedure": {public_comment, comments, third_party_review, ppc_approval_on, published_on, submitted_by},
     "forms": [{"form", "definition": {key, form, version, title, in_force_from, sections},
                "answers": {item: value}, "filled": [item keys filled from the registry/procedure]}],
     "registry": the affair's slice of the pia-declaration/1 export,
     "findings": [{rule, severity, subject, citation, message_ja, message_en, state, justification}]}

The definition travels with the answers, so a version stays readable after the PPC
revises its templates. :func:`public_document` withholds the items marked
``public: false`` (security-sensitive; they still go to the commission).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

from compliance.assessments.answers import is_answered
from compliance.assessments.definitions import definition_payload, spec_from_payload
from compliance.assessments.models import Assessment
from compliance.assessments.prefill import ProcedureFacts
from compliance.assessments.selectors.facts import AffairFacts
from compliance.checks.models import FindingState, StoredFinding

if TYPE_CHECKING:  # the services build documents: a run-time import would go round in a circle
    from compliance.assessments.services.common import FilledForm

FORMAT = "hyoka-assessment-version/1"


def finding_entry(finding: StoredFinding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "subject": finding.subject,
        "citation": finding.citation,
        "message_ja": finding.message_ja,
        "message_en": finding.message_en,
        "state": finding.state,
        "justification": finding.justification,
    }


def affair_findings(facts: AffairFacts, findings: list[StoredFinding]) -> list[StoredFinding]:
    """The organisation's unresolved findings that concern this affair (or no affair in particular)."""
    return [f for f in findings if f.state != FindingState.RESOLVED and facts.concerns(f.subject)]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def build_document(
    *,
    assessment: Assessment,
    number: int,
    kind: str,
    frozen_at: dt.datetime,
    facts: AffairFacts,
    procedure: ProcedureFacts,
    forms: list[FilledForm],
    findings: list[StoredFinding],
    submitted_by: str,
) -> dict[str, Any]:
    organization = assessment.organization
    comments = procedure.comments
    return {
        "format": FORMAT,
        "version": {"number": number, "kind": kind, "frozen_at": frozen_at.isoformat()},
        "assessment": {
            "id": assessment.pk,
            "number": assessment.number,
            "level": assessment.level,
            "track": str(assessment.track),
            "previous": assessment.previous_id,
            "reassessment_reason": assessment.reassessment_reason,
        },
        "organization": {
            "name": organization.name,
            "code": organization.code,
            "kind": organization.kind,
            "body": organization.body,
            "prefecture": organization.prefecture,
        },
        "affair": {"id": assessment.affair.ref, "name": assessment.affair.name},
        "threshold": facts.threshold.as_dict() if facts.threshold else None,
        "procedure": {
            "public_comment": (
                {
                    "from": _date(procedure.comment_from),
                    "to": _date(procedure.comment_to),
                    "shortened_reason": procedure.comment_shortened_reason or None,
                    "method": procedure.comment_method,
                }
                if procedure.comment_from
                else None
            ),
            "comments": (
                [
                    {"number": n, "body": body, "reflection": reflection}
                    for n, body, reflection in comments.published
                ]
                if comments
                else []
            ),
            "comments_hidden": comments.hidden if comments else 0,
            "third_party_review": (
                {
                    "on": _date(assessment.third_party_review_on),
                    "method": assessment.third_party_review_method,
                    "result": assessment.third_party_review_result,
                }
                if assessment.third_party_review_on
                else None
            ),
            "ppc_approval_on": _date(assessment.ppc_approval_on),
            "published_on": _date(assessment.published_on),
            "submitted_by": submitted_by,
        },
        "forms": [
            {
                "form": f.form,
                "definition": definition_payload(f.row.definition),
                "answers": {k: v for k, v in f.merged.items() if k in f.spec.items and is_answered(v)},
                "filled": sorted(k for k in f.filled if k in f.spec.items),
            }
            for f in forms
        ],
        "registry": facts.snapshot_document(),
        "findings": [finding_entry(f) for f in findings],
    }


def withheld_items(document: dict[str, Any]) -> dict[str, list[str]]:
    """Per form, the items kept out of the public version (``public: false``)."""
    out: dict[str, list[str]] = {}
    for form in document.get("forms", []):
        spec = spec_from_payload(form["definition"])
        out[form["form"]] = [key for key, item in spec.items.items() if not item.public]
    return out


def public_document(document: dict[str, Any]) -> dict[str, Any]:
    """The version as the public may read it: security-sensitive answers withheld, hidden comments absent.

    Each form keeps a ``withheld`` list naming the items left out, so a reader sees that
    something was withheld (and where) without seeing it.
    """
    public = copy.deepcopy(document)
    withheld = withheld_items(document)
    for form in public.get("forms", []):
        keys = set(withheld.get(form["form"], []))
        form["answers"] = {k: v for k, v in form["answers"].items() if k not in keys}
        form["withheld"] = sorted(keys)
    public.get("procedure", {}).pop("submitted_by", None)
    return public
