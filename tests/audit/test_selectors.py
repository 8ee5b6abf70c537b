"""audit_event_list_visible_to: who may read which events (filtered in the queryset)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from compliance.accounts.models import Organization, User
from compliance.audit.selectors import audit_event_list_visible_to
from compliance.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_a: Organization, org_b: Organization) -> dict[str, int]:
    return {
        "a": record("compliance.organization.changed_in_admin", actor=None, target=org_a).seq,
        "b": record("compliance.organization.changed_in_admin", actor=None, target=org_b).seq,
        "system": record("compliance.catalog.loaded", actor=None).seq,
    }


def _seqs(queryset: object) -> set[int]:
    return set(queryset.values_list("seq", flat=True))  # type: ignore[attr-defined]


def test_commission_staff_see_every_event(reviewer: User, events: dict[str, int]) -> None:
    assert _seqs(audit_event_list_visible_to(user=reviewer)) == set(events.values())


def test_an_officer_sees_only_their_organisations_events(officer_a: User, events: dict[str, int]) -> None:
    assert _seqs(audit_event_list_visible_to(user=officer_a)) == {events["a"]}


def test_an_officer_cannot_read_another_organisations_events(
    officer_b: User, org_a: Organization, events: dict[str, int]
) -> None:
    assert _seqs(audit_event_list_visible_to(user=officer_b, organization=org_a)) == set()


def test_commission_staff_can_narrow_to_one_organisation(
    reviewer: User, org_b: Organization, events: dict[str, int]
) -> None:
    assert _seqs(audit_event_list_visible_to(user=reviewer, organization=org_b)) == {events["b"]}


def test_anonymous_visitors_see_nothing(events: dict[str, int]) -> None:
    assert _seqs(audit_event_list_visible_to(user=AnonymousUser())) == set()


def test_the_list_is_newest_first(reviewer: User, events: dict[str, int]) -> None:
    assert list(audit_event_list_visible_to(user=reviewer).values_list("seq", flat=True)) == [3, 2, 1]
