"""The officer's workspace in the browser's terms: pages, forms, conflicts, findings, import and export."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.checks.models import FindingState, StoredFinding
from compliance.checks.services import findings_refresh
from compliance.registry import models as m
from compliance.registry import services
from compliance.registry.importing import declaration_import
from tests.conftest import verified_client, with_device
from tests.factories import MembershipFactory
from tests.registry import factories

pytestmark = pytest.mark.django_db


def _url(name, org, **kwargs):
    return reverse(f"registry:{name}", kwargs={"pk": org.pk, **kwargs})


def _as_org_a(declaration, org_a):
    """The sample declaration, declared by organisation A of the shared cast (苫小牧市)."""
    document = copy.deepcopy(declaration)
    document["organization"] = {
        "name": org_a.name,
        "code": org_a.code,
        "kind": org_a.kind,
        "body": org_a.body,
    }
    return document


@pytest.fixture
def registry_a(org_a, declaration):
    declaration_import(data=_as_org_a(declaration, org_a), acting_user=None)
    findings_refresh(organization=org_a)
    return org_a


def test_the_overview_shows_affairs_with_their_threshold_decision_and_findings(registry_a, officer_a_client):
    response = officer_a_client.get(_url("organization", registry_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "児童手当の支給に関する事務" in page
    assert "基礎項目評価" in page
    assert 'data-testid="finding-count"' in page


def test_the_affair_page_shows_its_entries_and_findings(registry_a, officer_a_client):
    affair = m.Affair.objects.get(organization=registry_a, ref="a1")

    response = officer_a_client.get(_url("affair", registry_a, affair_pk=affair.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-card-flow="c1"' in page and 'data-provision="p1"' in page and 'data-file="f1"' in page
    assert 'data-entrustment="e1"' in page


def test_an_officer_of_another_body_gets_404_for_pages_export_and_import(
    registry_a, officer_b_client, declaration
):
    affair = m.Affair.objects.get(organization=registry_a, ref="a1")
    upload = SimpleUploadedFile("d.json", json.dumps(_as_org_a(declaration, registry_a)).encode())

    assert officer_b_client.get(_url("organization", registry_a)).status_code == 404
    assert officer_b_client.get(_url("affair", registry_a, affair_pk=affair.pk)).status_code == 404
    assert officer_b_client.get(_url("export", registry_a)).status_code == 404
    assert officer_b_client.post(_url("import", registry_a), {"file": upload}).status_code == 404
    document = json.dumps(_as_org_a(declaration, registry_a))
    assert officer_b_client.post(_url("import_apply", registry_a), {"document": document}).status_code == 404


def _grow(org, n):
    affair = factories.affair(org)
    factories.file(org, [affair])
    for i in range(n):
        extra = factories.affair(org, name=f"事務{i}")
        factories.file(org, [extra, affair], name=f"ファイル{i}")
        terminal = factories.terminal(org, name=f"端末{i}", two_factor=False)
        factories.card_flow(org, affair, terminal)
        factories.provision(org, affair)
        services.incident_create(organization=org, acting_user=None, occurred_on="2025-01-01", serious=False)
    findings_refresh(organization=org)
    return affair


def _officer_of(org):
    return with_device(MembershipFactory(organization=org, role="officer").user)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_overview_costs_the_same_number_of_queries_for_a_small_and_a_large_body(org_a, org_b, client_for):
    _grow(org_a, 1)
    _grow(org_b, 25)

    small = _queries(client_for(_officer_of(org_a)), _url("organization", org_a))
    large = _queries(client_for(_officer_of(org_b)), _url("organization", org_b))

    assert small == large


def test_the_affair_page_costs_the_same_number_of_queries_for_a_small_and_a_large_affair(
    org_a, org_b, client_for
):
    small_affair, large_affair = _grow(org_a, 1), _grow(org_b, 25)

    small = _queries(client_for(_officer_of(org_a)), _url("affair", org_a, affair_pk=small_affair.pk))
    large = _queries(client_for(_officer_of(org_b)), _url("affair", org_b, affair_pk=large_affair.pk))

    assert small == large


def test_an_officer_adds_an_affair_with_a_schedule_basis(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="affairs"),
        {
            "name": "児童手当の支給に関する事務",
            "uses_number": "on",
            "basis_kind": "schedule",
            "basis_statute": "児童手当法",
            "basis_affair": "児童手当",
            "serious_incident_past_year": "unknown",
        },
    )

    affair = m.Affair.objects.get(organization=org_a)
    assert response.status_code == 302
    assert response["Location"] == _url("affair", org_a, affair_pk=affair.pk)
    assert (affair.ref, affair.basis_kind, affair.basis_statute) == ("a1", "schedule", "児童手当法")


def test_a_service_error_is_shown_next_to_its_field(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="affairs"),
        {"name": "児童手当", "uses_number": "on", "basis_kind": "schedule", "basis_affair": "児童手当"},
    )

    assert response.status_code == 200
    form = response.context["editor"].form
    assert "basis_statute" in form.errors
    assert not m.Affair.objects.exists()


def test_a_my_number_in_a_field_is_refused_next_to_it(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="terminals"), {"name": "端末 123456789018", "connection": "lgwan"}
    )

    assert "name" in response.context["editor"].form.errors
    assert not m.Terminal.objects.exists()


def test_the_second_of_two_officers_saving_the_same_entry_sees_both_versions(org_a, officer_a, approver_a):
    terminal = factories.terminal(org_a, name="窓口端末", two_factor=False)
    first, second = verified_client(officer_a), verified_client(approver_a)
    edit = _url("entry_edit", org_a, kind="terminals", entry_pk=terminal.pk)
    assert first.get(edit).context["editor"].form["version"].value() == 1
    form = {"name": "窓口端末", "connection": "standalone", "version": "1"}

    assert first.post(edit, {**form, "two_factor": "on"}).status_code == 302
    response = second.post(edit, {**form, "name": "市民課端末"})

    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page and "市民課端末" in page and "第2版" in page
    stored = m.Terminal.objects.get(pk=terminal.pk)
    assert (stored.name, stored.two_factor, stored.version) == ("窓口端末", True, 2)


def test_an_htmx_save_that_conflicts_still_shows_the_conflict_page(org_a, officer_a_client):
    terminal = factories.terminal(org_a)
    services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)

    response = officer_a_client.post(
        _url("entry_edit", org_a, kind="terminals", entry_pk=terminal.pk),
        {"name": "端末", "connection": "lgwan", "version": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert 'data-testid="conflict"' in response.content.decode()


def test_deleting_from_a_stale_page_shows_the_conflict_page(org_a, officer_a_client):
    terminal = factories.terminal(org_a)
    services.terminal_update(terminal=terminal, acting_user=None, expected_version=1, two_factor=False)

    response = officer_a_client.post(
        _url("entry_delete", org_a, kind="terminals", entry_pk=terminal.pk), {"version": "1"}
    )

    assert response.status_code == 409
    assert m.Terminal.objects.filter(pk=terminal.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_findings_appear_after_a_save_without_a_reload(org_a, officer_a_client):
    """Real commits: the re-check runs on commit (eagerly) before the page is rendered again."""
    affair = factories.affair(org_a)
    factories.file(org_a, [affair], persons=150_000, handlers=600)
    terminal = factories.terminal(org_a, connection="standalone", two_factor=False)

    response = officer_a_client.post(
        _url("entry_create", org_a, kind="card_flows") + f"?affair={affair.pk}",
        {
            "affair": affair.pk,
            "card": "my_number_card",
            "application": "input_support",
            "operation": "read",
            "items": ["number", "name"],
            "terminal": terminal.pk,
            "transfer_medium": "none",
        },
        HTTP_HX_REQUEST="true",
        follow=True,
    )

    page = response.content.decode()
    assert 'data-rule="SEC-TWO-FACTOR"' in page
    assert 'data-rule="PIA-MISSING"' in page
    assert "基礎項目評価 + 全項目評価" in page


def test_an_officer_justifies_a_finding(registry_a, officer_a_client, officer_a):
    finding = StoredFinding.objects.filter(organization=registry_a).first()

    response = officer_a_client.post(
        _url("finding_answer", registry_a, finding_pk=finding.pk),
        {"answer": "justified", "reason": "施錠管理"},
    )

    finding.refresh_from_db()
    assert response.status_code == 302
    assert (finding.state, finding.justification, finding.answered_by) == (
        FindingState.JUSTIFIED,
        "施錠管理",
        officer_a,
    )


def test_an_upload_shows_a_preview_and_writes_nothing(org_a, officer_a_client, declaration):
    upload = SimpleUploadedFile("d.json", json.dumps(_as_org_a(declaration, org_a)).encode("utf-8"))

    response = officer_a_client.post(_url("import", org_a), {"file": upload})

    assert response.status_code == 200
    result = response.context["result"]
    assert result.created["affairs"] == 3 and result.findings
    assert not m.Affair.objects.exists()


def test_applying_the_preview_imports_the_declaration(org_a, officer_a_client, declaration):
    upload = SimpleUploadedFile("d.json", json.dumps(_as_org_a(declaration, org_a)).encode("utf-8"))
    preview = officer_a_client.post(_url("import", org_a), {"file": upload})

    response = officer_a_client.post(
        _url("import_apply", org_a), {"token": preview.context["apply_form"]["token"].value()}
    )

    assert response.status_code == 302
    assert m.Affair.objects.filter(organization=org_a).count() == 3


def test_an_invalid_upload_lists_every_problem_with_its_path(org_a, officer_a_client, declaration):
    broken = _as_org_a(declaration, org_a)
    broken["files"][0]["persons"] = -5
    upload = SimpleUploadedFile("d.json", json.dumps(broken).encode("utf-8"))

    response = officer_a_client.post(_url("import", org_a), {"file": upload})

    assert "files[0].persons: must be an integer ≥ 0" in response.context["problems"]
    assert not m.Affair.objects.exists()


def test_a_declaration_of_another_body_cannot_be_uploaded_into_this_one(org_a, officer_a_client, declaration):
    upload = SimpleUploadedFile("d.json", json.dumps(declaration).encode("utf-8"))  # 架空市, not 苫小牧市

    response = officer_a_client.post(_url("import", org_a), {"file": upload})

    assert [p.split(":")[0] for p in response.context["problems"]] == ["organization"]


def test_the_export_downloads_the_registry_as_a_declaration(registry_a, officer_a_client):
    response = officer_a_client.get(_url("export", registry_a))

    assert response["Content-Disposition"].startswith('attachment; filename="declaration-012131-mayor-')
    document = json.loads(response.content)
    assert document["organization"]["code"] == "012131"
    assert [a["id"] for a in document["affairs"]] == ["a1", "a2", "a10"]


def test_the_schedule_search_finds_rows_by_statute_or_affair_text(org_a, officer_a_client):
    by_statute = officer_a_client.get(_url("schedule_rows", org_a), {"q": "児童手当法"})
    by_affair = officer_a_client.get(_url("schedule_rows", org_a), {"q": "特例給付"})
    nothing = officer_a_client.get(_url("schedule_rows", org_a), {"q": "道路交通法"})

    assert "row-child-allowance" in by_statute.content.decode()
    assert "row-child-allowance" in by_affair.content.decode()
    assert "row-child-allowance" not in nothing.content.decode()


def test_picking_a_schedule_row_fills_the_citation(org_a, officer_a_client):
    response = officer_a_client.get(_url("schedule_row_pick", org_a), {"key": "row-child-allowance"})

    page = response.content.decode()
    assert 'value="児童手当法"' in page and "特例給付の支給に関する事務" in page


def test_the_workspace_speaks_english_when_asked(registry_a, officer_a_client):
    from django.conf import settings
    from django.utils import translation

    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = officer_a_client.get(_url("organization", registry_a)).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # LocaleMiddleware leaves "en" active in this thread

    assert "Add an affair" in page and "Threshold decision" in page
