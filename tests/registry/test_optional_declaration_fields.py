"""The optional keys of ``pia-declaration/1`` in the registry: an Article 19 ground on a provision,
a schedule row number (項番) on a basis, a card reading that is part of a statutory procedure, the
day the body learned of an incident, and 地方独立行政法人 as a counterparty.

Each is kept from import to export, left out of the export when not set, carried into the
snapshot the check engine reads, accepted and refused by the API and offered by the forms.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from compliance.checks.selectors import catalog_in_use
from compliance.law.catalog import Article19Item, Period, build_catalog
from compliance.registry import models as m
from compliance.registry.codec import normalize_declaration
from compliance.registry.forms import ProvisionForm, article19_ground_choices
from compliance.registry.importing import declaration_import
from compliance.registry.selectors import registry_export, registry_snapshot
from tests.registry import conftest as registry_conftest

pytestmark = pytest.mark.django_db

#: The tax ground was item 9 once and is item 10 today (a renumbering, as the Act has seen).
TAX_BEFORE = Article19Item(
    key="a19-tax-old",
    ground="tax",
    item="9",
    title="国税・地方税に関する国税庁長官・都道府県知事・市町村長の間の提供",
    period=Period(dt.date(2015, 10, 5), dt.date(2021, 9, 1)),
)
TAX_TODAY = Article19Item(
    key="a19-tax",
    ground="tax",
    item="10",
    title="国税・地方税に関する国税庁長官・都道府県知事・市町村長の間の提供",
    period=Period(dt.date(2021, 9, 1)),
)
NETWORK_TODAY = Article19Item(
    key="a19-network",
    ground="network",
    item="8",
    title="情報提供ネットワークシステムによる提供（主務省令）",
    period=Period(dt.date(2021, 9, 1)),
)


@pytest.fixture(autouse=True)
def catalog():
    """The registry's small catalog with Article 19 items (the tax item renumbered once)."""
    small = registry_conftest.small_catalog()
    catalog = build_catalog(
        schedule_rows=small.schedule_rows,
        categories=small.categories,
        permissions=small.permissions,
        ordinance_limits=[],
        ordinance_scope_rules=[],
        article19_items=[TAX_BEFORE, TAX_TODAY, NETWORK_TODAY],
    )
    with catalog_in_use(catalog):
        yield catalog


def _with_optional_fields(declaration):
    document = copy.deepcopy(declaration)
    document["affairs"][0]["basis"]["row"] = "八十二の二"
    document["provisions"][0]["ground"] = "network"
    document["provisions"][0]["counterparty"]["kind"] = "local_independent_agency"
    document["card_flows"][0]["statutory_procedure"] = True
    document["incidents"][0]["known_on"] = "2025-09-03"
    return document


def _without_as_of(document):
    return {k: v for k, v in document.items() if k != "as_of"}


def test_a_declaration_with_the_optional_fields_is_exported_as_it_was_imported(declaration):
    declared = _with_optional_fields(declaration)

    organization = declaration_import(data=declared, acting_user=None).organization
    exported = registry_export(organization=organization)

    assert _without_as_of(exported) == _without_as_of(normalize_declaration(declared))
    assert exported["affairs"][0]["basis"]["row"] == "八十二の二"
    assert exported["provisions"][0]["ground"] == "network"
    assert exported["provisions"][0]["counterparty"]["kind"] == "local_independent_agency"
    assert exported["card_flows"][0]["statutory_procedure"] is True
    assert exported["incidents"][0]["known_on"] == "2025-09-03"


def test_export_import_export_with_the_optional_fields_is_the_identity(declaration):
    organization = declaration_import(data=_with_optional_fields(declaration), acting_user=None).organization
    first = registry_export(organization=organization)

    again = declaration_import(data=first, acting_user=None)

    assert not any(plan.changes for plan in again.collections.values())
    assert registry_export(organization=organization) == first


def test_a_declaration_without_the_optional_fields_exports_without_their_keys(declaration):
    organization = declaration_import(data=declaration, acting_user=None).organization
    exported = registry_export(organization=organization)

    assert all("row" not in affair["basis"] for affair in exported["affairs"])
    assert all("ground" not in provision for provision in exported["provisions"])
    assert all("statutory_procedure" not in flow for flow in exported["card_flows"])
    assert all("known_on" not in incident for incident in exported["incidents"])
    assert _without_as_of(exported) == _without_as_of(normalize_declaration(declaration))


def test_removing_the_optional_fields_on_a_second_import_clears_them(declaration):
    organization = declaration_import(data=_with_optional_fields(declaration), acting_user=None).organization

    declaration_import(data=declaration, acting_user=None)

    exported = registry_export(organization=organization)
    assert exported == {**exported, **_without_as_of(normalize_declaration(declaration))}
    assert m.Provision.objects.get(organization=organization, ref="p1").ground == ""


def test_the_snapshot_built_from_the_registry_carries_the_optional_fields(declaration):
    organization = declaration_import(data=_with_optional_fields(declaration), acting_user=None).organization

    snapshot = registry_snapshot(organization=organization)

    assert snapshot.affairs[0].basis.row == "八十二の二"
    assert snapshot.provisions[0].ground == "network"
    assert snapshot.card_flows[0].statutory_procedure is True
    assert snapshot.incidents[0].known_on == dt.date(2025, 9, 3)


def test_a_row_number_is_kept_only_with_a_schedule_basis(declaration):
    organization = declaration_import(data=_with_optional_fields(declaration), acting_user=None).organization
    affair = m.Affair.objects.get(organization=organization, ref="a1")
    from compliance.registry import services

    services.affair_update(
        affair=affair, acting_user=None, expected_version=affair.version, basis_kind="related"
    )

    affair.refresh_from_db()
    assert affair.basis_row == ""


# --- the API ------------------------------------------------------------------------------


def _api(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def _as_org(declaration, org):
    document = _with_optional_fields(declaration)
    document["organization"] = {"name": org.name, "code": org.code, "kind": org.kind, "body": org.body}
    return document


def test_the_api_accepts_and_stores_the_optional_fields(declaration, officer_a, org_a):
    response = _api(officer_a).post(
        reverse("public:api_declarations"), _as_org(declaration, org_a), format="json"
    )

    assert response.status_code == 200, response.content
    assert m.Provision.objects.get(organization=org_a, ref="p1").ground == "network"
    assert m.Affair.objects.get(organization=org_a, ref="a1").basis_row == "八十二の二"
    assert m.CardFlow.objects.get(organization=org_a, ref="c1").statutory_procedure is True
    assert m.Incident.objects.get(organization=org_a, ref="i1").known_on == dt.date(2025, 9, 3)


@pytest.mark.parametrize(
    ("collection", "change", "field"),
    [
        ("provisions", {"ground": "article_99"}, "ground"),
        ("card_flows", {"statutory_procedure": "yes"}, "statutory_procedure"),
        ("incidents", {"known_on": "3 September"}, "known_on"),
    ],
)
def test_an_unknown_value_via_the_api_is_refused_naming_the_field(
    declaration, officer_a, org_a, collection, change, field
):
    document = _as_org(declaration, org_a)
    document[collection][0].update(change)

    response = _api(officer_a).post(reverse("public:api_declarations"), document, format="json")

    assert response.status_code == 400
    assert any(field in problem["path"] for problem in response.json()), response.json()
    assert not m.Affair.objects.filter(organization=org_a).exists()


def test_a_malformed_row_number_via_the_api_is_refused_naming_the_field(declaration, officer_a, org_a):
    document = _as_org(declaration, org_a)
    document["affairs"][0]["basis"]["row"] = "82の2号"

    response = _api(officer_a).post(reverse("public:api_declarations"), document, format="json")

    assert response.status_code == 400
    assert any("row" in problem["path"] for problem in response.json()), response.json()


# --- the officer's forms and pages ------------------------------------------------------------


def _url(name, org, **kwargs):
    return reverse(f"registry:{name}", kwargs={"pk": org.pk, **kwargs})


@pytest.fixture
def registry_a(org_a, declaration):
    declaration_import(data=_as_org(declaration, org_a), acting_user=None)
    return org_a


def test_the_ground_choices_show_todays_item_number_from_the_catalog():
    choices = dict(article19_ground_choices())

    assert choices[""] == "経路から判断する"
    assert (
        choices["tax"] == "第19条第10号（国税・地方税に関する国税庁長官・都道府県知事・市町村長の間の提供）"
    )
    assert choices["network"] == "第19条第8号（情報提供ネットワークシステムによる提供（主務省令））"
    assert list(choices) == ["", "network", "tax"]  # in item order


def test_the_ground_choices_on_an_earlier_day_show_the_item_number_of_that_day():
    assert dict(article19_ground_choices(dt.date(2020, 4, 1)))["tax"].startswith("第19条第9号（")


def test_the_provision_form_offers_the_grounds_after_the_empty_choice(org_a):
    form = ProvisionForm(organization=org_a)

    choices = list(form.fields["ground"].choices)
    assert choices[0] == ("", "経路から判断する")
    assert (
        "tax",
        "第19条第10号（国税・地方税に関する国税庁長官・都道府県知事・市町村長の間の提供）",
    ) in choices


def test_an_officer_declares_a_provision_with_its_article_19_ground(registry_a, officer_a_client):
    affair = m.Affair.objects.get(organization=registry_a, ref="a1")

    response = officer_a_client.post(
        _url("entry_create", registry_a, kind="provisions"),
        {
            "affair": affair.pk,
            "direction": "provide",
            "channel": "other",
            "counterparty_name": "県税事務所",
            "counterparty_kind": "prefecture",
            "ground": "tax",
            "categories": ["地方税関係情報"],
        },
    )

    assert response.status_code == 302, response.context["editor"].form.errors
    provision = m.Provision.objects.get(organization=registry_a, counterparty_name="県税事務所")
    assert provision.ground == "tax"
    assert registry_export(organization=registry_a)["provisions"][-1]["ground"] == "tax"


def test_an_unknown_ground_in_the_form_is_refused_next_to_the_field(registry_a, officer_a_client):
    affair = m.Affair.objects.get(organization=registry_a, ref="a1")

    response = officer_a_client.post(
        _url("entry_create", registry_a, kind="provisions"),
        {
            "affair": affair.pk,
            "direction": "provide",
            "channel": "other",
            "counterparty_kind": "prefecture",
            "ground": "article_99",
        },
    )

    assert response.status_code == 200
    assert "ground" in response.context["editor"].form.errors


def test_a_malformed_row_number_in_the_affair_form_is_refused_next_to_the_field(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="affairs"),
        {
            "name": "児童手当の支給に関する事務",
            "uses_number": "on",
            "basis_kind": "schedule",
            "basis_statute": "児童手当法",
            "basis_affair": "児童手当",
            "basis_row": "第82項",
            "serious_incident_past_year": "unknown",
        },
    )

    assert response.status_code == 200
    assert "basis_row" in response.context["editor"].form.errors
    assert not m.Affair.objects.exists()


def test_an_officer_declares_an_affair_with_its_row_number(org_a, officer_a_client):
    response = officer_a_client.post(
        _url("entry_create", org_a, kind="affairs"),
        {
            "name": "児童手当の支給に関する事務",
            "uses_number": "on",
            "basis_kind": "schedule",
            "basis_statute": "児童手当法",
            "basis_affair": "児童手当",
            "basis_row": "82-2",
            "serious_incident_past_year": "unknown",
        },
    )

    assert response.status_code == 302
    assert m.Affair.objects.get(organization=org_a).basis_row == "82-2"


def test_the_card_flow_and_incident_forms_offer_their_new_fields(registry_a, officer_a_client):
    flow_page = officer_a_client.get(_url("entry_create", registry_a, kind="card_flows")).content.decode()
    incident_page = officer_a_client.get(_url("entry_create", registry_a, kind="incidents")).content.decode()

    assert "法令が定める手続の一部として読み取る（在留カードの住居地届出など）" in flow_page
    assert 'name="statutory_procedure"' in flow_page
    assert "発生を知った日" in incident_page and 'name="known_on"' in incident_page


def test_the_provision_form_page_lists_the_grounds_in_japanese(registry_a, officer_a_client):
    page = officer_a_client.get(_url("entry_create", registry_a, kind="provisions")).content.decode()

    assert "経路から判断する" in page
    assert "第19条第10号（国税・地方税に関する" in page


def test_the_affair_page_shows_the_ground_the_row_number_and_the_statutory_reading(
    registry_a, officer_a_client
):
    affair = m.Affair.objects.get(organization=registry_a, ref="a1")

    page = officer_a_client.get(_url("affair", registry_a, affair_pk=affair.pk)).content.decode()

    assert "項番 八十二の二" in page
    assert (
        'data-ground="network"' in page
        and "根拠: 第19条第8号（情報提供ネットワークシステムによる提供" in page
    )
    assert "法令が定める手続の一部" in page


def test_the_overview_shows_the_day_the_incident_became_known(registry_a, officer_a_client):
    page = officer_a_client.get(_url("organization", registry_a)).content.decode()

    assert "発生を知った日" in page


def test_the_new_labels_are_translated_in_the_english_workspace(registry_a, officer_a_client):
    from django.conf import settings
    from django.utils import translation

    affair = m.Affair.objects.get(organization=registry_a, ref="a1")
    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        form_page = officer_a_client.get(_url("entry_create", registry_a, kind="provisions")).content.decode()
        affair_page = officer_a_client.get(_url("affair", registry_a, affair_pk=affair.pk)).content.decode()
        flow_page = officer_a_client.get(_url("entry_create", registry_a, kind="card_flows")).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)

    assert "Infer from the channel" in form_page and "Article 19(10)" in form_page
    assert "経路から判断する" not in form_page
    assert "Part of a statutory procedure" in affair_page and "Row 八十二の二" in affair_page
    assert "法令が定める手続の一部として読み取る" not in flow_page


def test_today_is_what_the_form_uses(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2020, 4, 1))

    assert dict(article19_ground_choices())["tax"].startswith("第19条第9号（")


def test_picking_a_schedule_row_fills_its_row_number(org_a, officer_a_client):
    response = officer_a_client.get(_url("schedule_row_pick", org_a), {"key": "row-child-allowance"})

    page = response.content.decode()
    assert 'name="basis_row"' in page and 'value="56"' in page
