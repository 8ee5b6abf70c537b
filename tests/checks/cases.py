"""Reading the table-driven rule cases in ``tests/checks/cases/*.json``.

Each file holds the cases of one rule: ``{"rule": ID, "cases": [{"name", "as_of",
"declaration", "expect": ["RULE@subject", …], "expect_absent": [...]}, …]}``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from compliance.checks.engine import evaluate
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import validate_declaration
from compliance.law.catalog import Catalog

CASES_DIR = Path(__file__).with_name("cases")


def case_files() -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.json"))
    }


def all_cases() -> list[tuple[str, dict[str, Any]]]:
    return [(rule, case) for rule, content in case_files().items() for case in content["cases"]]


def found_keys(declaration: dict[str, Any], catalog: Catalog, as_of: str) -> set[str]:
    """``RULE@subject`` for every finding, after checking that the declaration is valid."""
    problems = validate_declaration(declaration, catalog)
    assert not problems, [str(p) for p in problems]
    findings = evaluate(snapshot_from_declaration(declaration), catalog, dt.date.fromisoformat(as_of))
    return {f"{f.rule}@{f.subject}" for f in findings}
