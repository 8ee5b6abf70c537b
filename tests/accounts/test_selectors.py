"""Lists filtered by permission in the queryset, and the 404 for another body's organisation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from compliance.accounts.selectors import (
    membership_list_for,
    organization_counts_by_kind,
    organization_get_for,
    organization_list_visible_to,
)
from tests.factories import MembershipFactory, OrganizationFactory


def test_an_officer_sees_only_their_own_organisations(cast) -> None:
    assert list(organization_list_visible_to(user=cast.officer_a)) == [cast.org_a]
    assert list(organization_list_visible_to(user=cast.officer_b)) == [cast.org_b]


def test_commission_staff_see_every_organisation(cast) -> None:
    for user in (cast.reviewer, cast.commission_admin):
        assert set(organization_list_visible_to(user=user)) == {cast.org_a, cast.org_b}


def test_outsiders_and_anonymous_users_see_none(cast) -> None:
    assert not organization_list_visible_to(user=cast.outsider).exists()
    assert not organization_list_visible_to(user=AnonymousUser()).exists()


def test_an_officer_of_two_organisations_sees_each_once(cast) -> None:
    MembershipFactory(user=cast.officer_a, organization=cast.org_b)
    assert organization_list_visible_to(user=cast.officer_a).count() == 2


def test_the_visible_list_is_filtered_in_one_query(cast) -> None:
    OrganizationFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        list(organization_list_visible_to(user=cast.reviewer))
    assert len(queries) == 1


def test_get_organization_for_answers_404_for_another_bodys_organisation(cast) -> None:
    with pytest.raises(Http404):
        organization_get_for(user=cast.officer_b, pk=cast.org_a.pk)
    with pytest.raises(Http404):
        organization_get_for(user=cast.officer_b, pk=999_999)
    with pytest.raises(Http404):
        organization_get_for(user=cast.officer_b, pk="not-a-number")


def test_get_organization_for_answers_403_when_the_user_may_only_read(cast) -> None:
    assert organization_get_for(user=cast.reviewer, pk=cast.org_a.pk) == cast.org_a
    with pytest.raises(PermissionDenied):
        organization_get_for(user=cast.reviewer, pk=cast.org_a.pk, perm="registry.change_organization")
    assert (
        organization_get_for(user=cast.officer_a, pk=cast.org_a.pk, perm="registry.change_organization")
        == cast.org_a
    )


def test_memberships_come_with_their_organisations_in_one_query(cast) -> None:
    MembershipFactory(user=cast.officer_a, organization=cast.org_b)
    with CaptureQueriesContext(connection) as queries:
        names = [m.organization.name for m in membership_list_for(user=cast.officer_a)]
    assert names == ["苫小牧市", "秋田市"]
    assert len(queries) == 1


def test_counts_by_kind(cast) -> None:
    OrganizationFactory(kind="national_body", body="minister", code="digital-agency", prefecture="")
    assert organization_counts_by_kind() == [
        {"kind": "municipality", "count": 2},
        {"kind": "national_body", "count": 1},
    ]
