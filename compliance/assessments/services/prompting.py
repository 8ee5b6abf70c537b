"""Re-assessments the registry prompts (再評価: 重要な変更, しきい値判断結果の変化; 指針第6・第7).

After a registry write (or an import), :func:`reassessments_prompt` looks at every affair of
the organisation once:

- an **important change** (重要な変更) recorded after the affair's published assessment was
  started is not covered by it and needs a fresh assessment before it takes effect: a
  re-assessment draft is opened (the re-assessment, started later, covers the change);
- a **threshold rise** (the threshold decision now requires a higher level than the affair's
  assessment) opens a re-assessment draft at the required level when the assessment is
  published, or raises the level of a draft still being written.

Each opening or raise tells the body (:mod:`compliance.assessments.notifications`) and shows as a
reminder (:mod:`compliance.assessments.reminders`) until the re-assessment is submitted. An
assessment already in the procedure (submitted, in review) is left to its procedure: its level
problem shows as a finding. A re-assessment the body withdrew is not opened again for the same reason.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.definitions import definition_in_force
from compliance.assessments.models import Assessment, AssessmentForm, NotificationKind
from compliance.assessments.notifications import notify
from compliance.assessments.rules import roles_for
from compliance.assessments.services.common import bump, lock
from compliance.assessments.services.drafting import draft_assessments_ensure, reassessment_start
from compliance.assessments.states import ReassessmentReason, Role, State, forms_for_level
from compliance.assessments.workflow import TransitionRefused
from compliance.audit.services import record
from compliance.checks.context import affair_thresholds
from compliance.law.threshold import LEVEL_ORDER
from compliance.lib.actors import Actor
from compliance.registry.models import Change
from compliance.registry.selectors import registry_snapshot


def _higher(required: str | None, level: str) -> bool:
    return required is not None and LEVEL_ORDER[required] > LEVEL_ORDER[level]


@transaction.atomic
def assessment_level_raise(*, assessment: Assessment, level: str, acting_user: Actor) -> Assessment:
    """Raise a draft to ``level`` (the threshold decision now requires it); the forms it adds start blank.

    Only a draft: once the public comment or the commission's review has begun, the level is the
    procedure's and a rise shows as a finding instead.
    """
    current = lock(assessment)
    if not roles_for(acting_user, current) & {Role.OFFICER, Role.SYSTEM}:
        raise TransitionRefused(_("評価の種類を変更できるのは、その機関の担当者です。"), code="role")
    if current.state != State.DRAFT:
        raise TransitionRefused(_("評価の種類は作成中の評価書でだけ引き上げられます。"), code="state")
    if not _higher(level, current.level):
        return current
    previous_level = current.level
    today = timezone.localdate()
    have = set(current.forms.values_list("form", flat=True))
    AssessmentForm.objects.bulk_create(
        [
            AssessmentForm(
                assessment=current, form=form, definition=definition_in_force(form=form, on=today), answers={}
            )
            for form in forms_for_level(level)
            if form not in have
        ]
    )
    current = bump(current, level=level)
    record(
        "compliance.assessment.level_raised",
        actor=acting_user,
        target=current,
        data={"from": previous_level, "to": level},
    )
    notify(assessment=current, kind=NotificationKind.LEVEL_RAISED, acting_user=acting_user)
    return current


@transaction.atomic
def reassessments_prompt(*, organization: Any, acting_user: Actor = None) -> list[Assessment]:
    """Open or raise the re-assessments the organisation's registry now calls for; returns them.

    A fixed number of queries for the whole organisation, plus the writes of what it opens.
    """

    thresholds = affair_thresholds(registry_snapshot(organization=organization))
    latest: dict[int, Assessment] = {}
    withdrawn: set[tuple[int, str]] = set()
    for assessment in (
        Assessment.objects.filter(organization=organization)
        .select_related("affair", "organization")
        .order_by("affair_id", "-created_at", "-pk")
    ):
        if assessment.state == State.WITHDRAWN:
            if assessment.previous_id is not None:
                withdrawn.add((assessment.previous_id, assessment.reassessment_reason))
            continue
        latest.setdefault(assessment.affair_id, assessment)
    changes: dict[int, list[Any]] = {}
    for affair_id, recorded_at in Change.objects.filter(
        organization=organization, important=True, affair_id__in=latest
    ).values_list("affair_id", "created_at"):
        changes.setdefault(affair_id, []).append(recorded_at)
    prompted = []
    for affair_id, assessment in sorted(latest.items()):
        threshold = thresholds.get(assessment.affair.ref)
        required = threshold.required[-1] if threshold and threshold.required else None
        if assessment.state == State.DRAFT:
            if _higher(required, assessment.level):
                assert required is not None
                prompted.append(
                    assessment_level_raise(assessment=assessment, level=required, acting_user=acting_user)
                )
            continue
        if assessment.state != State.PUBLISHED or assessment.published_on is None:
            continue
        if _higher(required, assessment.level):
            reason = ReassessmentReason.THRESHOLD_RISE
        elif any(at > assessment.created_at for at in changes.get(affair_id, [])):
            reason = ReassessmentReason.IMPORTANT_CHANGE
        else:
            continue
        if (assessment.pk, reason) in withdrawn:
            continue
        draft = reassessment_start(assessment=assessment, reason=reason, acting_user=acting_user)
        notify(assessment=draft, kind=NotificationKind.REASSESSMENT_OPENED, acting_user=acting_user)
        prompted.append(draft)
    return prompted


def reassessments_prompt_on_commit(organization_id: int) -> None:
    """After the caller's transaction commits, prompt the re-assessments in a Celery task (robust:
    a failure is logged and never undoes the registry write that triggered it)."""
    # Imported on use: the task module imports this one (the task is its caller).
    from compliance.assessments.tasks import prompt_reassessments

    transaction.on_commit(lambda: prompt_reassessments.delay(organization_id), robust=True)


def on_registry_changed(*, organization_id: int, **_: Any) -> None:
    """The receiver of :data:`compliance.registry.signals.registry_changed` (connected in the app config)."""
    reassessments_prompt_on_commit(organization_id)


def on_declaration_imported(*, organization: Any, acting_user: Actor, **_: Any) -> int:
    """The receiver of :data:`compliance.registry.signals.declaration_imported`: the draft assessments
    the imported affairs need, then the re-assessments the import calls for; returns the drafts filed."""
    drafts = draft_assessments_ensure(organization=organization, acting_user=acting_user)
    reassessments_prompt(organization=organization, acting_user=acting_user)
    return len(drafts)
