"""docs/rules.md lists exactly the registered rules, with their severities."""

from __future__ import annotations

import re
from pathlib import Path

import compliance.checks.rules  # noqa: F401  (registers every rule)
from compliance.checks.rulebook import RULES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
ROW = re.compile(r"^\| `([A-Z0-9-]+)` \| (\w+) \|", re.MULTILINE)


def test_the_rules_page_lists_exactly_the_registered_rules() -> None:
    listed = ROW.findall(PAGE.read_text(encoding="utf-8"))
    ids = [rule_id for rule_id, _ in listed]
    assert len(ids) == len(set(ids)), "a rule is listed twice"
    assert set(ids) == set(RULES)
    assert {rule_id: severity for rule_id, severity in listed} == {
        rule_id: rule.severity for rule_id, rule in RULES.items()
    }
