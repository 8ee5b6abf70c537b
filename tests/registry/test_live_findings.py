"""Live findings: every re-check merges the engine's findings into the stored ones, state by state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.audit.models import AuditEvent
from compliance.checks.models import FindingState, StoredFinding
from compliance.checks.services import finding_answer, findings_refresh
from compliance.checks.tasks import refresh_findings
from compliance.registry import services
from tests.registry import factories

pytestmark = pytest.mark.django_db

TWO_FACTOR = ("SEC-TWO-FACTOR", "terminals/t1")


@pytest.fixture
def terminal(city):
    """A standalone terminal without two factors on which an affair reads the number (SEC-TWO-FACTOR)."""
    affair = factories.affair(city)
    factories.file(city, [affair])
    terminal = factories.terminal(city, connection="standalone", two_factor=False)
    factories.card_flow(city, affair, terminal)
    return terminal


def _finding(city, key=TWO_FACTOR):
    return StoredFinding.objects.get(organization=city, rule=key[0], subject=key[1])


def _set_two_factor(terminal, value):
    terminal.refresh_from_db()
    services.terminal_update(
        terminal=terminal, acting_user=None, expected_version=terminal.version, two_factor=value
    )


def test_a_new_finding_is_stored_open(city, terminal):
    result = findings_refresh(organization=city)

    finding = _finding(city)
    assert finding.state == FindingState.OPEN
    assert finding.first_seen == finding.last_seen
    assert (finding.severity, finding.citation) == ("warning", "番号法第12条")
    assert "SEC-TWO-FACTOR terminals/t1" in result.opened


def test_a_finding_still_reported_is_seen_again_without_becoming_new(city, terminal):
    findings_refresh(organization=city)
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    StoredFinding.objects.update(first_seen=long_ago, last_seen=long_ago)

    result = findings_refresh(organization=city)

    finding = _finding(city)
    assert finding.first_seen == long_ago < finding.last_seen
    assert finding.state == FindingState.OPEN
    assert not result.changed


def test_a_finding_that_disappears_is_resolved(city, terminal):
    findings_refresh(organization=city)
    _set_two_factor(terminal, True)

    result = findings_refresh(organization=city)

    finding = _finding(city)
    assert finding.state == FindingState.RESOLVED and finding.resolved_at is not None
    assert "SEC-TWO-FACTOR terminals/t1" in result.resolved


def test_the_next_check_confirms_a_fix(city, terminal, officer):
    findings_refresh(organization=city)
    finding_answer(finding=_finding(city), acting_user=officer, answer="fixed")
    _set_two_factor(terminal, True)

    findings_refresh(organization=city)

    assert _finding(city).state == FindingState.RESOLVED


def test_a_fix_the_next_check_does_not_confirm_reopens_the_finding(city, terminal, officer):
    findings_refresh(organization=city)
    finding_answer(finding=_finding(city), acting_user=officer, answer="fixed")

    result = findings_refresh(organization=city)

    finding = _finding(city)
    assert (finding.state, finding.reopened_count, finding.answered_by) == (FindingState.OPEN, 1, None)
    assert "SEC-TWO-FACTOR terminals/t1" in result.reopened
    event = AuditEvent.objects.get(action="compliance.finding.reopened")
    assert event.data == {"rule": "SEC-TWO-FACTOR", "subject": "terminals/t1", "previous_state": "fixed"}


def test_a_resolved_finding_that_reappears_is_reopened(city, terminal):
    findings_refresh(organization=city)
    _set_two_factor(terminal, True)
    findings_refresh(organization=city)
    _set_two_factor(terminal, False)

    findings_refresh(organization=city)

    finding = _finding(city)
    assert (finding.state, finding.reopened_count, finding.resolved_at) == (FindingState.OPEN, 1, None)
    assert (
        AuditEvent.objects.filter(action="compliance.finding.reopened", target_id=str(finding.pk)).count()
        == 1
    )


def test_a_justified_finding_stays_justified_while_it_is_reported(city, terminal, officer):
    findings_refresh(organization=city)
    finding_answer(
        finding=_finding(city),
        acting_user=officer,
        answer="justified",
        reason="端末は施錠された部屋にあり生体認証で入室管理している",
    )

    findings_refresh(organization=city)

    finding = _finding(city)
    assert finding.state == FindingState.JUSTIFIED
    assert finding.justification.startswith("端末は施錠")
    assert finding.answered_by == officer


def test_a_justification_needs_a_reason(city, terminal, officer):
    findings_refresh(organization=city)

    with pytest.raises(ValidationError) as caught:
        finding_answer(finding=_finding(city), acting_user=officer, answer="justified", reason="  ")

    assert "reason" in caught.value.message_dict
    assert _finding(city).state == FindingState.OPEN


def test_a_reason_holding_a_my_number_is_refused(city, terminal, officer):
    findings_refresh(organization=city)

    with pytest.raises(ValidationError):
        finding_answer(
            finding=_finding(city), acting_user=officer, answer="justified", reason="123456789018 の件"
        )

    assert not AuditEvent.objects.filter(action="compliance.finding.answered").exists()


def test_an_answer_is_one_audited_write(city, terminal, officer):
    findings_refresh(organization=city)

    finding_answer(finding=_finding(city), acting_user=officer, answer="fixed")

    event = AuditEvent.objects.get(action="compliance.finding.answered")
    assert (event.actor_id, event.data["answer"]) == (officer.pk, "fixed")


def test_a_resolved_finding_cannot_be_answered(city, terminal, officer):
    findings_refresh(organization=city)
    _set_two_factor(terminal, True)
    findings_refresh(organization=city)

    with pytest.raises(ValidationError):
        finding_answer(finding=_finding(city), acting_user=officer, answer="fixed")


def test_an_unknown_answer_is_refused(city, terminal, officer):
    findings_refresh(organization=city)

    with pytest.raises(ValidationError):
        finding_answer(finding=_finding(city), acting_user=officer, answer="ignored")


def test_a_recheck_that_changes_nothing_leaves_no_audit_event(city, terminal):
    findings_refresh(organization=city)
    before = AuditEvent.objects.filter(action="compliance.findings.refreshed").count()

    findings_refresh(organization=city)

    assert AuditEvent.objects.filter(action="compliance.findings.refreshed").count() == before == 1


def test_findings_appear_after_a_registry_write_commits(city, terminal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, name="窓口端末B")

    assert _finding(city).message_ja.startswith("個人番号を読み取る端末「窓口端末B」")


def test_the_task_ignores_an_organisation_that_no_longer_exists(db):
    assert refresh_findings(987654) == {}


def test_each_organisation_only_gets_its_own_findings(city, other_city, terminal):
    findings_refresh(organization=other_city)

    assert not StoredFinding.objects.filter(organization=other_city).exists()


def _recheck_queries(organization, extra):
    """Queries of a re-check that resolves one finding and keeps ``extra`` others."""
    affair = factories.affair(organization)
    factories.file(organization, [affair])
    terminals = [factories.terminal(organization, two_factor=False) for _ in range(extra + 1)]
    for terminal in terminals:
        factories.card_flow(organization, affair, terminal)
    findings_refresh(organization=organization)
    _set_two_factor(terminals[0], True)
    with CaptureQueriesContext(connection) as queries:
        findings_refresh(organization=organization)
    assert StoredFinding.objects.filter(organization=organization, rule="SEC-TWO-FACTOR").count() == extra + 1
    return len(queries)


def test_a_recheck_costs_the_same_number_of_queries_whatever_the_size(city, other_city):
    assert _recheck_queries(city, 0) == _recheck_queries(other_city, 40)
