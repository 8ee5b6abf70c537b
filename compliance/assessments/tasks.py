"""Celery tasks of the assessments app: thin, they take IDs and call a service.

Scheduled daily by Celery beat (``CELERY_BEAT_SCHEDULE`` in settings); on the embedded
default they run eagerly when called, so nothing needs a broker.
"""

from __future__ import annotations

from celery import shared_task

from compliance.accounts.models import Organization
from compliance.assessments.models import Assessment
from compliance.assessments.reminders import expired_periods, reminders_send
from compliance.assessments.services import comment_period_close
from compliance.assessments.services.prompting import reassessments_prompt
from compliance.assessments.workflow import WorkflowError


@shared_task(name="compliance.assessments.send_reminders")
def send_reminders() -> int:
    """Mail the reminders due today (yearly review, five-year re-assessment, comment period ending)."""
    return reminders_send()


@shared_task(name="compliance.assessments.close_expired_comment_periods")
def close_expired_comment_periods() -> list[int]:
    """Close public comment periods whose last day has passed (the system acts, audited as such)."""
    closed = []
    for assessment_id in expired_periods():
        assessment = Assessment.objects.filter(pk=assessment_id).first()
        if assessment is None:
            continue
        try:
            comment_period_close(assessment=assessment, acting_user=None)
        except WorkflowError:  # an officer closed it meanwhile
            continue
        closed.append(assessment_id)
    return closed


@shared_task(name="compliance.assessments.prompt_reassessments")
def prompt_reassessments(organization_id: int) -> list[int]:
    """Open or raise the re-assessments one organisation's registry calls for (after each registry write)."""

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return []
    return [assessment.pk for assessment in reassessments_prompt(organization=organization)]
