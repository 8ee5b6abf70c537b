"""Properties of the engine over any schema-valid declaration (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.checks.engine import evaluate
from compliance.checks.rulebook import RULES
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import validate_declaration
from tests.checks.catalog_factory import small_catalog
from tests.checks.strategies import dates, declarations

CATALOG = small_catalog()
#: Rules whose findings are about an entry's legal basis (番号法第9条・第19条).
BASIS_RULES = {rule_id for rule_id, rule in RULES.items() if rule.theme == "basis"} | {
    "PROVISION-NO-BASIS", "LINKAGE-NOT-PERMITTED", "LINKAGE-ORDINANCE-SCOPE", "INTRA-GOV-NO-ORDINANCE",
    "CARD-NUMBER-READ",
}  # fmt: skip
LEAVES = ("provisions", "card_flows", "entrustments", "assessments", "changes", "incidents")
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(data: dict[str, Any], as_of: dt.date) -> list[Any]:
    return evaluate(snapshot_from_declaration(data), CATALOG, as_of)


@PROFILE
@given(declarations())
def test_the_strategy_only_makes_valid_declarations(data: dict[str, Any]) -> None:
    assert validate_declaration(data, CATALOG) == []


@PROFILE
@given(declarations(), dates)
def test_the_engine_never_raises_and_reports_known_rules_and_subjects(
    data: dict[str, Any], as_of: dt.date
) -> None:
    findings = run(data, as_of)
    for finding in findings:
        assert finding.rule in RULES
        assert finding.severity == RULES[finding.rule].severity
        collection, _, ident = finding.subject.partition("/")
        assert ident in {entry["id"] for entry in data[collection]}


@PROFILE
@given(declarations(), dates)
def test_the_output_is_deterministic_and_sorted(data: dict[str, Any], as_of: dt.date) -> None:
    first = run(data, as_of)
    assert first == run(copy.deepcopy(data), as_of)
    assert first == sorted(first, key=lambda f: f.sort_key())
    reordered = copy.deepcopy(data)
    for value in reordered.values():
        if isinstance(value, list):
            value.reverse()
    assert {(f.rule, f.subject) for f in run(reordered, as_of)} == {(f.rule, f.subject) for f in first}


def removable(data: dict[str, Any]) -> list[tuple[str, int]]:
    """Entries whose removal keeps the declaration valid (nothing refers to them)."""
    referenced = {
        "affairs": {
            p["affair"] for c in ("provisions", "card_flows", "assessments", "changes") for p in data[c]
        }
        | {a for f in data["files"] for a in f["affairs"]},
        "files": {e["file"] for e in data["entrustments"]},
        "terminals": {c["terminal"] for c in data["card_flows"]},
    }
    found = [(c, i) for c in LEAVES for i in range(len(data[c]))]
    for collection, used in referenced.items():
        found += [(collection, i) for i, entry in enumerate(data[collection]) if entry["id"] not in used]
    return found


@PROFILE
@given(declarations(), dates, st.data())
def test_removing_an_entry_never_adds_a_finding_about_another_entrys_basis(
    data: dict[str, Any], as_of: dt.date, pick: st.DataObject
) -> None:
    candidates = removable(data)
    if not candidates:
        return
    collection, index = pick.draw(st.sampled_from(candidates))
    before = {(f.rule, f.subject) for f in run(data, as_of) if f.rule in BASIS_RULES}
    smaller = copy.deepcopy(data)
    removed = smaller[collection].pop(index)
    assert validate_declaration(smaller, CATALOG) == []
    after = {(f.rule, f.subject) for f in run(smaller, as_of) if f.rule in BASIS_RULES}
    assert after <= before, f"removing {collection}/{removed['id']} added {after - before}"
