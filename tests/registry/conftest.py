"""The cast and the catalog for the registry tests.

The registry tests run against a small, fixed legal catalog (one schedule row, two
categories, one linkage permission) so that they do not depend on how the shipped
catalog files evolve; the ``catalog`` fixture puts it in use (``catalog_in_use``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance.accounts.models import Membership, MembershipRole, Organization, User
from compliance.checks.selectors import catalog_in_use
from compliance.law.catalog import (
    BodyRef,
    Catalog,
    Category,
    LinkagePermission,
    Period,
    ScheduleRow,
    build_catalog,
)

DATA = Path(__file__).parent / "data"
MAYOR = BodyRef(label="市町村長", kinds=frozenset({"municipality", "special_ward"}), body="mayor")
SINCE_2015 = Period(dt.date(2015, 10, 5))


def small_catalog() -> Catalog:
    return build_catalog(
        schedule_rows=[
            ScheduleRow(
                key="row-child-allowance",
                kind="schedule",
                row_number="56",
                statute="児童手当法",
                affair="児童手当法による児童手当又は特例給付の支給に関する事務であって主務省令で定めるもの",
                bodies=(MAYOR,),
                field="social_security",
                period=SINCE_2015,
            )
        ],
        categories=[Category("地方税関係情報", SINCE_2015), Category("医療保険給付関係情報", SINCE_2015)],
        permissions=[
            LinkagePermission(
                key="perm-1",
                requester_row="row-child-allowance",
                category="地方税関係情報",
                providers=(MAYOR,),
                period=SINCE_2015,
            )
        ],
        ordinance_limits=[],
        ordinance_scope_rules=[],
    )


@pytest.fixture(autouse=True)
def catalog() -> Iterator[Catalog]:
    catalog = small_catalog()
    with catalog_in_use(catalog):
        yield catalog


@pytest.fixture
def declaration() -> dict[str, Any]:
    """A declaration of 架空市 touching every collection (the example of contracts.md §4, extended)."""
    return json.loads((DATA / "kakuu_city.json").read_text(encoding="utf-8"))


@pytest.fixture
def city(db: None) -> Organization:
    return Organization.objects.create(name="架空市", code="999997", kind="municipality", body="mayor")


@pytest.fixture
def other_city(db: None) -> Organization:
    return Organization.objects.create(name="苫小牧市", code="012131", kind="municipality", body="mayor")


def _member(username: str, organization: Organization, role: str = MembershipRole.OFFICER) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery-staple")
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def officer(city: Organization) -> User:
    """An officer (担当者) of 架空市."""
    return _member("officer-kakuu", city)


@pytest.fixture
def officer_elsewhere(other_city: Organization) -> User:
    """An officer of another body: 架空市's registry must not exist for them."""
    return _member("officer-tomakomai", other_city)


@pytest.fixture(autouse=True)
def _form_definitions(request: pytest.FixtureRequest) -> None:
    """An import drafts the assessments it makes necessary (contracts.md §3), which needs the PPC's
    form definitions in the database, as ``make run`` loads them."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from tests.assessments.factories import load_form_definitions

        load_form_definitions()
