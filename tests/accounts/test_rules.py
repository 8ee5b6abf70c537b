"""The rules predicates and permissions, role by role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from compliance.accounts.rules import (
    is_approver_of,
    is_commission_admin,
    is_commission_reviewer,
    is_commission_staff,
    is_member_of,
    is_officer_of,
)

# role → (view A, change A, submit A, review, change catalog)
EXPECTED = {
    "officer_a": (True, True, False, False, False),
    "approver_a": (True, True, True, False, False),
    "officer_b": (False, False, False, False, False),
    "reviewer": (True, False, False, True, False),
    "commission_admin": (True, False, False, True, True),
    "outsider": (False, False, False, False, False),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_has_exactly_its_permissions_on_organisation_a(role: str, cast) -> None:
    user = getattr(cast, role)
    actual = (
        user.has_perm("registry.view_organization", cast.org_a),
        user.has_perm("registry.change_organization", cast.org_a),
        user.has_perm("assessments.submit", cast.org_a),
        user.has_perm("assessments.review"),
        user.has_perm("law.change_catalog"),
    )
    assert actual == EXPECTED[role]


def test_anonymous_users_have_no_permission(org_a) -> None:
    anonymous = AnonymousUser()
    for perm in ("registry.view_organization", "registry.change_organization", "assessments.submit"):
        assert not anonymous.has_perm(perm, org_a)
    assert not anonymous.has_perm("assessments.review")


def test_the_predicates_accept_any_object_that_carries_an_organisation_id(cast) -> None:
    affair_of_a = SimpleNamespace(organization_id=cast.org_a.pk)
    assert is_officer_of(cast.officer_a, affair_of_a)
    assert not is_officer_of(cast.officer_b, affair_of_a)
    assert is_approver_of(cast.approver_a, affair_of_a)
    assert not is_approver_of(cast.officer_a, affair_of_a)


def test_membership_in_one_organisation_says_nothing_about_another(cast) -> None:
    assert is_member_of(cast.officer_a, cast.org_a)
    assert not is_member_of(cast.officer_a, cast.org_b)
    assert is_member_of(cast.officer_b, cast.org_b)


def test_an_object_without_an_organisation_belongs_to_no_one(cast) -> None:
    assert not is_officer_of(cast.officer_a, None)
    assert not is_officer_of(cast.officer_a, object())


def test_commission_roles_are_distinct(cast) -> None:
    assert is_commission_reviewer(cast.reviewer) and not is_commission_admin(cast.reviewer)
    assert is_commission_admin(cast.commission_admin) and not is_commission_reviewer(cast.commission_admin)
    assert is_commission_staff(cast.reviewer) and is_commission_staff(cast.commission_admin)
    assert not is_commission_staff(cast.officer_a)


def test_a_deactivated_member_loses_every_permission(cast) -> None:
    cast.approver_a.is_active = False
    assert not is_member_of(cast.approver_a, cast.org_a)
    assert not rules.has_perm("assessments.submit", cast.approver_a, cast.org_a)


def test_a_deactivated_reviewer_is_no_longer_commission_staff(cast) -> None:
    cast.reviewer.is_active = False
    assert not is_commission_staff(cast.reviewer)


def test_the_commission_administrator_is_not_a_superuser(cast) -> None:
    """Model permissions come from a group; object permissions stay with the predicates."""
    assert not cast.commission_admin.is_superuser
    assert not cast.commission_admin.has_perm("assessments.submit", cast.org_a)
