"""A finding cites the Article 19 item as the Act numbered it on the check's date, from the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.checks.engine import evaluate
from compliance.checks.rulebook import RULES
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.law.catalog import Article19Item, Catalog, Period, build_catalog
from compliance.law.catalog.loading import catalog_from_files
from tests.checks.catalog_factory import small_catalog

D = dt.date.fromisoformat


def intra_government_without_ordinance() -> dict[str, Any]:
    return {
        "format": "pia-declaration/1",
        "organization": {"name": "架空市", "code": "999997", "kind": "municipality", "body": "mayor"},
        "affairs": [{
            "id": "a1", "name": "個人住民税の賦課事務", "uses_number": True, "uses_gender": False,
            "needs_residence_status": False, "basis": {"kind": "schedule", "statute": "地方税法", "affair": "地方税"},
        }],
        "provisions": [{
            "id": "p1", "affair": "a1", "direction": "provide", "channel": "intra_government",
            "counterparty": {"name": "架空市教育委員会", "kind": "municipality", "body": "board_of_education",
                             "same_government": True},
            "categories": ["地方税関係情報"],
        }],
    }  # fmt: skip


def network_request_not_permitted() -> dict[str, Any]:
    data = intra_government_without_ordinance()
    data["provisions"] = [{
        "id": "p1", "affair": "a1", "direction": "receive", "channel": "network",
        "counterparty": {"name": "架空大臣", "kind": "national_body", "body": "minister", "same_government": False},
        "categories": ["地方税関係情報"],
    }]  # fmt: skip
    return data


def citation(data: dict[str, Any], catalog: Catalog, day: dt.date, rule: str) -> tuple[str, str, str]:
    [finding] = [f for f in evaluate(snapshot_from_declaration(data), catalog, day) if f.rule == rule]
    return finding.citation, finding.message_ja, finding.message_en


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return catalog_from_files()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2016-06-01", "番号法第19条第9号"),  # the 2015 text
        ("2026-04-01", "番号法第19条第11号"),  # the 2025 text
    ],
)
def test_an_intra_government_finding_cites_the_item_as_numbered_on_the_check_date(shipped, day, expected):
    cited, _ja, _en = citation(
        intra_government_without_ordinance(), shipped, D(day), "INTRA-GOV-NO-ORDINANCE"
    )
    assert cited == expected


def test_a_network_finding_names_the_item_of_its_date_in_both_languages(shipped):
    cited, ja, en = citation(
        network_request_not_permitted(), shipped, D("2026-04-01"), "LINKAGE-NOT-PERMITTED"
    )
    item = shipped.article19_item("network", D("2026-04-01"))
    assert item is not None and cited == f"番号法第19条第{item.item}号"
    assert cited in ja
    assert f"Article 19({item.item})" in en


def test_the_number_comes_from_the_catalog_not_the_code():
    base = small_catalog()
    moved = build_catalog(
        schedule_rows=base.schedule_rows, categories=base.categories, permissions=base.permissions,
        ordinance_limits=base.ordinance_limits, ordinance_scope_rules=base.ordinance_scope_rules,
        article19_items=[Article19Item("x", "intra_government", "42", "同一地方公共団体内", Period(D("2016-01-01")))],
    )  # fmt: skip
    cited, _ja, _en = citation(
        intra_government_without_ordinance(), moved, D("2026-04-01"), "INTRA-GOV-NO-ORDINANCE"
    )
    assert cited == "番号法第19条第42号"


def test_without_catalog_data_for_the_ground_the_rule_keeps_its_written_citation():
    cited, _ja, _en = citation(
        intra_government_without_ordinance(), small_catalog(), D("2026-04-01"), "INTRA-GOV-NO-ORDINANCE"
    )
    assert cited == RULES["INTRA-GOV-NO-ORDINANCE"].citation


def test_a_ground_not_yet_in_force_is_cited_by_its_number_when_it_took_effect(shipped):
    item = shipped.article19_item("network", D("2016-06-01"), nearest=True)
    assert shipped.article19_item("network", D("2016-06-01")) is None
    assert item is not None and item.period.in_force_from > D("2016-06-01")


def test_every_ground_of_the_2025_text_has_its_number_today(shipped):
    today = D("2026-04-01")
    numbers = {g: shipped.article19_item(g, today) for g in (
        "to_person_or_related", "related_affairs", "from_person", "employer_transfer", "jlis", "entrustment",
        "resident_register", "network", "ordinance_network", "tax", "intra_government", "book_entry",
        "commission", "mic", "public_interest", "life_protection", "commission_rule",
    )}  # fmt: skip
    assert [int(i.item) for i in numbers.values() if i is not None] == list(range(1, 18))
