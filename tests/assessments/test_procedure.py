"""The body's procedure through the services: public comment, third-party review, submission, end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from compliance.assessments import services
from compliance.assessments.models import AssessmentVersion, CommentPeriod
from compliance.assessments.services.common import filled_forms
from compliance.assessments.workflow import Incomplete, TransitionRefused
from compliance.audit.models import AuditEvent
from compliance.checks.models import StoredFinding
from compliance.lib.dates import add_years
from tests.assessments import factories

DAY = dt.timedelta(days=1)


def _open(assessment: Any, officer: Any, today: dt.date, days: int, reason: str = "") -> Any:
    return services.comment_period_open(
        assessment=assessment,
        starts_on=today,
        ends_on=today + (days - 1) * DAY,
        acting_user=officer,
        expected_version=None,
        shortened_reason=reason,
    )


# --- public comment: the 30-day rule ------------------------------------------------------------


def test_a_comment_period_of_thirty_days_both_ends_counted_is_accepted(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    assessment = _open(full_draft, officer_a, today, 30)
    assert assessment.state == "comment_open"
    assert CommentPeriod.objects.get(assessment=assessment).days == 30


def test_a_period_of_twenty_nine_days_without_a_reason_is_refused(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    with pytest.raises(ValidationError) as refused:
        _open(full_draft, officer_a, today, 29)
    assert "30日以上" in str(refused.value.message_dict["ends_on"])
    full_draft.refresh_from_db()
    assert full_draft.state == "draft"


def test_a_shortened_period_needs_a_reason_that_then_appears_in_the_form(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    _open(full_draft, officer_a, today, 14, reason="法改正の施行日が迫っているため")
    full_draft.refresh_from_db()
    _facts, forms = filled_forms(full_draft)
    full = next(f for f in forms if f.form == "full")
    assert full.filled["public_comment_shortened_reason"] == "法改正の施行日が迫っているため"
    assert full.filled["public_comment_from"] == today.isoformat()


def test_a_reason_given_for_a_full_length_period_is_not_recorded(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    _open(full_draft, officer_a, today, 31, reason="念のため")
    assert CommentPeriod.objects.get(assessment=full_draft).shortened_reason == ""


def test_a_period_cannot_start_in_the_past(full_draft: Any, officer_a: Any, today: dt.date) -> None:
    with pytest.raises(ValidationError):
        _open(full_draft, officer_a, today - DAY, 31)


def test_a_basic_assessment_has_no_public_comment(basic_draft: Any, officer_a: Any, today: dt.date) -> None:
    with pytest.raises(TransitionRefused) as refused:
        _open(basic_draft, officer_a, today, 30)
    assert refused.value.code == "track"


def test_the_period_cannot_be_closed_before_its_last_day_has_passed(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    assessment = _open(full_draft, officer_a, today, 30)
    with pytest.raises(TransitionRefused):
        services.comment_period_close(assessment=assessment, acting_user=officer_a, today=today + 29 * DAY)
    closed = services.comment_period_close(
        assessment=assessment, acting_user=officer_a, today=today + 30 * DAY
    )
    assert closed.state == "comment_closed"


def test_the_daily_job_may_close_an_expired_period(full_draft: Any, officer_a: Any, today: dt.date) -> None:
    assessment = _open(full_draft, officer_a, today, 30)
    closed = services.comment_period_close(assessment=assessment, acting_user=None, today=today + 31 * DAY)
    assert closed.state == "comment_closed"


# --- third-party review and submission -----------------------------------------------------------------


def test_submission_is_the_approvers_act(basic_draft: Any, officer_a: Any) -> None:
    factories.answer_everything(basic_draft, officer_a)
    with pytest.raises(TransitionRefused) as refused:
        services.assessment_submit(assessment=basic_draft, acting_user=officer_a, expected_version=None)
    assert refused.value.code == "role"


def test_submission_is_refused_while_required_items_are_unanswered(basic_draft: Any, approver_a: Any) -> None:
    with pytest.raises(Incomplete) as refused:
        services.assessment_submit(assessment=basic_draft, acting_user=approver_a, expected_version=None)
    assert any("「事務の概要」が未回答です" in p for p in refused.value.problems)
    basic_draft.refresh_from_db()
    assert basic_draft.state == "draft"
    assert not AssessmentVersion.objects.exists()


def _violation(assessment: Any, rule: str = "BASIS-BODY") -> StoredFinding:
    from django.utils import timezone

    now = timezone.now()
    return StoredFinding.objects.create(
        organization=assessment.organization,
        rule=rule,
        subject=f"affairs/{assessment.affair.ref}",
        severity="violation",
        citation="番号法第9条",
        message_ja="…",
        first_seen=now,
        last_seen=now,
    )


def test_submission_is_refused_while_a_violation_stands_unjustified(
    basic_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    factories.answer_everything(basic_draft, officer_a)
    finding = _violation(basic_draft)
    with pytest.raises(Incomplete) as refused:
        services.assessment_submit(assessment=basic_draft, acting_user=approver_a, expected_version=None)
    assert any("BASIS-BODY" in p for p in refused.value.problems)
    from compliance.checks.services import finding_answer

    finding_answer(finding=finding, acting_user=officer_a, answer="justified", reason="条例で定めている。")
    submitted = services.assessment_submit(
        assessment=basic_draft, acting_user=approver_a, expected_version=None
    )
    assert submitted.state == "submitted"
    assert submitted.justified_findings == 1


def test_a_finding_that_the_assessment_itself_cures_does_not_block_it(
    basic_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    factories.answer_everything(basic_draft, officer_a)
    _violation(basic_draft, rule="PIA-MISSING")
    submitted = services.assessment_submit(
        assessment=basic_draft, acting_user=approver_a, expected_version=None
    )
    assert submitted.state == "submitted"
    assert submitted.open_violations == 1


def test_a_violation_about_another_affair_does_not_block_this_one(
    org_a: Any, basic_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    factories.answer_everything(basic_draft, officer_a)
    other = factories.affair_with_file(org_a, name="別の事務", persons=10, handlers=1)
    from django.utils import timezone

    now = timezone.now()
    StoredFinding.objects.create(
        organization=org_a,
        rule="BASIS-NONE",
        subject=f"affairs/{other.ref}",
        severity="violation",
        message_ja="…",
        first_seen=now,
        last_seen=now,
    )
    assert services.assessment_submit(assessment=basic_draft, acting_user=approver_a, expected_version=None)


def test_submission_freezes_a_hashed_version_and_is_audited(
    basic_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    submitted = factories.submitted(basic_draft, officer_a, approver_a)
    version = AssessmentVersion.objects.get(assessment=submitted)
    assert version.number == 1 and version.kind == "submission"
    assert version.hash_is_intact()
    assert version.data["forms"][0]["definition"]["key"] == "basic-2024-05"
    assert version.data["forms"][0]["answers"]["affair_name"] == "予防接種に関する事務"
    event = AuditEvent.objects.get(action="compliance.assessment.submitted")
    assert event.data["sha256"] == version.sha256


def test_a_local_full_assessment_goes_through_comment_and_third_party_review(
    full_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    factories.answer_everything(full_draft, officer_a)
    closed = factories.through_comment(full_draft, officer_a)
    with pytest.raises(TransitionRefused) as refused:
        services.assessment_submit(assessment=closed, acting_user=approver_a, expected_version=None)
    assert refused.value.code == "state"
    reviewed = services.third_party_review_record(
        assessment=closed,
        reviewed_on=closed.comment_period.ends_on,
        method="審議会",
        result="適当",
        acting_user=officer_a,
        expected_version=None,
    )
    submitted = services.assessment_submit(assessment=reviewed, acting_user=approver_a, expected_version=None)
    document = AssessmentVersion.objects.get(assessment=submitted).data
    assert document["procedure"]["third_party_review"]["method"] == "審議会"
    full = next(f for f in document["forms"] if f["form"] == "full")
    assert full["answers"]["third_party_review_on"] == closed.comment_period.ends_on.isoformat()
    assert full["answers"]["public_comment_opinions"].startswith("意見の件数: 0件")


def test_the_third_party_review_needs_a_method_and_a_result(
    full_draft: Any, officer_a: Any, today: dt.date
) -> None:
    closed = factories.through_comment(full_draft, officer_a)
    with pytest.raises(ValidationError):
        services.third_party_review_record(
            assessment=closed,
            reviewed_on=today,
            method="",
            result="",
            acting_user=officer_a,
            expected_version=None,
        )


def test_a_national_body_submits_after_comment_and_the_commission_approves(
    forms: Any, today: dt.date
) -> None:
    from compliance.accounts.models import MembershipRole
    from tests.conftest import with_device
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

    ministry = OrganizationFactory(
        name="デジタル庁", kind="national_body", body="minister", code="digital", prefecture=""
    )
    officer = with_device(MembershipFactory(organization=ministry, role=MembershipRole.OFFICER).user)
    approver = with_device(MembershipFactory(organization=ministry, role=MembershipRole.APPROVER).user)
    reviewer = with_device(UserFactory(commission_role="reviewer"))
    affair = factories.affair_with_file(ministry, persons=400_000, handlers=50, basis_kind="related")
    assessment = factories.in_review(
        factories.draft(affair, officer, level="full"), officer, approver, reviewer
    )
    with pytest.raises(TransitionRefused):
        services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    approved = services.review_approve(assessment=assessment, acting_user=reviewer, expected_version=None)
    assert approved.state == "approved" and approved.ppc_approval_on == today
    published = services.assessment_publish(assessment=approved, acting_user=reviewer, expected_version=None)
    version = AssessmentVersion.objects.filter(assessment=published).latest("number")
    full = next(f for f in version.data["forms"] if f["form"] == "full")
    assert full["answers"]["ppc_approved_on"] == today.isoformat()
    assert full["answers"]["published_on"] == today.isoformat()


# --- withdrawal, end, re-assessment ----------------------------------------------------------------


def test_the_approver_may_withdraw_a_submission_with_a_reason(
    basic_draft: Any, officer_a: Any, approver_a: Any
) -> None:
    submitted = factories.submitted(basic_draft, officer_a, approver_a)
    with pytest.raises(ValidationError):
        services.assessment_withdraw(
            assessment=submitted, reason="", acting_user=approver_a, expected_version=None
        )
    withdrawn = services.assessment_withdraw(
        assessment=submitted, reason="事務の見直しのため", acting_user=approver_a, expected_version=None
    )
    assert withdrawn.state == "withdrawn"


def _published(draft: Any, officer: Any, approver: Any, reviewer: Any) -> Any:
    assessment = factories.in_review(draft, officer, approver, reviewer)
    assessment = services.review_accept(assessment=assessment, acting_user=reviewer, expected_version=None)
    return services.assessment_publish(assessment=assessment, acting_user=reviewer, expected_version=None)


def test_an_ended_affair_stays_published_three_years_marked_ended(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, today: dt.date
) -> None:
    published = _published(basic_draft, officer_a, approver_a, reviewer)
    ended = services.assessment_end(
        assessment=published, ended_on=today, acting_user=officer_a, expected_version=None
    )
    assert ended.state == "ended"
    assert ended.public_until == add_years(today, 3)
    assert ended.display_title.startswith("【終了】")


def test_publication_tells_the_registry_so_the_checks_see_the_assessment(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, today: dt.date
) -> None:
    from compliance.registry.models import DeclaredAssessment

    published = _published(basic_draft, officer_a, approver_a, reviewer)
    declared = DeclaredAssessment.objects.get(affair=published.affair)
    assert (declared.level, declared.published_on) == ("basic", today)


def test_a_reassessment_starts_a_new_draft_from_the_last_version(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    published = _published(basic_draft, officer_a, approver_a, reviewer)
    again = services.reassessment_start(
        assessment=published, reason="important_change", acting_user=officer_a
    )
    assert again.state == "draft" and again.previous == published
    _facts, forms = filled_forms(again)
    assert forms[0].answers["affair_content"] == factories.SAMPLE["long_text"]
    assert "affair_name" not in forms[0].answers  # filled from the registry again, not copied


def test_a_reassessment_follows_a_raised_threshold(
    org_a: Any, basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any
) -> None:
    from compliance.registry import services as registry_services
    from compliance.registry.models import SpecificFile

    published = _published(basic_draft, officer_a, approver_a, reviewer)
    file = SpecificFile.objects.get(affairs=published.affair)
    registry_services.file_update(
        file=file, acting_user=officer_a, expected_version=file.version, persons=150_000
    )
    again = services.reassessment_start(assessment=published, reason="threshold_rise", acting_user=officer_a)
    assert again.level == "key"


def test_the_yearly_review_is_recorded_on_a_published_assessment(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, today: dt.date
) -> None:
    published = _published(basic_draft, officer_a, approver_a, reviewer)
    reviewed = services.yearly_review_record(assessment=published, reviewed_on=today, acting_user=officer_a)
    assert reviewed.last_review_on == today


def test_the_portal_reads_the_publication_version(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, today: dt.date
) -> None:
    from compliance.assessments.selectors import publication_version

    assert publication_version(assessment=basic_draft) is None
    published = _published(basic_draft, officer_a, approver_a, reviewer)
    version = publication_version(assessment=published)
    assert version.kind == "publication"
    assert version.data["procedure"]["published_on"] == today.isoformat()


@pytest.mark.django_db(transaction=True)
def test_the_yearly_review_clears_pia_review(
    basic_draft: Any, officer_a: Any, approver_a: Any, reviewer: Any, today: dt.date
) -> None:
    """Issue 14, item 3: recording the yearly review clears PIA-REVIEW (it once stayed open)."""
    from compliance.checks.models import FindingState, StoredFinding
    from compliance.checks.services import findings_refresh
    from compliance.registry.models import DeclaredAssessment

    published = _published(basic_draft, officer_a, approver_a, reviewer)
    two_years_ago = today.replace(year=today.year - 2)
    type(published).objects.filter(pk=published.pk).update(published_on=two_years_ago, last_review_on=None)
    DeclaredAssessment.objects.filter(organization=published.organization).update(
        published_on=two_years_ago, last_review_on=two_years_ago
    )
    findings_refresh(organization=published.organization)
    open_review = StoredFinding.objects.filter(
        organization=published.organization, rule="PIA-REVIEW"
    ).exclude(state=FindingState.RESOLVED)
    assert open_review.exists(), "the setting did not raise PIA-REVIEW"

    published.refresh_from_db()
    services.yearly_review_record(assessment=published, reviewed_on=today, acting_user=officer_a)
    assert not open_review.exists()
