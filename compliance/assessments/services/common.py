"""What every assessment service shares: loading the facts, moving along the state machine, bumping versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.answers import blanked_by_boxes
from compliance.assessments.definitions import FormSpec, spec_for
from compliance.assessments.models import Assessment, AssessmentForm, CommentState, PublicComment
from compliance.assessments.prefill import CommentSummary, ProcedureFacts, filled_values, suggested_values
from compliance.assessments.rules import roles_for
from compliance.assessments.selectors.facts import AffairFacts, affair_facts
from compliance.assessments.signals import state_changed
from compliance.assessments.states import Role
from compliance.assessments.workflow import Conflict, Transition, TransitionRefused, decide
from compliance.lib.actors import Actor


def lock(assessment: Assessment) -> Assessment:
    """The assessment's row, locked until the transaction ends (with its organisation and affair)."""
    return (
        Assessment.objects.select_for_update().select_related("organization", "affair").get(pk=assessment.pk)
    )


def conflict_message(current: Assessment) -> str:
    return _(
        "この評価書は、画面を開いた後に他の人が更新しました（現在の状態: 「%(state)s」）。"
        "画面を読み込み直してから、もう一度操作してください。"
    ) % {"state": current.get_state_display()}


def check_version(current: Assessment, expected_version: int | None) -> None:
    if expected_version is not None and current.version != expected_version:
        raise Conflict(conflict_message(current))


def require_role(user: Any, assessment: Assessment, role: Role, message: str) -> frozenset[Role]:
    roles = roles_for(user, assessment)
    if role not in roles:
        raise TransitionRefused(message, code="role")
    return roles


def bump(current: Assessment, **updates: Any) -> Assessment:
    """Write ``updates`` and the next version with a conditional UPDATE on (state, version).

    The row is locked already; the condition is the second lock: on a database where
    ``select_for_update`` is a no-op the UPDATE still matches nothing if someone else
    wrote first, and the caller gets a :class:`Conflict` instead of overwriting them.
    """
    now = timezone.now()
    rows = Assessment.objects.filter(pk=current.pk, state=current.state, version=current.version).update(
        version=F("version") + 1, updated_at=now, **updates
    )
    if rows != 1:
        fresh = Assessment.objects.get(pk=current.pk)
        raise Conflict(conflict_message(fresh))
    old_state = current.state
    current.refresh_from_db()
    if current.state != old_state:
        state_changed.send(
            sender=Assessment, assessment=current, old_state=old_state, new_state=current.state
        )
    return current


def move(
    assessment: Assessment,
    name: str,
    *,
    acting_user: Actor,
    expected_version: int | None,
    **updates: Any,
) -> tuple[Assessment, Transition]:
    """Take transition ``name``: lock, check the version the user saw, ask the state machine, write.

    The version is checked before the state machine so that the loser of a race is told
    "someone else acted first" rather than "not allowed in this state".
    """
    current = lock(assessment)
    check_version(current, expected_version)
    transition = decide(name, state=current.state, track=current.track, roles=roles_for(acting_user, current))
    bump(current, state=transition.target, **updates)
    return current, transition


# --- facts for the forms -----------------------------------------------------------------------


def comment_summary(assessment: Assessment) -> CommentSummary | None:
    period = getattr(assessment, "comment_period", None) if _has_period(assessment) else None
    if period is None:
        return None
    summary = CommentSummary()
    for comment in PublicComment.objects.filter(period=period).order_by("number"):
        summary.received += 1
        if comment.state == CommentState.PUBLISHED:
            summary.published.append((comment.number, comment.body, comment.reflection))
        elif comment.state == CommentState.HIDDEN:
            summary.hidden += 1
        else:
            summary.pending += 1
    return summary


def _has_period(assessment: Assessment) -> bool:
    try:
        assessment.comment_period  # noqa: B018 (the related object or DoesNotExist)
    except Assessment.comment_period.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False
    return True


def procedure_facts(assessment: Assessment, *, summary: CommentSummary | None = None) -> ProcedureFacts:
    period = assessment.comment_period if _has_period(assessment) else None
    return ProcedureFacts(
        level=assessment.level,
        number=assessment.number,
        published_on=assessment.published_on,
        ppc_approval_on=assessment.ppc_approval_on,
        comment_from=period.starts_on if period else None,
        comment_to=period.ends_on if period else None,
        comment_shortened_reason=period.shortened_reason if period else "",
        comment_method=period.method if period else "",
        comments=summary if summary is not None else (comment_summary(assessment) if period else None),
        third_party_review_on=assessment.third_party_review_on,
        third_party_review_method=assessment.third_party_review_method,
        third_party_review_result=assessment.third_party_review_result,
    )


@dataclass
class FilledForm:
    """One form of the assessment with everything needed to show, check or freeze it."""

    row: AssessmentForm
    spec: FormSpec
    filled: dict[str, Any]  # from the registry and the procedure (read-only for the officer)
    answers: dict[str, Any]  # typed (or confirmed) by the officer
    suggested: dict[str, Any] = field(default_factory=dict)  # proposed by the registry until confirmed

    @property
    def merged(self) -> dict[str, Any]:
        """Registry facts win over typed answers; a confirmed answer wins over a suggestion.

        A ticked check box (「委託しない」) leaves the items that depend on it blank.
        """
        merged = {**self.suggested, **self.answers, **self.filled}
        for key in blanked_by_boxes(self.spec, merged):
            merged.pop(key, None)
        return merged

    @property
    def form(self) -> str:
        return self.row.form


def filled_forms(
    assessment: Assessment, *, facts: AffairFacts | None = None, procedure: ProcedureFacts | None = None
) -> tuple[AffairFacts, list[FilledForm]]:
    """The assessment's forms with their filled-in and typed answers (registry read once)."""
    facts = facts or affair_facts(organization=assessment.organization, affair_ref=assessment.affair.ref)
    procedure = procedure or procedure_facts(assessment)
    out = []
    for row in sorted(assessment.forms.select_related("definition"), key=lambda r: r.position):
        spec = spec_for(row.definition)
        out.append(
            FilledForm(
                row=row,
                spec=spec,
                filled=filled_values(spec, facts, procedure),
                answers=dict(row.answers),
                suggested=suggested_values(spec, facts, procedure),
            )
        )
    return facts, out
