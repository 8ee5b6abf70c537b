"""Every rule of domain.md §4 fires on a declaration made for it, and stays silent on a near miss."""

from __future__ import annotations

from typing import Any

import pytest

from compliance.checks.rulebook import RULES
from compliance.law.catalog import Catalog
from tests.checks.cases import all_cases, case_files, found_keys

CASES = all_cases()


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{rule}: {case['name']}" for rule, case in CASES])
def test_the_rule_case_gives_the_expected_findings(rule: str, case: dict[str, Any], catalog: Catalog) -> None:
    found = found_keys(case["declaration"], catalog, case["as_of"])
    missing = set(case["expect"]) - found
    unexpected = set(case["expect_absent"]) & found
    assert not missing, f"expected but not found: {sorted(missing)}; found {sorted(found)}"
    assert not unexpected, f"found but must not be: {sorted(unexpected)}"


def test_every_registered_rule_has_a_case_file() -> None:
    assert set(case_files()) == set(RULES)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_a_firing_case_and_a_near_miss(rule: str) -> None:
    cases = case_files()[rule]["cases"]
    fires = [c for c in cases if any(key.startswith(f"{rule}@") for key in c["expect"])]
    misses = [c for c in cases if any(key.startswith(f"{rule}@") for key in c["expect_absent"])]
    assert fires, f"{rule} has no case where it fires"
    assert misses, f"{rule} has no near-miss case"


def test_the_rule_catalog_is_the_one_of_the_domain_guide() -> None:
    assert set(RULES) == {
        "BASIS-NONE", "BASIS-BODY", "BASIS-NOT-IN-FORCE", "BASIS-ORDINANCE-BODY", "BASIS-ORDINANCE-SCOPE",
        "PROVISION-NO-BASIS", "LINKAGE-NOT-PERMITTED", "LINKAGE-ORDINANCE-SCOPE", "INTRA-GOV-NO-ORDINANCE",
        "LINKAGE-WITHOUT-ASSESSMENT", "CARD-NUMBER-READ", "CARD-GENDER-MINIMIZATION", "CARD-RESIDENCE-WRITE",
        "CARD-MEDIA-TRANSFER", "CARD-UNSUPPORTED-INSTALL", "CARD-SERIAL-LINKING", "CARD-RESIDENCE-OVEREXPOSURE",
        "CARD-CONSENT", "CARD-RESIDENT-CODE", "PIA-MISSING", "PIA-LEVEL", "PIA-LATE", "PIA-CHANGE", "PIA-COMMENT",
        "PIA-THIRD-PARTY", "PIA-APPROVAL", "PIA-STALE", "PIA-REVIEW", "PIA-INCIDENT-MISMATCH", "PIA-PERSONS-UNCERTAIN",
        "CARD-NOT-AVAILABLE",
        "ENTRUST-SUBCONTRACT", "ENTRUST-SUPERVISION", "SEC-TWO-FACTOR",
    }  # fmt: skip
