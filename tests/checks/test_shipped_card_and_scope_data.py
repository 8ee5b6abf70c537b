"""The corrected rules on the shipped catalog files: card specifications and the 9(2) change date."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.checks.engine import evaluate
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.law.catalog.loading import catalog_from_files
from tests.checks.factories import clean_declaration

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def shipped():
    return catalog_from_files()


def _flow_findings(shipped, as_of: str, **flow) -> set[str]:
    data = clean_declaration()
    data["card_flows"] = [{**data["card_flows"][0], **flow}]
    found = evaluate(snapshot_from_declaration(data), shipped, D(as_of), rules=["CARD-NOT-AVAILABLE"])
    return {f.subject for f in found}


def test_the_shipped_catalog_has_the_card_specifications(shipped) -> None:
    assert {c.key for c in shipped.cards} >= {"my_number_card", "residence_card", "special_residence_card"}
    assert shipped.card_applications and shipped.card_placements


def test_the_special_residence_card_exists_from_2026_06_14(shipped) -> None:
    flow = {"card": "special_residence_card", "application": "input_support", "items": ["name", "address"]}
    assert _flow_findings(shipped, "2026-06-13", **flow)
    assert not _flow_findings(shipped, "2026-06-14", **flow)


def test_the_residence_chip_is_not_on_a_my_number_card(shipped) -> None:
    assert _flow_findings(
        shipped, "2026-04-01", card="my_number_card", application="residence_chip", items=["name"]
    )
    assert not _flow_findings(
        shipped, "2026-04-01", card="residence_card", application="residence_chip", items=["name"]
    )


def test_the_9_2_change_takes_effect_on_promulgation(shipped) -> None:
    """令和5年法律第48号附則第1条第1号: the Article 9(2) change was in force on 2023-06-09."""
    assert shipped.ordinance_scope(D("2023-06-08")).allowed_fields is not None
    assert shipped.ordinance_scope(D("2023-06-09")).allowed_fields is None
