"""Freezing a version, and the guards a submission must pass first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.assessments.answers import missing_required
from compliance.assessments.models import Assessment, AssessmentVersion, canonical_json, sha256_of
from compliance.assessments.prefill import CommentSummary
from compliance.assessments.selectors.facts import AffairFacts
from compliance.assessments.services.common import FilledForm, comment_summary, filled_forms, procedure_facts
from compliance.assessments.services.drafting import level_problem
from compliance.assessments.version_document import affair_findings, build_document
from compliance.checks.findings import VIOLATION
from compliance.checks.models import FindingState, StoredFinding
from compliance.checks.selectors import findings_for_organization
from compliance.lib.actors import Actor

#: Findings that the assessment itself remedies: they say an assessment is missing, late,
#: too low or lacks a step, so refusing the submission for them would block the cure.
#: They are still frozen into the version for the reviewer to read.
REMEDIED_BY_ASSESSMENT = frozenset(
    {
        "PIA-MISSING",
        "PIA-LEVEL",
        "PIA-LATE",
        "PIA-CHANGE",
        "PIA-COMMENT",
        "PIA-THIRD-PARTY",
        "PIA-APPROVAL",
        "PIA-STALE",
        "PIA-REVIEW",
        "LINKAGE-WITHOUT-ASSESSMENT",
    }
)


@dataclass
class Readiness:
    """Everything a submission needs, computed once; ``problems`` is empty when it may go."""

    facts: AffairFacts
    forms: list[FilledForm]
    findings: list[StoredFinding]
    summary: CommentSummary | None
    problems: list[str]

    @property
    def open_violations(self) -> int:
        return sum(
            1
            for f in self.findings
            if f.severity == VIOLATION and f.state in (FindingState.OPEN, FindingState.FIXED)
        )

    @property
    def justified(self) -> int:
        return sum(1 for f in self.findings if f.state == FindingState.JUSTIFIED)


def readiness(assessment: Assessment) -> Readiness:
    """Whether the assessment may be submitted, and why not (番号法第28条: a complete assessment).

    Refused while a required item is unanswered, while a violation found in the
    registry stands unanswered (neither justified nor reported fixed), while opinions
    from the public comment await moderation, and while the level is below what the
    threshold decision requires today.
    """
    summary = comment_summary(assessment)
    facts, forms = filled_forms(assessment, procedure=procedure_facts(assessment, summary=summary))
    findings = affair_findings(facts, list(findings_for_organization(organization=assessment.organization)))
    problems: list[str] = []
    for form in forms:
        for item in missing_required(form.spec, form.merged):
            section = form.spec.top_section_of(item.section_key)
            problems.append(
                _("%(form)s「%(section)s」: 「%(item)s」が未回答です。")
                % {
                    "form": form.row.get_form_display(),
                    "section": section.display_title(),
                    "item": item.label,
                }
            )
    for finding in findings:
        if (
            finding.severity == VIOLATION
            and finding.state == FindingState.OPEN
            and finding.rule not in REMEDIED_BY_ASSESSMENT
        ):
            problems.append(
                _("未対応の違反 %(rule)s（%(subject)s）: 是正するか理由を説明してください。")
                % {"rule": finding.rule, "subject": finding.subject}
            )
    if summary is not None and summary.pending:
        problems.append(
            _("確認待ちの意見が%(count)s件あります。公開するか非表示にしてください。")
            % {"count": summary.pending}
        )
    required = facts.threshold.required if facts.threshold else ()
    if problem := level_problem(level=assessment.level, required=required):
        problems.append(problem)
    return Readiness(facts=facts, forms=forms, findings=findings, summary=summary, problems=problems)


def version_freeze(
    *, assessment: Assessment, kind: str, acting_user: Actor, ready: Readiness | None = None
) -> AssessmentVersion:
    """Freeze the assessment as it stands into a new version (inside the caller's transaction)."""
    summary = ready.summary if ready else comment_summary(assessment)
    procedure = procedure_facts(assessment, summary=summary)
    if ready is None:
        facts, forms = filled_forms(assessment, procedure=procedure)
        findings = affair_findings(
            facts, list(findings_for_organization(organization=assessment.organization))
        )
    else:
        # Publication facts (date, approval) may have changed since the readiness check: refill.
        facts, forms = filled_forms(assessment, facts=ready.facts, procedure=procedure)
        findings = ready.findings
    number = (
        AssessmentVersion.objects.filter(assessment=assessment).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    now = timezone.now()
    document = build_document(
        assessment=assessment,
        number=number,
        kind=kind,
        frozen_at=now,
        facts=facts,
        procedure=procedure,
        forms=forms,
        findings=findings,
        submitted_by=getattr(acting_user, "username", "") or "",
    )
    text = canonical_json(document)
    version = AssessmentVersion(
        assessment=assessment,
        number=number,
        kind=kind,
        document=text,
        sha256=sha256_of(text),
        created_at=now,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    version.save()
    return version


def latest_version(assessment: Assessment) -> AssessmentVersion | None:
    return AssessmentVersion.objects.filter(assessment=assessment).order_by("-number").first()
