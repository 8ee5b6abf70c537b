"""Accounts edited in the admin leave audit events, like every other write (names of fields, never values)."""

from __future__ import annotations

import pytest

from compliance.accounts.models import Membership, MembershipRole, Organization
from compliance.audit.models import AuditEvent
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_adding_an_organisation_in_the_admin_is_audited(commission_admin) -> None:
    client = verified_client(commission_admin)
    response = client.post(
        "/admin/accounts/organization/add/",
        {"name": "室蘭市", "name_en": "Muroran City", "kind": "municipality", "body": "mayor",
         "prefecture": "01", "code": "012050"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(name="室蘭市")
    event = AuditEvent.objects.get(action="compliance.organization.added_in_admin")
    assert event.actor == commission_admin
    assert event.data["pk"] == organization.pk and "name" in event.data["fields"]


def test_changing_and_deleting_a_membership_in_the_admin_is_audited(
    commission_admin, officer_a, org_a
) -> None:
    client = verified_client(commission_admin)
    membership = Membership.objects.get(user=officer_a, organization=org_a)
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        {"user": officer_a.pk, "organization": org_a.pk, "role": MembershipRole.APPROVER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = AuditEvent.objects.get(action="compliance.membership.changed_in_admin")
    assert changed.data["fields"] == ["role"]
    response = client.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="compliance.membership.deleted_in_admin").count() == 1


def test_a_password_set_in_the_admin_is_audited_without_the_password(commission_admin, officer_a) -> None:
    client = verified_client(commission_admin)
    secret = "Sapporo-Kushiro-2026!"
    response = client.post(
        f"/admin/accounts/user/{officer_a.pk}/password/",
        {"password1": secret, "password2": secret, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    officer_a.refresh_from_db()
    assert officer_a.check_password(secret)
    event = AuditEvent.objects.get(action="compliance.user.password_changed_in_admin")
    assert event.actor == commission_admin and secret not in str(event.data)
