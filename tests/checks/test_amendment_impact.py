"""Amendment impact: a catalog change re-checks exactly the organisations it concerns and reports it."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.accounts.models import Organization
from compliance.audit.models import AuditEvent
from compliance.checks import rechecks
from compliance.checks.dependencies import RecordingCatalog, permission_token, rows_token
from compliance.checks.models import (
    CatalogDependency,
    CatalogImpact,
    CatalogRecheck,
    FindingState,
    RecheckState,
    StoredFinding,
)
from compliance.law import models as m
from compliance.law.services import catalog_apply, catalog_record_save
from compliance.registry.importing import declaration_import

pytestmark = pytest.mark.django_db(transaction=False)

LINKAGE = ("LINKAGE-NOT-PERMITTED", "provisions/p1")

CHILD_ALLOWANCE: dict[str, Any] = {
    "format": "pia-declaration/1",
    "organization": {"name": "架空市", "code": "999997", "kind": "municipality", "body": "mayor"},
    "affairs": [
        {
            "id": "a1",
            "name": "児童手当の支給に関する事務",
            "uses_number": True,
            "basis": {"kind": "schedule", "statute": "児童手当法", "affair": "児童手当"},
        }
    ],
    "provisions": [
        {
            "id": "p1",
            "affair": "a1",
            "direction": "receive",
            "channel": "network",
            "counterparty": {"name": "他市町村長", "kind": "municipality", "body": "mayor"},
            "categories": ["地方税関係情報"],
        }
    ],
}

#: A body whose registry consults no linkage permission: one terminal, nothing else.
TERMINAL_ONLY: dict[str, Any] = {
    "format": "pia-declaration/1",
    "organization": {"name": "架空町", "code": "999989", "kind": "municipality", "body": "mayor"},
    "terminals": [{"id": "t1", "name": "窓口端末", "connection": "standalone"}],
}

END_PERMISSION = {
    "format": "catalog-change/1",
    "effective_on": "2026-01-05",
    "source": "令和8年主務省令（試験用）",
    "end": {"linkage_permissions": ["child_allowance_local_tax"]},
}


@pytest.fixture
def shipped_catalog() -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())


def _import(document: dict[str, Any], django_capture_on_commit_callbacks: Any) -> Organization:
    with django_capture_on_commit_callbacks(execute=True):
        result = declaration_import(data=copy.deepcopy(document), acting_user=None)
    assert result.organization is not None
    return result.organization


@pytest.fixture
def bodies(
    shipped_catalog: None, django_capture_on_commit_callbacks: Any
) -> tuple[Organization, Organization]:
    return (
        _import(CHILD_ALLOWANCE, django_capture_on_commit_callbacks),
        _import(TERMINAL_ONLY, django_capture_on_commit_callbacks),
    )


def _linkage_finding(city: Organization) -> StoredFinding | None:
    return StoredFinding.objects.filter(organization=city, rule=LINKAGE[0], subject=LINKAGE[1]).first()


def _apply(change_set: dict[str, Any], django_capture_on_commit_callbacks: Any) -> m.ChangeSet:
    with django_capture_on_commit_callbacks(execute=True):
        result = catalog_apply(change_set=copy.deepcopy(change_set), acting_user=None)
    assert result.change_set is not None
    return result.change_set


def test_ending_a_permission_opens_the_finding_without_a_registry_edit_and_reports_it(
    bodies, django_capture_on_commit_callbacks, monkeypatch
):
    city, town = bodies
    assert _linkage_finding(city) is None  # permitted today
    rechecked: list[int] = []
    refresh = rechecks.findings_refresh

    def counting_refresh(*, organization, as_of=None):
        rechecked.append(organization.pk)
        return refresh(organization=organization, as_of=as_of)

    monkeypatch.setattr(rechecks, "findings_refresh", counting_refresh)

    change_set = _apply(END_PERMISSION, django_capture_on_commit_callbacks)

    finding = _linkage_finding(city)
    assert finding is not None and finding.state == FindingState.OPEN
    assert rechecked == [city.pk]  # the town consulted no permission: not re-checked
    recheck = CatalogRecheck.objects.get(change_set=change_set)
    assert recheck.state == RecheckState.DONE
    assert (recheck.organizations_total, recheck.organizations_checked) == (1, 1)
    impact = CatalogImpact.objects.get(recheck=recheck)
    assert impact.organization == city
    assert impact.opened == ["LINKAGE-NOT-PERMITTED provisions/p1"]
    assert not CatalogImpact.objects.filter(organization=town).exists()
    assert AuditEvent.objects.filter(action="compliance.findings.catalog_rechecked").exists()


def test_adding_the_permission_back_resolves_the_finding_and_reports_the_loss(
    bodies, django_capture_on_commit_callbacks
):
    city, _town = bodies
    _apply(END_PERMISSION, django_capture_on_commit_callbacks)
    restore = {
        "format": "catalog-change/1",
        "effective_on": "2026-02-02",
        "source": "令和8年主務省令（試験用、再追加）",
        "add": {
            "linkage_permissions": [
                {
                    "key": "child_allowance_local_tax",
                    "requester_row": "child_allowance",
                    "category": "地方税関係情報",
                    "providers": [
                        {"label": "市町村長", "kinds": ["municipality", "special_ward"], "body": "mayor"}
                    ],
                }
            ]
        },
    }

    change_set = _apply(restore, django_capture_on_commit_callbacks)

    finding = _linkage_finding(city)
    assert finding is not None and finding.state == FindingState.RESOLVED
    impact = CatalogImpact.objects.get(recheck__change_set=change_set)
    assert impact.resolved == ["LINKAGE-NOT-PERMITTED provisions/p1"] and impact.gained == []


def test_a_change_no_check_consulted_re_checks_nobody(bodies, django_capture_on_commit_callbacks):
    statute = {
        "format": "catalog-change/1",
        "effective_on": "2026-03-02",
        "source": "試験用",
        "end": {"linkage_permissions": ["beppyo2-75-1-1"]},
    }
    recheck_before = CatalogRecheck.objects.count()

    change_set = _apply(statute, django_capture_on_commit_callbacks)

    recheck = CatalogRecheck.objects.get(change_set=change_set)
    assert CatalogRecheck.objects.count() == recheck_before + 1
    assert recheck.organizations_checked == 0 and not recheck.impacts.exists()


def test_an_admin_correction_re_checks_the_bodies_that_consulted_the_record_as_it_was(
    bodies, django_capture_on_commit_callbacks, commission_admin
):
    city, _town = bodies
    permission = m.LinkagePermission.objects.get(key="child_allowance_local_tax", in_force_until=None)
    permission.category = (
        "戸籍関係情報"  # a correction that moves the permission away from the city's linkage
    )

    with django_capture_on_commit_callbacks(execute=True):
        catalog_record_save(obj=permission, changed_fields=["category"], acting_user=commission_admin)

    assert _linkage_finding(city) is not None
    change_set = m.ChangeSet.objects.filter(kind=m.ChangeSetKind.CORRECTION).latest("id")
    assert CatalogImpact.objects.filter(recheck__change_set=change_set, organization=city).exists()


def test_the_index_records_what_the_check_asked_even_where_nothing_was_found(bodies):
    city, town = bodies

    def tokens(organization):
        return set(
            CatalogDependency.objects.filter(organization=organization).values_list("token", flat=True)
        )

    assert {
        rows_token("schedule", "児童手当法"),
        permission_token("child_allowance", "地方税関係情報"),
    } <= tokens(city)
    assert not any(token.startswith("permission:") for token in tokens(town))


def test_the_recording_catalog_answers_every_lookup_like_the_catalog(bodies):
    from compliance.checks.selectors import catalog_for_checks

    catalog = catalog_for_checks()
    recorder = RecordingCatalog(catalog)
    day = timezone.localdate()
    assert recorder.rows_for(kind="schedule", statute="児童手当法", phrase="児童手当") == catalog.rows_for(
        kind="schedule", statute="児童手当法", phrase="児童手当"
    )
    assert recorder.permissions_for(row_key="child_allowance", category="地方税関係情報", day=day) == (
        catalog.permissions_for(row_key="child_allowance", category="地方税関係情報", day=day)
    )
    assert recorder.article19_item("network", day) == catalog.article19_item("network", day)
    assert recorder.card_periods("my_number_card") == catalog.card_periods("my_number_card")
    assert recorder.schedule_rows is catalog.schedule_rows


def test_the_recheck_command_stores_the_findings_of_every_body_or_of_one(
    bodies, django_capture_on_commit_callbacks
):
    city, town = bodies
    _apply(END_PERMISSION, django_capture_on_commit_callbacks)
    StoredFinding.objects.all().delete()  # as after restoring an older backup of the findings
    out = io.StringIO()

    call_command("recheck", "--organization", town.code, stdout=out, stderr=io.StringIO())

    assert "re-checked 1 organisation(s)" in out.getvalue()
    assert _linkage_finding(city) is None

    out = io.StringIO()
    call_command("recheck", stdout=out, stderr=io.StringIO())
    assert "re-checked 2 organisation(s)" in out.getvalue() and "1 opened" in out.getvalue()
    assert _linkage_finding(city) is not None


def test_a_change_in_force_later_changes_nothing_today_and_the_recheck_command_checks_as_of_that_day(
    bodies, django_capture_on_commit_callbacks
):
    city, _town = bodies
    later = dict(END_PERMISSION, effective_on="2099-04-01")
    change_set = _apply(later, django_capture_on_commit_callbacks)
    assert _linkage_finding(city) is None  # still permitted today
    assert not CatalogImpact.objects.filter(recheck__change_set=change_set).exists()

    call_command("recheck", "--organization", city.code, "--as-of", "2099-04-01", stdout=io.StringIO())

    assert _linkage_finding(city) is not None


def test_the_recheck_command_names_a_bad_argument(bodies):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of"):
        call_command("recheck", "--as-of", "tomorrow")
    with pytest.raises(CommandError, match="--organization"):
        call_command("recheck", "--organization", "000000")


def test_the_commission_reads_the_impact_report_with_links_to_the_body_and_its_findings(
    bodies, django_capture_on_commit_callbacks, reviewer_client, django_assert_max_num_queries
):
    city, _town = bodies
    change_set = _apply(END_PERMISSION, django_capture_on_commit_callbacks)
    recheck = CatalogRecheck.objects.get(change_set=change_set)

    listing = reviewer_client.get("/checks/impact/")
    assert listing.status_code == 200
    assert f"/checks/impact/{recheck.pk}/" in listing.content.decode()
    with django_assert_max_num_queries(20):
        page = reviewer_client.get(f"/checks/impact/{recheck.pk}/")

    html = page.content.decode()
    assert "令和8年主務省令（試験用）" in html and "架空市" in html
    assert "LINKAGE-NOT-PERMITTED" in html and "増えた指摘" in html
    assert f"/checks/findings/?organization={city.pk}" in html
    assert "架空町" not in html


def test_the_impact_report_names_a_draft_without_linking_it_for_the_commission(
    bodies, django_capture_on_commit_callbacks, reviewer_client, client_for
):
    """A draft is the body's own until it is submitted: a link would answer the reviewer 404."""
    from compliance.accounts.models import MembershipRole
    from compliance.registry import models as registry
    from tests.assessments import factories as assessment_factories
    from tests.conftest import with_device
    from tests.factories import MembershipFactory

    city, _town = bodies
    assessment_factories.load_form_definitions()
    officer = with_device(
        MembershipFactory(organization=city, role=MembershipRole.OFFICER, user__username="kakuu").user
    )
    draft = assessment_factories.draft(
        registry.Affair.objects.filter(organization=city).first(), officer, level="basic"
    )
    recheck = CatalogRecheck.objects.get(
        change_set=_apply(END_PERMISSION, django_capture_on_commit_callbacks)
    )

    html = reviewer_client.get(f"/checks/impact/{recheck.pk}/").content.decode()
    assert draft.affair.name in html
    assert f'href="/assessments/{draft.pk}/"' not in html
    assert reviewer_client.get(f"/assessments/{draft.pk}/").status_code == 404


def test_the_officer_of_the_affected_body_sees_the_change_on_the_dashboard(
    bodies, django_capture_on_commit_callbacks, client_for
):
    from tests.factories import MembershipFactory, UserFactory

    city, town = bodies
    _apply(END_PERMISSION, django_capture_on_commit_callbacks)
    officer = UserFactory(username="kakuu-officer")
    MembershipFactory(user=officer, organization=city)
    town_officer = UserFactory(username="kakuu-town-officer")
    MembershipFactory(user=town_officer, organization=town)

    html = client_for(officer).get("/accounts/dashboard/officer/").content.decode()
    assert "法令改正による指摘の変化" in html and "増えた指摘 1 件" in html
    town_html = client_for(town_officer).get("/accounts/dashboard/officer/").content.decode()
    assert "法令改正による指摘の変化" not in town_html


@pytest.fixture
def city_officer(bodies):
    from tests.factories import MembershipFactory, UserFactory

    officer = UserFactory(username="kakuu-officer")
    MembershipFactory(user=officer, organization=bodies[0])
    return officer


def test_the_officer_compares_today_with_the_day_a_change_takes_effect_without_storing_it(
    bodies, city_officer, client_for, django_capture_on_commit_callbacks
):
    city, _town = bodies
    _apply(dict(END_PERMISSION, effective_on="2099-04-01"), django_capture_on_commit_callbacks)
    client = client_for(city_officer)
    from compliance.registry.models import Affair

    affair = Affair.objects.get(organization=city, ref="a1")

    for url in (
        f"/registry/organizations/{city.pk}/",
        f"/registry/organizations/{city.pk}/affairs/{affair.pk}/",
    ):
        today = client.get(url).content.decode()
        assert 'data-testid="as-of-summary"' not in today
        later = client.get(url, {"as_of": "2099-04-01"}).content.decode()
        appearing = later.split('data-testid="as-of-appearing"', 1)[1].split("</ul>", 1)[0]
        assert 'data-rule="LINKAGE-NOT-PERMITTED"' in appearing
        assert "2099-04-01 時点の法令では" in later and "新たな指摘が 1 件" in later
    assert _linkage_finding(city) is None  # nothing stored

    wrong = client.get(f"/registry/organizations/{city.pk}/", {"as_of": "2099-13-01"})
    assert wrong.status_code == 200
    assert "基準日は YYYY-MM-DD の形式の日付で指定してください。" in wrong.content.decode()


def test_the_assessment_page_shows_the_affairs_findings_as_of_another_date(
    bodies, city_officer, client_for, django_capture_on_commit_callbacks
):
    from compliance.registry.models import Affair
    from tests.assessments.factories import draft, load_form_definitions

    city, _town = bodies
    load_form_definitions()
    assessment = draft(Affair.objects.get(organization=city, ref="a1"), city_officer, level="basic")
    _apply(dict(END_PERMISSION, effective_on="2099-04-01"), django_capture_on_commit_callbacks)

    html = (
        client_for(city_officer)
        .get(f"/assessments/{assessment.pk}/", {"as_of": "2099-04-01"})
        .content.decode()
    )

    assert 'data-rule="LINKAGE-NOT-PERMITTED"' in html.split('data-testid="as-of-appearing"', 1)[1]
