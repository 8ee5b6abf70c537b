"""The assessment page's data: forms, sections with their items and review comments, findings side by side.

Built in a constant number of queries however many items, comments, findings or
versions there are (tests/assessments/test_query_counts.py holds it to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compliance.assessments.answers import blanked_by_boxes, choice_text, is_answered, table_text
from compliance.assessments.models import (
    Assessment,
    AssessmentVersion,
    CommentPeriod,
    Decision,
    PublicComment,
    ReviewComment,
)
from compliance.assessments.rules import roles_for
from compliance.assessments.services.common import FilledForm
from compliance.assessments.services.freezing import Readiness, readiness
from compliance.assessments.states import QUEUE_STATES, Role, State
from compliance.assessments.workflow import Transition, available
from compliance.checks.models import FindingState, StoredFinding


@dataclass
class ItemRow:
    key: str
    label: str
    answer_type: str
    required: bool
    public: bool
    value: Any
    filled: bool
    help: str
    comments: list[ReviewComment]


@dataclass
class SectionRows:
    form: str
    key: str
    title: str
    depth: int
    items: list[ItemRow]
    comments: list[ReviewComment]
    missing: int

    @property
    def anchor(self) -> str:
        # Sections and items share one id space on the page and a form may give a section and
        # one of its items the same key (threshold_result): the section's id says it is one.
        return f"{self.form}-section-{self.key}"


@dataclass
class FindingPair:
    """A finding as frozen in the submitted version, next to what the registry says now."""

    rule: str
    severity: str
    subject: str
    message: str
    frozen_state: str
    frozen_justification: str
    live: StoredFinding | None
    message_en: str = ""

    @property
    def frozen_state_label(self) -> str:
        return (
            str(FindingState(self.frozen_state).label)
            if self.frozen_state in FindingState.values
            else self.frozen_state
        )


@dataclass
class AssessmentPage:
    assessment: Assessment
    roles: frozenset[Role]
    transitions: list[Transition]
    ready: Readiness
    forms: list[FilledForm]
    sections: list[SectionRows]
    period: CommentPeriod | None
    comments: list[PublicComment]
    review_comments: list[ReviewComment]
    decisions: list[Decision]
    versions: list[AssessmentVersion]
    latest: AssessmentVersion | None
    finding_pairs: list[FindingPair]

    @property
    def is_officer(self) -> bool:
        return Role.OFFICER in self.roles

    @property
    def is_reviewer(self) -> bool:
        return Role.REVIEWER in self.roles

    @property
    def can_edit(self) -> bool:
        return self.is_officer and self.assessment.is_editable

    @property
    def can_comment(self) -> bool:
        return self.is_reviewer and self.assessment.state in QUEUE_STATES

    @property
    def can_reply(self) -> bool:
        return (self.is_officer or self.is_reviewer) and self.assessment.state in (
            *QUEUE_STATES,
            State.CHANGES_REQUESTED,
        )

    @property
    def open_requests(self) -> list[Decision]:
        return [d for d in self.decisions if d.kind == "request_changes"]


def _sections(forms: list[FilledForm], comments: list[ReviewComment]) -> list[SectionRows]:
    by_item: dict[tuple[str, str], list[ReviewComment]] = {}
    by_section: dict[tuple[str, str], list[ReviewComment]] = {}
    for comment in comments:
        if comment.parent_id:
            continue
        if comment.item_key:
            by_item.setdefault((comment.form, comment.item_key), []).append(comment)
        else:
            by_section.setdefault((comment.form, comment.section_key), []).append(comment)
    out = []
    for form in forms:
        merged = form.merged
        blanked = blanked_by_boxes(form.spec, {**form.suggested, **form.answers, **form.filled})
        for section in form.spec.walk_sections():
            items = [
                ItemRow(
                    key=item.key,
                    label=item.display_label(),
                    answer_type=item.answer_type,
                    required=item.required and item.key not in blanked,
                    public=item.public,
                    value=(
                        table_text(item, merged.get(item.key))
                        if item.answer_type == "table"
                        else choice_text(item, merged.get(item.key))
                    ),
                    filled=item.key in form.filled,
                    help=item.help,
                    comments=by_item.get((form.form, item.key), []),
                )
                for item in section.items
            ]
            out.append(
                SectionRows(
                    form=form.form,
                    key=section.key,
                    title=section.display_title(),
                    depth=section.depth,
                    items=items,
                    comments=by_section.get((form.form, section.key), []),
                    missing=sum(1 for i in items if i.required and not is_answered(i.value)),
                )
            )
    return out


def _finding_pairs(latest: AssessmentVersion | None, live: list[StoredFinding]) -> list[FindingPair]:
    live_by_key = {(f.rule, f.subject): f for f in live}
    pairs = []
    frozen = latest.data.get("findings", []) if latest is not None else []
    seen = set()
    for entry in frozen:
        key = (entry["rule"], entry["subject"])
        seen.add(key)
        pairs.append(
            FindingPair(
                rule=entry["rule"],
                severity=entry["severity"],
                subject=entry["subject"],
                message=entry["message_ja"],
                frozen_state=entry["state"],
                frozen_justification=entry["justification"],
                live=live_by_key.get(key),
                message_en=entry.get("message_en", ""),
            )
        )
    for finding in live:
        if (finding.rule, finding.subject) not in seen:
            pairs.append(
                FindingPair(
                    rule=finding.rule,
                    severity=finding.severity,
                    subject=finding.subject,
                    message=finding.message_ja,
                    frozen_state="",
                    frozen_justification="",
                    live=finding,
                    message_en=finding.message_en,
                )
            )
    return pairs


def assessment_page(*, assessment: Assessment, user: Any) -> AssessmentPage:
    """Everything the assessment page shows, in a constant number of queries."""
    roles = roles_for(user, assessment)
    ready = readiness(assessment)
    period = CommentPeriod.objects.filter(assessment=assessment).first()
    comments = list(PublicComment.objects.filter(period=period).order_by("number")) if period else []
    review_comments = list(
        ReviewComment.objects.filter(assessment=assessment)
        .select_related("author", "version")
        .defer("version__document")
        .order_by("created_at", "id")
    )
    replies: dict[int, list[ReviewComment]] = {}
    for comment in review_comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in review_comments:
        comment.reply_list = replies.get(comment.pk, [])  # type: ignore[attr-defined]
    versions = list(
        AssessmentVersion.objects.filter(assessment=assessment).without_document().order_by("number")
    )
    latest = (
        AssessmentVersion.objects.filter(assessment=assessment).order_by("-number").first()
        if versions
        else None
    )
    return AssessmentPage(
        assessment=assessment,
        roles=roles,
        transitions=available(state=assessment.state, track=assessment.track, roles=roles),
        ready=ready,
        forms=ready.forms,
        sections=_sections(ready.forms, review_comments),
        period=period,
        comments=comments,
        review_comments=review_comments,
        decisions=list(
            Decision.objects.filter(assessment=assessment)
            .select_related("decided_by", "version")
            .defer("version__document")
        ),
        versions=versions,
        latest=latest,
        finding_pairs=_finding_pairs(latest, ready.findings),
    )
