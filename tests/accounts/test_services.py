"""Account writes validate their input and leave one audit event each."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from compliance.accounts import services
from compliance.accounts.models import MembershipRole, Organization
from compliance.audit.models import AuditEvent


def test_creating_an_organisation_records_one_event(db: None) -> None:
    organization = services.organization_create(
        acting_user=None, name="久留米市", kind="municipality", body="mayor", code="402036", prefecture="40"
    )
    events = AuditEvent.objects.filter(action="compliance.organization.created")
    assert events.count() == 1
    assert events.get().organization_id == organization.pk


def test_a_local_government_code_with_a_wrong_check_digit_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            acting_user=None,
            name="久留米市",
            kind="municipality",
            body="mayor",
            code="402037",
            prefecture="40",
        )
    assert "code" in error.value.message_dict
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.exists()


def test_national_bodies_may_use_any_stable_identifier(db: None) -> None:
    organization = services.organization_create(
        acting_user=None, name="デジタル庁", kind="national_body", body="minister", code="digital-agency"
    )
    assert organization.code == "digital-agency"


def test_granting_a_membership_twice_changes_the_role(officer_a, org_a) -> None:
    services.membership_grant(
        acting_user=None, user=officer_a, organization=org_a, role=MembershipRole.APPROVER
    )
    assert officer_a.memberships.get().role == MembershipRole.APPROVER
    assert AuditEvent.objects.filter(action="compliance.membership.changed").count() == 1


def test_the_audit_event_for_a_totp_device_never_holds_its_key(officer_a) -> None:
    key = "ab" * 20
    services.totp_device_set(acting_user=None, user=officer_a, key_hex=key)
    event = AuditEvent.objects.get(action="compliance.user.totp_device_set")
    assert key not in str(event.data)
