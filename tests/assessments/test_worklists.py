"""Dashboards as task lists: each entry is one click from the work it names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from compliance.assessments import services
from compliance.checks.models import FindingState, StoredFinding
from tests.assessments import factories

OFFICER_DASHBOARD = reverse("accounts:officer_dashboard")
COMMISSION_DASHBOARD = reverse("accounts:commission_dashboard")


def _finding(organization: Any, rule: str, severity: str, *, state: str = FindingState.OPEN) -> StoredFinding:
    now = timezone.now()
    return StoredFinding.objects.create(
        organization=organization, rule=rule, subject=f"affairs/{rule.lower()}", severity=severity,
        citation="番号法第9条", message_ja="指摘の内容", first_seen=now, last_seen=now, state=state,
    )  # fmt: skip


def test_the_officer_dashboard_links_the_registry_and_the_assessments(
    officer_a: Any, org_a: Any, client_for: Any
) -> None:
    body = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert reverse("registry:organization", kwargs={"pk": org_a.pk}) in body
    assert reverse("assessments:organization", kwargs={"pk": org_a.pk}) in body
    assert reverse("registry:import", kwargs={"pk": org_a.pk}) in body
    assert 'data-testid="task-none"' in body


def test_open_findings_are_counted_by_severity_and_answered_ones_are_not(
    officer_a: Any, org_a: Any, client_for: Any
) -> None:
    _finding(org_a, "BASIS-NONE", "violation")
    _finding(org_a, "PIA-LEVEL", "violation")
    _finding(org_a, "CARD-CONSENT", "warning")
    _finding(org_a, "PIA-REVIEW", "notice", state=FindingState.JUSTIFIED)
    body = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert "未対応の指摘事項 3 件" in body
    assert "違反 2・警告 1・注意 0" in body
    assert f"{reverse('registry:organization', kwargs={'pk': org_a.pk})}#findings" in body


def test_a_draft_and_a_change_request_each_link_to_their_assessment(
    affair_basic: Any, affair_full: Any, officer_a: Any, approver_a: Any, reviewer: Any, client_for: Any
) -> None:
    draft = factories.draft(affair_full, officer_a, level="full")
    returned = factories.in_review(
        factories.draft(affair_basic, officer_a, level="basic"), officer_a, approver_a, reviewer
    )
    returned = services.review_request_changes(
        assessment=returned, reasons="Ⅳの記載を補ってください。", acting_user=reviewer, expected_version=None
    )
    body = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert body.count('data-testid="task-change-request"') == 1
    assert body.count('data-testid="task-draft"') == 1
    assert reverse("assessments:detail", kwargs={"pk": returned.pk}) in body
    assert reverse("assessments:detail", kwargs={"pk": draft.pk}) in body
    assert "準備中" not in body


def test_a_comment_period_past_its_last_day_asks_to_be_closed(
    affair_full: Any, officer_a: Any, client_for: Any
) -> None:
    assessment = factories.answer_everything(factories.draft(affair_full, officer_a, level="full"), officer_a)
    today = timezone.localdate()
    services.comment_period_open(
        assessment=assessment, starts_on=today, ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a, expected_version=None,
    )  # fmt: skip
    body = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert 'data-testid="task-close-period"' not in body  # still running
    factories.let_period_pass(assessment)
    body = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert 'data-testid="task-close-period"' in body
    assert reverse("assessments:comments", kwargs={"pk": assessment.pk}) in body


def test_only_the_approver_is_shown_what_is_ready_to_submit(
    affair_basic: Any, officer_a: Any, approver_a: Any, client_for: Any
) -> None:
    factories.answer_everything(factories.draft(affair_basic, officer_a, level="basic"), officer_a)
    approver = client_for(approver_a).get(OFFICER_DASHBOARD).content.decode()
    officer = client_for(officer_a).get(OFFICER_DASHBOARD).content.decode()
    assert 'data-testid="task-submit"' in approver and 'data-testid="task-submit"' not in officer
    assert 'data-testid="nav-ready"' in approver and 'data-testid="nav-ready"' not in officer
    assert "予防接種に関する事務" in approver.split('data-testid="ready-to-submit"')[1]


def test_the_reviewer_dashboard_lists_assigned_and_unassigned_submissions_oldest_first(
    org_a: Any, officer_a: Any, approver_a: Any, reviewer: Any, forms: Any, client_for: Any
) -> None:
    older = factories.submitted(
        factories.draft(factories.affair_with_file(org_a, name="古い事務", persons=5_000, handlers=3), officer_a, level="basic"),
        officer_a, approver_a,
    )  # fmt: skip
    newer = factories.submitted(
        factories.draft(factories.affair_with_file(org_a, name="新しい事務", persons=5_000, handlers=3), officer_a, level="basic"),
        officer_a, approver_a,
    )  # fmt: skip
    mine = factories.submitted(
        factories.draft(factories.affair_with_file(org_a, name="担当の事務", persons=5_000, handlers=3), officer_a, level="basic"),
        officer_a, approver_a,
    )  # fmt: skip
    type(older).objects.filter(pk=older.pk).update(submitted_at=timezone.now() - dt.timedelta(days=9))
    services.review_assign(assessment=mine, reviewer=reviewer, acting_user=reviewer)
    body = client_for(reviewer).get(COMMISSION_DASHBOARD).content.decode()
    unassigned = body.split('data-testid="review-unassigned"')[1]
    assert unassigned.index("古い事務") < unassigned.index("新しい事務")
    assert (
        "担当の事務" in body.split('data-testid="review-mine"')[1].split('data-testid="review-unassigned"')[0]
    )
    assert reverse("assessments:detail", kwargs={"pk": newer.pk}) in body
    assert "準備中" not in body


def test_a_submission_another_reviewer_holds_is_listed_one_click_away(
    org_a: Any,
    officer_a: Any,
    approver_a: Any,
    reviewer: Any,
    commission_admin: Any,
    forms: Any,
    client_for: Any,
) -> None:
    held = factories.submitted(
        factories.draft(factories.affair_with_file(org_a, name="他の審査官の事務", persons=5_000, handlers=3), officer_a, level="basic"),
        officer_a, approver_a,
    )  # fmt: skip
    services.review_assign(assessment=held, reviewer=reviewer, acting_user=reviewer)
    body = client_for(commission_admin).get(COMMISSION_DASHBOARD).content.decode()
    others = body.split('data-testid="review-others"')[1].split("</ul>")[0]
    assert reverse("assessments:detail", kwargs={"pk": held.pk}) in others
    assert "他の審査官の事務" in others and reviewer.username in others


def test_an_officer_of_one_body_has_its_registry_in_the_header(
    officer_a: Any, org_a: Any, client_for: Any
) -> None:
    body = client_for(officer_a).get(reverse("public:home")).content.decode()
    assert 'data-testid="nav-registry"' in body
    assert reverse("registry:organization", kwargs={"pk": org_a.pk}) in body


def test_the_home_page_lists_the_open_comment_periods_with_the_days_left(
    affair_full: Any, officer_a: Any
) -> None:
    assessment = factories.answer_everything(factories.draft(affair_full, officer_a, level="full"), officer_a)
    today = timezone.localdate()
    services.comment_period_open(
        assessment=assessment, starts_on=today, ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a, expected_version=None,
    )  # fmt: skip
    body = Client().get(reverse("public:home")).content.decode()
    periods = body.split('data-testid="home-periods"')[1]
    assert reverse("assessments:public_comment", kwargs={"pk": assessment.pk}) in periods
    assert "残り 30 日" in periods  # today and the 29 days after it, both ends counted
    assert 'data-testid="home-search"' in body
