"""The samples a reviewer recognises, each against the shipped catalog with the rules read from the Act.

Each sample (fixtures/declarations/) shows one reading of Articles 9, 19, 21 and 28; the test pins its exact
findings, so a rule that drifts back to the old reading fails here by name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.checks.engine import evaluate
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.law.catalog import Catalog
from compliance.law.catalog.loading import catalog_from_files
from tests.checks.test_sample_declarations import findings, load


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return catalog_from_files()


def test_the_special_collection_notice_to_employers_the_tax_exchange_and_a_court_order_are_lawful(
    shipped: Catalog,
) -> None:
    # 19(1): to a 個人番号関係事務実施者 (the employer); 19(10): the mayor to the 国税庁長官; 19(15): a court.
    assert findings("tax-special-collection-notice", shipped) == set()


def test_without_a_declared_ground_the_same_provisions_are_still_questioned(shipped: Catalog) -> None:
    data = load("tax-special-collection-notice")
    for provision in data["provisions"]:
        provision.pop("ground")
    snapshot = snapshot_from_declaration(data)
    assert snapshot.as_of is not None
    found = {f"{f.rule}@{f.subject}" for f in evaluate(snapshot, shipped, snapshot.as_of)}
    # Inferred from the channel: "other" to anyone but the person is none of Article 19's cases.
    assert found == {f"PROVISION-NO-BASIS@provisions/p{i}" for i in (1, 2, 3)}


def test_the_mayors_transfer_between_two_of_the_mayors_affairs_is_use_not_provision(shipped: Catalog) -> None:
    assert findings("mayor-internal-transfer", shipped) == set()


def test_the_board_of_education_receives_tax_data_only_as_far_as_the_ordinance_covers(
    shipped: Catalog,
) -> None:
    # p1 (地方税関係情報 from the mayor) is in the ordinance's intra_provisions; p2 (生活保護関係情報) is not.
    assert findings("board-of-education-tax-data", shipped) == {"INTRA-GOV-NO-ORDINANCE@provisions/p2"}


def test_a_quasi_affair_requests_through_the_network_within_its_permissions(shipped: Catalog) -> None:
    # 19(8) names 準法定事務処理者 among the requesters: p1 is permitted, p2 asks for a category it is not.
    assert findings("quasi-affair-linkage", shipped) == {"LINKAGE-NOT-PERMITTED@provisions/p2"}


def test_before_quasi_affairs_existed_the_same_request_has_no_basis(shipped: Catalog) -> None:
    found = findings("quasi-affair-linkage", shipped, "2024-05-26")
    assert "BASIS-NOT-IN-FORCE@affairs/a1" in found
    assert "LINKAGE-NOT-PERMITTED@provisions/p1" in found


def test_an_independent_agencys_full_assessment_needs_the_commissions_approval_and_linkage_is_refused(
    shipped: Catalog,
) -> None:
    # 28(2): every 行政機関の長等 that is not a 地方公共団体等; 21(2): the network refuses on that violation.
    assert findings("independent-agency-full-without-approval", shipped) == {
        "PIA-APPROVAL@assessments/s2",
        "LINKAGE-WITHOUT-ASSESSMENT@provisions/p1",
    }


def test_the_online_qualification_links_the_certificate_serial_to_the_insured(shipped: Catalog) -> None:
    # The JPKI user-authentication certificate holds its serial: the catalog has the read, the link is the risk.
    assert findings("health-insurance-online-qualification", shipped) == {"CARD-SERIAL-LINKING@card_flows/c1"}


def test_the_drivers_licence_on_the_card_is_read_within_what_the_free_area_holds(shipped: Catalog) -> None:
    # Since the licence can be recorded on the card, the free area holds the licence's items; gender is not
    # among them (the police are kept from the card's own items).
    assert findings("drivers-licence-on-card", shipped) == {
        "CARD-GENDER-MINIMIZATION@card_flows/c3",
        "CARD-NOT-AVAILABLE@card_flows/c3",
    }


def test_a_card_finding_names_the_application_in_words_not_by_its_key(shipped: Catalog) -> None:
    data = load("drivers-licence-on-card")
    snapshot = snapshot_from_declaration(data)
    assert snapshot.as_of is not None
    [finding] = [f for f in evaluate(snapshot, shipped, snapshot.as_of) if f.rule == "CARD-NOT-AVAILABLE"]
    assert "「空き領域」" in finding.message_ja and "free_area" not in finding.message_ja
    assert "the free area" in finding.message_en


@pytest.mark.parametrize(
    ("row", "as_of", "fires"),
    [("八十一", "2026-04-01", False), ("81", "2026-04-01", False), ("五十六", "2026-04-01", True),
     ("五十六", "2020-04-01", False), ("八十一", "2020-04-01", True)],
)  # fmt: skip
def test_a_declared_row_number_is_read_in_the_schedule_in_force_on_the_date(
    shipped: Catalog, row: str, as_of: str, fires: bool
) -> None:
    # 児童手当 is 別表第一 五十六 until 2024-05-26 and 別表 八十一 from 2024-05-27.
    data = load("clean-child-allowance-city")
    data["affairs"][0]["basis"]["row"] = row
    snapshot = snapshot_from_declaration(data)
    found = {f.rule for f in evaluate(snapshot, shipped, dt.date.fromisoformat(as_of))}
    assert ("BASIS-NONE" in found) is fires
