"""The engine as a whole: legal facts come from the catalog, output is ordered, rules can be selected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from compliance.checks.engine import check, evaluate
from compliance.checks.findings import SEVERITY_RANK
from compliance.checks.rulebook import RULES
from compliance.checks.snapshot import snapshot_from_declaration
from compliance.declaration.validation import validate_declaration
from compliance.law.catalog import Catalog, OrdinanceScopeRule, Period, build_catalog
from tests.checks.catalog_factory import SCOPE_AMENDMENT, small_catalog
from tests.checks.factories import clean_declaration

D = dt.date.fromisoformat


def other_field_ordinance_affair() -> dict[str, Any]:
    data = clean_declaration()
    data["ordinances"][0]["affairs"][0]["field"] = "other"
    data["affairs"][0]["basis"] = {"kind": "ordinance", "ordinance": "o1", "affair": "oa1"}
    data["provisions"] = []
    return data


def keys(data: dict[str, Any], catalog: Catalog, day: dt.date) -> set[str]:
    return {f"{f.rule}@{f.subject}" for f in evaluate(snapshot_from_declaration(data), catalog, day)}


def with_scope_amendment_on(day: dt.date) -> Catalog:
    base = small_catalog()
    rules = [
        OrdinanceScopeRule("before", frozenset({"welfare", "social_security"}), Period(D("2016-01-01"), day)),
        OrdinanceScopeRule("after", None, Period(day)),
    ]
    return build_catalog(
        schedule_rows=base.schedule_rows, categories=base.categories, permissions=base.permissions,
        ordinance_limits=base.ordinance_limits, ordinance_scope_rules=rules,
    )  # fmt: skip


def test_the_9_2_scope_warning_stops_on_the_amendment_day(catalog: Catalog) -> None:
    data = other_field_ordinance_affair()
    the_day_before = SCOPE_AMENDMENT - dt.timedelta(days=1)
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" in keys(data, catalog, the_day_before)
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" not in keys(data, catalog, SCOPE_AMENDMENT)


def test_the_amendment_date_comes_from_the_catalog_not_the_code() -> None:
    data = other_field_ordinance_affair()
    later = with_scope_amendment_on(D("2030-01-01"))
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" in keys(data, later, D("2026-04-01"))
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" not in keys(data, later, D("2030-01-01"))


def test_without_any_scope_rule_in_force_the_scope_rule_is_silent() -> None:
    data = other_field_ordinance_affair()
    assert "BASIS-ORDINANCE-SCOPE@affairs/a1" not in keys(
        data, with_scope_amendment_on(D("2020-01-01")), D("2015-01-01")
    )


def test_findings_come_most_serious_first(catalog: Catalog) -> None:
    data = clean_declaration()
    data["affairs"][0]["basis"] = {"kind": "none"}
    data["entrustments"][0]["supervision"] = False
    data["assessments"][1]["last_review_on"] = None
    ranks = [
        SEVERITY_RANK[f.severity] for f in evaluate(snapshot_from_declaration(data), catalog, D("2026-04-01"))
    ]
    assert ranks == sorted(ranks)
    assert set(ranks) == {0, 1, 2}


def test_every_finding_carries_the_rules_citation_and_severity(catalog: Catalog) -> None:
    data = clean_declaration()
    data["affairs"][0]["basis"] = {"kind": "none"}
    for finding in evaluate(snapshot_from_declaration(data), catalog, D("2026-04-01")):
        rule = RULES[finding.rule]
        citation = rule.citation_on(catalog, D("2026-04-01"))[0]  # a ground's item as numbered then
        assert (finding.severity, finding.citation) == (rule.severity, citation)
        assert finding.message_ja and finding.message_en


def test_it_can_run_only_the_rules_asked_for(catalog: Catalog) -> None:
    data = clean_declaration()
    data["affairs"][0]["basis"] = {"kind": "none"}
    snapshot = snapshot_from_declaration(data)
    only = evaluate(snapshot, catalog, D("2026-04-01"), rules=["CARD-NUMBER-READ"])
    assert [f.rule for f in only] == ["CARD-NUMBER-READ"]


def test_the_check_result_has_the_contract_shape(catalog: Catalog) -> None:
    result = check(snapshot_from_declaration(clean_declaration()), catalog, D("2026-04-01")).as_dict()
    assert json.loads(json.dumps(result)) == {
        "as_of": "2026-04-01",
        "findings": [],
        "threshold": {
            "a1": {
                "persons": 25000,
                "handlers": 60,
                "serious_incident": False,
                "mandatory": True,
                "required": ["basic"],
            }
        },
    }


def test_every_rule_documents_when_it_fires() -> None:
    for rule in RULES.values():
        assert len(rule.description) > 40, rule.id
        assert rule.citation, rule.id


def test_the_engine_does_not_mutate_its_inputs(catalog: Catalog) -> None:
    snapshot = snapshot_from_declaration(clean_declaration())
    before = dataclasses.astuple(snapshot)
    evaluate(snapshot, catalog, D("2026-04-01"))
    assert dataclasses.astuple(snapshot) == before


def test_the_benchmark_corpus_is_valid_against_the_shipped_catalog() -> None:
    from bench.synthetic import corpus
    from compliance.law.catalog.loading import catalog_from_files

    shipped = catalog_from_files()
    for data in corpus(shipped, affairs=150):
        assert [str(p) for p in validate_declaration(data, shipped)][:3] == []
