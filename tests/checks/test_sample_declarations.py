"""The sample declarations in fixtures/declarations/ against the shipped legal catalog (fixtures/law/).

These are the demo data: the four municipal programs of a 2022 Digital Agency briefing that could
not use linkage for their ordinance affairs, a city handling child allowance cleanly, the
residence-card counter flows of the Ministry of Justice's working paper, and the samples of the
readings corrected against the Act (test_legal_model_samples.py).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from compliance.checks.engine import evaluate
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import validate_declaration
from compliance.law.catalog import Catalog
from compliance.law.catalog.loading import catalog_from_files

SAMPLES = Path(settings.HYOKA_FIXTURES_DIR) / "declarations"
LINKAGE_AND_BASIS = ("BASIS-", "LINKAGE-", "PROVISION-", "INTRA-GOV-")


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return catalog_from_files()


def load(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def findings(name: str, catalog: Catalog, as_of: str | None = None) -> set[str]:
    data = load(name)
    assert [str(p) for p in validate_declaration(data, catalog)] == []
    snapshot = snapshot_from_declaration(data)
    day = dt.date.fromisoformat(as_of) if as_of else snapshot.as_of
    assert day is not None
    return {f"{f.rule}@{f.subject}" for f in evaluate(snapshot, catalog, day)}


def about_basis_and_linkage(found: set[str]) -> set[str]:
    return {key for key in found if key.startswith(LINKAGE_AND_BASIS)}


def test_every_sample_is_a_valid_declaration(shipped: Catalog) -> None:
    names = sorted(path.stem for path in SAMPLES.glob("*.json"))
    assert len(names) == 13
    for name in names:
        assert [str(p) for p in validate_declaration(load(name), shipped)] == [], name


def test_the_child_allowance_city_has_no_findings(shipped: Catalog) -> None:
    assert findings("clean-child-allowance-city", shipped) == set()


def test_the_child_allowance_city_was_clean_before_the_2023_amendment_too(shipped: Catalog) -> None:
    assert about_basis_and_linkage(findings("clean-child-allowance-city", shipped, "2023-04-01")) == set()


SEED002_2022 = {
    "seed002-tomakomai-nukumori-toyu": {"LINKAGE-ORDINANCE-SCOPE@provisions/p1"},
    "seed002-akita-kekkon-shinseikatsu": {
        "BASIS-ORDINANCE-SCOPE@affairs/a1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p2",
    },
    "seed002-kurume-hoikushi-shogakukin": {
        "BASIS-ORDINANCE-SCOPE@affairs/a1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p2",
    },
    "seed002-kagoshima-iju-shienkin": {
        "BASIS-ORDINANCE-SCOPE@affairs/a1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p1",
        "LINKAGE-ORDINANCE-SCOPE@provisions/p2",
    },
}


@pytest.mark.parametrize(("name", "expected"), SEED002_2022.items(), ids=list(SEED002_2022))
def test_the_seed_002_programs_could_not_link_in_2022(
    name: str, expected: set[str], shipped: Catalog
) -> None:
    assert findings(name, shipped) == expected


SEED002_2026 = {
    "seed002-tomakomai-nukumori-toyu": set(),
    "seed002-akita-kekkon-shinseikatsu": set(),
    "seed002-kurume-hoikushi-shogakukin": {"LINKAGE-ORDINANCE-SCOPE@provisions/p2"},
    "seed002-kagoshima-iju-shienkin": {"LINKAGE-ORDINANCE-SCOPE@provisions/p1"},
}


@pytest.mark.parametrize(("name", "expected"), SEED002_2026.items(), ids=list(SEED002_2026))
def test_after_the_amendment_only_categories_the_ppc_rule_still_excludes_remain(
    name: str, expected: set[str], shipped: Catalog
) -> None:
    assert about_basis_and_linkage(findings(name, shipped, "2026-04-01")) == expected


def test_the_seed_004_counter_flows(shipped: Catalog) -> None:
    assert findings("seed004-counter-residence-card", shipped) == {
        "CARD-RESIDENCE-WRITE@card_flows/c2",  # writing the address from a standalone branch terminal
        "CARD-MEDIA-TRANSFER@card_flows/c4",  # pattern 1: chip text to the register by unencrypted USB
        "CARD-UNSUPPORTED-INSTALL@card_flows/c5",  # pattern 2: reading app on the register client
    }


def amendment_day(catalog: Catalog) -> dt.date:
    """The first day the catalog's Article 9(2) scope allows any field (from the data, not the code)."""
    unlimited = [rule for rule in catalog.ordinance_scope_rules if rule.allowed_fields is None]
    assert unlimited, "the shipped catalog has no post-amendment 9(2) scope rule"
    return min(rule.period.in_force_from for rule in unlimited)


def test_the_9_2_scope_warning_ends_on_the_shipped_amendment_day(shipped: Catalog) -> None:
    day = amendment_day(shipped)
    before = findings("seed002-akita-kekkon-shinseikatsu", shipped, (day - dt.timedelta(days=1)).isoformat())
    on = findings("seed002-akita-kekkon-shinseikatsu", shipped, day.isoformat())
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" in before
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" not in on
