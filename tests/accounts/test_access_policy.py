"""Every URL has an access rule, and every URL answers each role as its rule says.

The walk fails when a URL is added without an entry in the access table
(compliance/accounts/access.py and each app's ``ACCESS``). The matrix then calls
every URL as anonymous, officer of A, officer of B, commission reviewer, commission
administrator and an outsider with no role, and compares the answer with the level:
a URL about organisation A's object answers 404 to officer B.

Two more sessions walk every URL: an officer of A who passed the password but not the
second factor, once with a device (sent back to the login's token step) and once
without (sent to the set-up). Neither gets past anything but the public pages, which
answer them exactly as they answer an anonymous visitor, and the set-up pages, which
open only to a user without a device.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.accounts.access import (
    ADMIN,
    AUTHENTICATED,
    ENROLMENT_PAGES,
    LEVELS,
    OFFICER,
    PUBLIC,
    REVIEWER,
    Route,
    access_table,
    iter_routes,
    level_for,
)
from tests.accounts.access_matrix import call, classify, example_for, path_for
from tests.accounts.url_examples import DENIED, LOGIN, MISSING, OK, ROLES, SETUP, Example
from tests.conftest import Cast, verified_client
from tests.factories import MembershipFactory

ROUTES = list(iter_routes())


# --- The walk -------------------------------------------------------------------


def test_every_url_pattern_has_an_entry_in_the_access_table() -> None:
    missing = [route.label for route in ROUTES if route.level is None]
    assert not missing, (
        "URLs without an access rule; add them to your app's ACCESS (see compliance/accounts/access.py): "
        + ", ".join(missing)
    )


def test_every_entry_of_the_access_table_names_an_existing_url() -> None:
    names = {route.full_name for route in ROUTES}
    stale = [name for name in access_table() if not name.endswith(":*") and name not in names]
    assert not stale, f"access table entries for URLs that do not exist: {stale}"


def test_every_level_in_the_table_is_a_known_level() -> None:
    assert set(access_table().values()) <= set(LEVELS)


def test_the_walk_reaches_urls_inside_nested_includes() -> None:
    names = {route.full_name for route in ROUTES}
    assert {"public:home", "two_factor:login", "accounts:organization_detail", "admin:index"} <= names


def test_exact_entries_win_over_namespace_wildcards() -> None:
    assert level_for("admin:index") == ADMIN
    assert level_for("accounts:logout") == PUBLIC
    assert level_for("nowhere:page") is None


# --- The matrix -----------------------------------------------------------------


def _expected(level: str, role: str, *, org_scoped: bool) -> set[str]:
    if role == "anonymous":
        return {OK} if level == PUBLIC else {LOGIN}
    if level == PUBLIC:
        return {OK}
    sees_org_a = role in ("officer_a", "reviewer", "commission_admin")
    if level == AUTHENTICATED:
        return {MISSING} if org_scoped and not sees_org_a else {OK}
    if level == OFFICER:
        if role == "officer_a":
            return {OK}
        if role == "officer_b":
            return {MISSING} if org_scoped else {OK}
        return {DENIED}  # commission staff and the outsider are members of nothing
    if level == REVIEWER:
        return {OK} if role in ("reviewer", "commission_admin") else {DENIED}
    if level == ADMIN:
        # The admin site answers non-staff with its own login redirect; our views with 403.
        return {OK} if role == "commission_admin" else {DENIED, LOGIN}
    raise AssertionError(f"unknown level {level!r}")


@pytest.mark.parametrize("route", ROUTES, ids=[route.label for route in ROUTES])
def test_each_url_answers_each_role_as_its_level_says(route: Route, cast: Cast) -> None:
    level = route.level
    assert level is not None, f"{route.label} has no access rule"
    example = example_for(route, cast)
    path = path_for(route, example)
    # The admin site checks model permissions and objects itself once staff are in: for
    # URLs covered only by the admin:* wildcard, the administrator must merely get past the gate.
    lenient_admin = level == ADMIN and (route.full_name is None or route.full_name not in access_table())
    users = {
        "officer_a": cast.officer_a,
        "officer_b": cast.officer_b,
        "reviewer": cast.reviewer,
        "commission_admin": cast.commission_admin,
        "outsider": cast.outsider,
    }
    mismatches = []
    for role in ROLES:
        client = Client() if role == "anonymous" else verified_client(users[role])
        outcome = classify(call(client, path, example))
        if role == "commission_admin" and lenient_admin and role not in example.expect:
            if outcome == LOGIN or outcome.startswith("status 5"):
                mismatches.append(f"{role}: {outcome}, expected to get past the admin site's gate")
            continue
        expected = example.expect.get(role) or _expected(level, role, org_scoped=example.org_scoped)
        if outcome not in expected:
            mismatches.append(f"{role}: {outcome}, expected {' or '.join(sorted(expected))}")
    mismatches += _password_only_mismatches(route, level, path, example, cast)
    assert not mismatches, f"{route.label} ({level}) {path}: " + "; ".join(mismatches)


def _password_only_mismatches(route: Route, level: str, path: str, example: Example, cast: Cast) -> list[str]:
    without_device = MembershipFactory(organization=cast.org_a, user__username="password-only-officer").user
    sessions = {"password only, with a device": cast.officer_a, "password only, no device": without_device}
    mismatches = []
    for role, user in sessions.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        has_device = user is cast.officer_a
        if level == PUBLIC:
            expected = example.expect.get("anonymous") or {OK}
        elif route.full_name in ENROLMENT_PAGES and not has_device:
            expected = {OK}
        else:
            expected = {LOGIN} if has_device else {SETUP}
        outcome = classify(call(client, path, example))
        if outcome not in expected:
            mismatches.append(f"{role}: {outcome}, expected {' or '.join(sorted(expected))}")
    return mismatches


def test_an_officer_of_another_body_gets_404_for_an_organisation_page(
    officer_b_client: Client, org_a: Any
) -> None:
    response = officer_b_client.get(reverse("accounts:organization_detail", kwargs={"pk": org_a.pk}))
    assert response.status_code == 404


def test_a_nonexistent_organisation_and_a_foreign_one_look_the_same(
    officer_b_client: Client, org_a: Any
) -> None:
    foreign = officer_b_client.get(reverse("accounts:organization_detail", kwargs={"pk": org_a.pk}))
    nowhere = officer_b_client.get(reverse("accounts:organization_detail", kwargs={"pk": 999_999}))
    assert foreign.status_code == nowhere.status_code == 404
