"""Starting an assessment and answering its forms (番号法第28条; 規則第4条–第9条).

An assessment is created from the affair's threshold decision (しきい値判断): the
level is at least the highest form the decision requires — a body may file a higher
form voluntarily, never a lower one — and the forms in force today are attached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.answers import blanked_by_boxes, clean_answers
from compliance.assessments.definitions import definition_in_force, spec_for
from compliance.assessments.models import Assessment, AssessmentForm, AssessmentVersion
from compliance.assessments.prefill import filled_values
from compliance.assessments.rules import roles_for
from compliance.assessments.selectors.facts import affair_facts
from compliance.assessments.services.common import bump, check_version, lock, procedure_facts, require_role
from compliance.assessments.services.registry_link import declared_assessment_sync
from compliance.assessments.states import (
    EDITABLE_STATES,
    Level,
    ReassessmentReason,
    Role,
    State,
    forms_for_level,
)
from compliance.assessments.workflow import TransitionRefused
from compliance.audit.services import record
from compliance.checks.context import affair_thresholds
from compliance.law.threshold import LEVEL_ORDER
from compliance.lib.actors import Actor
from compliance.lib.mynumber import validate_no_my_number
from compliance.registry.models import Affair
from compliance.registry.selectors import registry_snapshot


def _required_highest(required: tuple[str, ...]) -> str | None:
    return required[-1] if required else None


def level_problem(*, level: str, required: tuple[str, ...]) -> str | None:
    """Why ``level`` is not enough for the threshold decision ``required``, or None."""
    highest = _required_highest(required)
    if highest is not None and LEVEL_ORDER[level] < LEVEL_ORDER[highest]:
        return _(
            "しきい値判断の結果、%(required)sが必要です。これより低い評価は選べません（より高い評価は任意に選べます）。"
        ) % {"required": Level(highest).label}
    return None


@transaction.atomic
def assessment_create(
    *,
    affair: Affair,
    level: str,
    acting_user: Actor,
    number: str = "",
    previous: Assessment | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> Assessment:
    """A draft assessment of ``affair`` at ``level``, with the forms in force ``on`` (today).

    A re-assessment (``previous``) starts from the answers of the previous assessment's
    last frozen version: items the new form version still has keep their answers.
    """
    if not roles_for(acting_user, affair) & {Role.OFFICER, Role.SYSTEM}:
        raise TransitionRefused(_("評価書を作成できるのは、その機関の担当者です。"), code="role")
    if level not in Level.values:
        raise ValidationError({"level": _("評価の種類を選んでください。")})
    validate_no_my_number(number)
    Affair.objects.select_for_update().filter(pk=affair.pk).first()  # serialise two officers starting at once
    facts = affair_facts(organization=affair.organization, affair_ref=affair.ref)
    required = facts.threshold.required if facts.threshold else ()
    if problem := level_problem(level=level, required=required):
        raise ValidationError({"level": problem})
    if Assessment.objects.filter(affair=affair).active().exists():
        raise ValidationError(_("この事務には作成中・手続中の評価書があります。そちらを続けてください。"))
    day = on or timezone.localdate()
    assessment = Assessment.objects.create(
        organization=affair.organization,
        affair=affair,
        level=level,
        number=number.strip(),
        state=State.DRAFT,
        previous=previous,
        reassessment_reason=reason,
        created_by=acting_user,
    )
    carried = _answers_of_last_version(previous) if previous else {}
    for form in forms_for_level(level):
        definition = definition_in_force(form=form, on=day)
        spec = spec_for(definition)
        answers = {k: v for k, v in carried.get(form, {}).items() if k in spec.items}
        AssessmentForm.objects.create(
            assessment=assessment, form=form, definition=definition, answers=answers
        )
    record(
        "compliance.assessment.created",
        actor=acting_user,
        target=assessment,
        data={
            "affair": affair.ref,
            "level": level,
            "required": list(required),
            "previous": previous.pk if previous else None,
            "reason": reason,
        },
    )
    return assessment


def _answers_of_last_version(previous: Assessment) -> dict[str, dict[str, Any]]:
    """Per form, the typed answers of the previous assessment's last version (filled items are refilled)."""
    version = AssessmentVersion.objects.filter(assessment=previous).order_by("-number").first()
    if version is None:
        return {form.form: dict(form.answers) for form in previous.forms.all()}
    out: dict[str, dict[str, Any]] = {}
    for form in version.data["forms"]:
        filled = set(form.get("filled", []))
        out[form["form"]] = {k: v for k, v in form["answers"].items() if k not in filled}
    return out


@transaction.atomic
def answers_save(
    *,
    assessment: Assessment,
    form: str,
    values: dict[str, Any],
    acting_user: Actor,
    expected_version: int | None,
) -> Assessment:
    """Store the officer's answers to items of one form (blank removes an answer).

    Refused outside the editable states, for items the registry or the procedure
    fills (they are not typed twice), and for values the item's answer type does
    not accept; the errors name each item.
    """
    current = lock(assessment)
    require_role(acting_user, current, Role.OFFICER, _("回答を入力できるのは、その機関の担当者です。"))
    check_version(current, expected_version)
    if current.state not in EDITABLE_STATES:
        raise TransitionRefused(
            _("「%(state)s」の評価書の回答は変更できません。") % {"state": current.get_state_display()},
            code="state",
        )
    row = AssessmentForm.objects.select_related("definition").filter(assessment=current, form=form).first()
    if row is None:
        raise ValidationError(_("この評価書にその様式はありません。"))
    spec = spec_for(row.definition)
    facts = affair_facts(organization=current.organization, affair_ref=current.affair.ref)
    filled = filled_values(spec, facts, procedure_facts(current))
    locked = set(filled)
    cleaned, errors = clean_answers(spec, values, locked=locked)
    if errors:
        raise ValidationError(errors)
    answers = dict(row.answers)
    changed = []
    for key, value in cleaned.items():
        if value is None:
            if key in answers:
                del answers[key]
                changed.append(key)
        elif answers.get(key) != value:
            answers[key] = value
            changed.append(key)
    # A ticked box (「[○] 委託しない」) leaves its dependent items blank: nothing is kept behind it.
    for key in blanked_by_boxes(spec, {**answers, **filled}):
        if key in answers:
            del answers[key]
            changed.append(key)
    if not changed:
        return current
    row.answers = answers
    row.save(update_fields=["answers"])
    bump(current)
    record(
        "compliance.assessment.answers_saved",
        actor=acting_user,
        target=current,
        data={"form": form, "items": sorted(changed)},
    )
    return current


@transaction.atomic
def assessment_number_set(
    *, assessment: Assessment, number: str, acting_user: Actor, expected_version: int | None
) -> Assessment:
    """The assessment number (評価書番号), matching the body's assessment plan sheet (評価計画管理書)."""
    current = lock(assessment)
    require_role(acting_user, current, Role.OFFICER, _("評価書番号を変更できるのは、その機関の担当者です。"))
    check_version(current, expected_version)
    if current.state not in EDITABLE_STATES:
        raise TransitionRefused(_("提出後は評価書番号を変更できません。"), code="state")
    number = (number or "").strip()
    validate_no_my_number(number)
    if len(number) > 100:
        raise ValidationError({"number": _("100字以内で入力してください。")})
    bump(current, number=number)
    record("compliance.assessment.number_set", actor=acting_user, target=current, data={"number": number})
    return current


@transaction.atomic
def reassessment_start(
    *, assessment: Assessment, reason: str, acting_user: Actor, level: str | None = None
) -> Assessment:
    """A new draft that starts from ``assessment``'s last version (再評価: 重要な変更, しきい値の上昇, 5年, 任意).

    The level defaults to the previous one, raised to what today's threshold decision requires.
    """
    if reason not in ReassessmentReason.values or not reason:
        raise ValidationError({"reason": _("再評価の理由を選んでください。")})
    if assessment.state not in (State.PUBLISHED, State.ENDED):
        raise TransitionRefused(_("再評価は公表済みの評価書から始めます。"), code="state")
    if assessment.state == State.ENDED:
        raise TransitionRefused(_("終了した事務の評価書は再評価しません。"), code="state")
    if level is None:
        facts = affair_facts(organization=assessment.organization, affair_ref=assessment.affair.ref)
        required = facts.threshold.required if facts.threshold else ()
        highest = _required_highest(required)
        level = assessment.level
        if highest and LEVEL_ORDER[highest] > LEVEL_ORDER[level]:
            level = highest
    return assessment_create(
        affair=assessment.affair,
        level=level,
        acting_user=acting_user,
        number=assessment.number,
        previous=assessment,
        reason=reason,
    )


@transaction.atomic
def yearly_review_record(
    *, assessment: Assessment, reviewed_on: dt.date, acting_user: Actor, expected_version: int | None = None
) -> Assessment:
    """Record the yearly review of a published assessment (指針: 少なくとも1年に1回見直す, an effort duty)."""
    current = lock(assessment)
    require_role(acting_user, current, Role.OFFICER, _("見直しを記録できるのは、その機関の担当者です。"))
    check_version(current, expected_version)
    if current.state != State.PUBLISHED:
        raise TransitionRefused(_("見直しは公表中の評価書について記録します。"), code="state")
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("見直した日に未来の日付は入力できません。")})
    if current.published_on and reviewed_on < current.published_on:
        raise ValidationError({"reviewed_on": _("公表日より前の日付は入力できません。")})
    bump(current, last_review_on=reviewed_on)

    declared_assessment_sync(assessment=current, acting_user=acting_user)
    record(
        "compliance.assessment.reviewed",
        actor=acting_user,
        target=current,
        data={"reviewed_on": reviewed_on.isoformat()},
    )
    return current


def draft_assessments_ensure(*, organization: Any, acting_user: Actor) -> list[Assessment]:
    """A draft at the required level for every affair whose threshold decision makes an assessment
    mandatory and that has no assessment yet (docs/domain.md §6.3: an import brings its drafts).

    Affairs that already have one (in progress, published or ended) are left alone. Runs inside the
    caller's transaction; each draft is its own audited creation.
    """

    thresholds = affair_thresholds(registry_snapshot(organization=organization))
    assessed = set(
        Assessment.objects.filter(organization=organization)
        .exclude(state=State.WITHDRAWN)
        .values_list("affair_id", flat=True)
    )
    created = []
    for affair in Affair.objects.filter(organization=organization).order_by("pk"):
        threshold = thresholds.get(affair.ref)
        if threshold is None or not threshold.mandatory or affair.pk in assessed:
            continue
        created.append(
            assessment_create(affair=affair, level=threshold.required[-1], acting_user=acting_user)
        )
    return created
