"""The commission's findings across every organisation, filtered by rule, severity, prefecture and body."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from compliance.checks.models import FindingState, StoredFinding

FINDINGS = reverse("checks:findings")


def _finding(organization: Any, rule: str, severity: str, *, state: str = FindingState.OPEN) -> StoredFinding:
    now = timezone.now()
    return StoredFinding.objects.create(
        organization=organization, rule=rule, subject=f"affairs/{rule.lower()}", severity=severity,
        citation="番号法第19条", message_ja=f"{rule} の内容", first_seen=now, last_seen=now, state=state,
    )  # fmt: skip


def _rules(client: Any, query: str = "") -> list[str]:
    body = client.get(f"{FINDINGS}?{query}").content.decode()
    table = body.split('data-testid="findings"')[1]
    return sorted(
        rule
        for rule in ("BASIS-NONE", "CARD-CONSENT", "PIA-LEVEL", "PIA-REVIEW")
        if f"{rule} の内容" in table
    )


def test_a_reviewer_sees_every_bodys_unresolved_findings(
    org_a: Any, org_b: Any, reviewer: Any, client_for: Any
) -> None:
    _finding(org_a, "BASIS-NONE", "violation")
    _finding(org_b, "CARD-CONSENT", "warning")
    _finding(org_b, "PIA-REVIEW", "notice", state=FindingState.RESOLVED)
    assert _rules(client_for(reviewer)) == ["BASIS-NONE", "CARD-CONSENT"]


def test_the_filters_narrow_by_rule_severity_prefecture_and_organisation(
    org_a: Any, org_b: Any, reviewer: Any, client_for: Any
) -> None:
    _finding(org_a, "BASIS-NONE", "violation")
    _finding(org_a, "PIA-LEVEL", "violation")
    _finding(org_b, "CARD-CONSENT", "warning")
    client = client_for(reviewer)
    assert _rules(client, "rule=PIA-LEVEL") == ["PIA-LEVEL"]
    assert _rules(client, "severity=warning") == ["CARD-CONSENT"]
    assert _rules(client, f"organization={org_a.pk}") == ["BASIS-NONE", "PIA-LEVEL"]
    assert _rules(client, f"prefecture={org_b.prefecture}") == (
        ["CARD-CONSENT"]
        if org_a.prefecture != org_b.prefecture
        else ["BASIS-NONE", "CARD-CONSENT", "PIA-LEVEL"]
    )


def test_the_rule_filter_names_each_rule_and_its_family(reviewer: Any, client_for: Any) -> None:
    body = client_for(reviewer).get(FINDINGS).content.decode()
    assert "BASIS-NONE 利用の根拠がない（利用の根拠）" in body
    assert "CARD-CONSENT 在留カード等の読取りに本人の同意の記録がない（カードの読取り・書込み）" in body


def test_officers_are_refused(officer_a: Any, client_for: Any) -> None:
    assert client_for(officer_a).get(FINDINGS).status_code == 403
