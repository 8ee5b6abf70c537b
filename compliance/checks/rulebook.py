"""The registry of rules: each rule is a small function registered with its ID, severity,
citation and message templates (domain.md §4; the IDs are a public contract).

A rule function receives the per-evaluation :class:`~compliance.checks.context.Context`
and yields :class:`Hit` values: the subject (``COLLECTION/ID``) and the parameters
its message templates name. The engine turns hits into
:class:`~compliance.checks.findings.Finding` objects, so every message of a rule
has the same shape in both languages.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from compliance.checks.findings import SEVERITIES, Finding

if TYPE_CHECKING:
    from compliance.checks.context import Context


class Hit(NamedTuple):
    subject: str
    params: dict[str, Any]
    explanation: str = ""


RuleCheck = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    citation: str
    message_ja: str
    message_en: str
    theme: str
    check: RuleCheck
    description: str  # the rule function's docstring: when it fires and why

    def finding(self, hit: Hit) -> Finding:
        return Finding(
            rule=self.id,
            severity=self.severity,
            subject=hit.subject,
            citation=self.citation,
            message_ja=self.message_ja.format_map(hit.params),
            message_en=self.message_en.format_map(hit.params),
            explanation=hit.explanation,
        )


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, severity: str, citation: str, ja: str, en: str, theme: str
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as rule ``rule_id`` (an ID may be registered only once)."""
    if severity not in SEVERITIES:
        raise ValueError(f"{rule_id}: unknown severity {severity!r}")

    def register(check: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        RULES[rule_id] = Rule(
            id=rule_id,
            severity=severity,
            citation=citation,
            message_ja=ja,
            message_en=en,
            theme=theme,
            check=check,
            description=inspect.cleandoc(check.__doc__ or ""),
        )
        return check

    return register


def subject(collection: str, ident: str) -> str:
    return f"{collection}/{ident}"
