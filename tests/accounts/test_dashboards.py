"""The landing page routes by role; each dashboard shows what its role needs."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from compliance.accounts.models import User
from tests.factories import OrganizationFactory

DASHBOARD = reverse("accounts:dashboard")


def test_officers_land_on_the_officer_dashboard(officer_a_client: Client) -> None:
    response = officer_a_client.get(DASHBOARD)
    assert response["Location"] == reverse("accounts:officer_dashboard")


def test_commission_staff_land_on_the_commission_dashboard(
    reviewer_client: Client, commission_admin_client: Client
) -> None:
    for client in (reviewer_client, commission_admin_client):
        assert client.get(DASHBOARD)["Location"] == reverse("accounts:commission_dashboard")


def test_a_user_without_a_role_is_told_so(outsider: User, client_for) -> None:
    response = client_for(outsider).get(DASHBOARD)
    assert response.status_code == 200
    assert "役割が割り当てられていません" in response.content.decode()


def test_the_officer_dashboard_lists_only_their_organisations(officer_a_client: Client, org_b) -> None:
    body = officer_a_client.get(reverse("accounts:officer_dashboard")).content.decode()
    assert "苫小牧市" in body
    assert "012131" in body
    assert "秋田市" not in body


def test_the_commission_dashboard_counts_organisations_by_kind(reviewer_client: Client, cast) -> None:
    OrganizationFactory(kind="national_body", body="minister", code="digital-agency", prefecture="")
    body = reviewer_client.get(reverse("accounts:commission_dashboard")).content.decode()
    assert 'data-testid="count-municipality">2<' in body
    assert 'data-testid="count-national_body">1<' in body
    assert 'data-testid="count-total">3<' in body


def test_the_navigation_shows_each_role_its_own_links(cast, client_for) -> None:
    home = reverse("public:home")
    officer = client_for(cast.officer_a).get(home).content.decode()
    reviewer = client_for(cast.reviewer).get(home).content.decode()
    admin = client_for(cast.commission_admin).get(home).content.decode()
    anonymous = Client().get(home).content.decode()
    assert 'data-testid="nav-officer"' in officer and 'data-testid="nav-commission"' not in officer
    assert 'data-testid="nav-commission"' in reviewer and 'data-testid="nav-officer"' not in reviewer
    assert reverse("admin:index") in admin and reverse("admin:index") not in reviewer
    assert reverse("two_factor:login") in anonymous and reverse("accounts:dashboard") not in anonymous


def test_a_password_only_session_sees_no_role_links(officer_a: User) -> None:
    client = Client()
    client.force_login(officer_a, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("public:home")).content.decode()
    assert 'data-testid="nav-officer"' not in body
    assert "二要素認証を完了する" in body


def test_the_organisation_page_shows_its_members_to_its_officers(officer_a_client: Client, cast) -> None:
    body = officer_a_client.get(cast.org_a.get_absolute_url()).content.decode()
    assert "苫小牧市" in body and "approver-a" in body


def test_the_organisation_list_is_the_visible_list(officer_b_client: Client, cast) -> None:
    body = officer_b_client.get(reverse("accounts:organization_list")).content.decode()
    assert "秋田市" in body and "苫小牧市" not in body


def test_logout_needs_a_post(officer_a_client: Client) -> None:
    assert officer_a_client.get(reverse("accounts:logout")).status_code == 405
    response = officer_a_client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("public:home")
    assert officer_a_client.get(DASHBOARD).status_code == 302
