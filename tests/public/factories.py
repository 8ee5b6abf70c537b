"""Published assessments for the portal's tests.

``published(...)`` writes an assessment in state ``published`` and its publication version
with a hand-made ``hyoka-assessment-version/1`` document (the shipped basic form's
definition travels with it), then indexes it — a precondition, the way a fixture is; the
full publish pipeline is exercised once in test_indexing.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.assessments.definitions import definition_payload, spec_from_payload
from compliance.assessments.models import Assessment, AssessmentVersion
from compliance.assessments.models.versions import canonical_json, sha256_of
from compliance.law.models import FormDefinition
from compliance.public.indexing import search_index_version
from tests.registry import factories as registry

_counter = {"n": 0}


def definition(form: str) -> FormDefinition:
    return FormDefinition.objects.filter(form=form).order_by("-in_force_from").first()  # type: ignore[return-value]


def public_text_item(payload: dict[str, Any]) -> str:
    spec = spec_from_payload(payload)
    return next(k for k, i in spec.items.items() if i.public and i.answer_type in ("text", "long_text"))


def withheld_item(payload: dict[str, Any]) -> str:
    """An item the full form marks ``public: false`` (security-sensitive, withheld from the public)."""
    spec = spec_from_payload(payload)
    return next(k for k, i in spec.items.items() if not i.public)


def document_for(
    assessment: Assessment,
    *,
    number: int,
    text: str,
    withheld: str,
    findings: list[dict[str, Any]],
    comments: list[dict[str, Any]],
    hidden: int,
    registry_extra: dict[str, Any],
) -> dict[str, Any]:
    organization, affair = assessment.organization, assessment.affair
    basic = definition_payload(definition("basic"))
    forms = [{"form": "basic", "definition": basic, "answers": {public_text_item(basic): text}, "filled": []}]
    if withheld or assessment.level == "full":
        full = definition_payload(definition("full"))
        answers = {public_text_item(full): text, **({withheld_item(full): withheld} if withheld else {})}
        forms.append({"form": "full", "definition": full, "answers": answers, "filled": []})
    return {
        "format": "hyoka-assessment-version/1",
        "version": {"number": number, "kind": "publication", "frozen_at": timezone.now().isoformat()},
        "assessment": {
            "id": assessment.pk,
            "number": assessment.number,
            "level": assessment.level,
            "track": "standard",
            "previous": None,
            "reassessment_reason": "",
        },
        "organization": {
            "name": organization.name,
            "code": organization.code,
            "kind": organization.kind,
            "body": organization.body,
            "prefecture": organization.prefecture,
        },
        "affair": {"id": affair.ref, "name": affair.name},
        "threshold": None,
        "procedure": {
            "public_comment": {
                "from": "2026-01-05",
                "to": "2026-02-03",
                "shortened_reason": None,
                "method": "web",
            }
            if comments
            else None,
            "comments": comments,
            "comments_hidden": hidden,
            "third_party_review": None,
            "ppc_approval_on": None,
            "published_on": assessment.published_on.isoformat() if assessment.published_on else None,
            "submitted_by": "officer-a",
        },
        "forms": forms,
        "registry": {
            "as_of": "2026-04-01",
            "organization": {
                "name": organization.name,
                "code": organization.code,
                "kind": organization.kind,
                "body": organization.body,
            },
            "ordinances": [],
            "affairs": [
                {
                    "id": affair.ref,
                    "name": affair.name,
                    "uses_number": True,
                    "uses_gender": False,
                    "needs_residence_status": False,
                    "basis": {
                        "kind": affair.basis_kind,
                        "statute": affair.basis_statute,
                        "affair": affair.basis_affair,
                    },
                }
            ],
            "files": [],
            "provisions": [],
            "card_flows": [],
            "entrustments": [],
            "assessments": [],
            "changes": [],
            **registry_extra,
        },
        "findings": findings,
    }


def published(
    organization: Organization,
    *,
    name: str = "児童手当の支給に関する事務",
    text: str = "記載例",
    withheld: str = "",
    level: str = "basic",
    published_on: dt.date | None = None,
    findings: list[dict[str, Any]] | None = None,
    comments: list[dict[str, Any]] | None = None,
    hidden: int = 0,
    affair: Any = None,
    state: str = "published",
    registry_extra: dict[str, Any] | None = None,
    index: bool = True,
) -> Assessment:
    """A published assessment of ``organization`` with one publication version, indexed."""
    _counter["n"] += 1
    affair = affair or registry.affair(organization, name=name)
    assessment = Assessment.objects.create(
        organization=organization,
        affair=affair,
        level=level,
        state=state,
        number=f"評価書{_counter['n']}",
        published_on=published_on or dt.date(2026, 4, 1),
    )
    number = AssessmentVersion.objects.filter(assessment__affair=affair).count() + 1
    document = document_for(
        assessment,
        number=number,
        text=text,
        withheld=withheld,
        findings=findings or [],
        comments=comments or [],
        hidden=hidden,
        registry_extra=registry_extra or {},
    )
    text_json = canonical_json(document)
    version = AssessmentVersion.objects.create(
        assessment=assessment,
        number=1,
        kind="publication",
        document=text_json,
        sha256=sha256_of(text_json),
        created_at=timezone.now(),
    )
    if index:
        search_index_version(version=version)
    return assessment


def finding(
    rule: str = "CARD-NUMBER-READ", *, severity: str = "violation", justification: str = ""
) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "subject": "card_flows/c1",
        "citation": "番号法第9条",
        "message_ja": "個人番号を読み取る法的根拠がありません。",
        "message_en": "No legal basis to read the number.",
        "state": "justified" if justification else "open",
        "justification": justification,
    }
