"""The legal-basis check engine: ``evaluate(snapshot, catalog, as_of) -> list[Finding]``.

A pure, deterministic function (docs/domain.md §7.1, step 4): the same snapshot, catalog and
date give the same findings in the same order — by severity (violation, warning,
notice), then rule ID, then subject. The CLI (``check_declaration``), the web,
bulk re-checks and amendment impact analysis all call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import compliance.checks.rules  # noqa: F401  (registers every rule)
from compliance.checks.context import Context, Threshold, affair_thresholds
from compliance.checks.findings import Finding
from compliance.checks.rulebook import RULES, Rule
from compliance.checks.snapshot import DeclarationSnapshot
from compliance.law.catalog import Catalog


def _run(rules: Iterable[Rule], ctx: Context) -> list[Finding]:
    findings = [rule.finding(hit, ctx.catalog, ctx.as_of) for rule in rules for hit in rule.check(ctx)]
    findings.sort(key=Finding.sort_key)
    return findings


def evaluate(
    snapshot: DeclarationSnapshot, catalog: Catalog, as_of: dt.date, *, rules: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding of every rule (or of the ``rules`` IDs given) for ``snapshot`` on ``as_of``."""
    selected = RULES.values() if rules is None else [RULES[rule_id] for rule_id in rules]
    return _run(selected, Context(snapshot, catalog, as_of))


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What ``check_declaration`` reports: the date, the findings, and the threshold per affair."""

    as_of: dt.date
    findings: list[Finding]
    threshold: dict[str, Threshold]

    def as_dict(self) -> dict[str, object]:
        """The JSON object of docs/domain.md §6.2."""
        return {
            "as_of": self.as_of.isoformat(),
            "findings": [finding.as_dict() for finding in self.findings],
            "threshold": {affair_id: t.as_dict() for affair_id, t in self.threshold.items()},
        }


def check(snapshot: DeclarationSnapshot, catalog: Catalog, as_of: dt.date) -> CheckResult:
    ctx = Context(snapshot, catalog, as_of)
    return CheckResult(as_of=as_of, findings=_run(RULES.values(), ctx), threshold=ctx.thresholds)


__all__ = ["CheckResult", "Finding", "affair_thresholds", "check", "evaluate"]
