"""Telling the registry about a published assessment, so the checks see it (PIA-MISSING, PIA-REVIEW…).

The check engine reads assessments from the registry's declared assessments
(``pia-declaration/1`` ``assessments``); a published Hyōka assessment is mirrored
there as ``hyoka-<id>`` through the registry's own service (its own audit event).
"""

from __future__ import annotations

from compliance.assessments.models import Assessment
from compliance.lib.actors import Actor
from compliance.registry import services as registry_services
from compliance.registry.fields import DeclaredAssessmentFields
from compliance.registry.models import DeclaredAssessment


def declared_ref(assessment: Assessment) -> str:
    return f"hyoka-{assessment.pk}"


def declared_assessment_sync(*, assessment: Assessment, acting_user: Actor) -> DeclaredAssessment:
    period = getattr(assessment, "comment_period", None) if hasattr(assessment, "comment_period") else None
    fields: DeclaredAssessmentFields = {
        "affair": assessment.affair,
        "level": assessment.level,
        "published_on": assessment.published_on,
        "public_comment_from": period.starts_on if period else None,
        "public_comment_to": period.ends_on if period else None,
        "public_comment_shortened_reason": (period.shortened_reason or None) if period else None,
        "third_party_review_on": assessment.third_party_review_on,
        "ppc_approval_on": assessment.ppc_approval_on,
        # Publishing is itself the first review (PIA-REVIEW counts from it).
        "last_review_on": assessment.last_review_on or assessment.published_on,
    }
    ref = declared_ref(assessment)
    existing = DeclaredAssessment.objects.filter(organization_id=assessment.organization_id, ref=ref).first()
    if existing is None:
        fields["ref"] = ref
        return registry_services.declared_assessment_create(
            organization=assessment.organization, acting_user=acting_user, **fields
        )
    return registry_services.declared_assessment_update(
        assessment=existing, acting_user=acting_user, expected_version=existing.version, **fields
    )
