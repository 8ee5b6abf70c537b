"""The registry of rules: each rule is a small function registered with its ID, severity,
citation and message templates (docs/rules.md; the IDs are a public contract).

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
    import datetime as dt

    from compliance.checks.context import Context
    from compliance.law.catalog import Catalog


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
    #: the Article 19 ground the rule is about: its citation is that item as numbered on the as-of date
    ground: str | None = None

    def citation_on(self, catalog: Catalog | None, as_of: dt.date | None) -> tuple[str, str]:
        """(Japanese citation, English citation) of the rule on ``as_of``.

        Article 19's items were renumbered by amendments (intra-government provision is 第9号 in the
        2015 text and 第11号 today), so a ground's number comes from the catalog as of the date (for a
        ground not yet in force then, its number when it took effect); without catalog data for the
        ground, the rule's written citation.
        """
        if self.ground and catalog is not None and as_of is not None:
            item = catalog.article19_item(self.ground, as_of, nearest=True)
            if item is not None:
                return item.citation, item.citation_en
        return self.citation, "the My Number Act, " + self.citation.removeprefix("番号法")

    def finding(self, hit: Hit, catalog: Catalog | None = None, as_of: dt.date | None = None) -> Finding:
        citation, citation_en = self.citation_on(catalog, as_of)
        params = {"a19": citation, "a19_en": citation_en, **hit.params} if self.ground else hit.params
        return Finding(
            rule=self.id,
            severity=self.severity,
            subject=hit.subject,
            citation=citation,
            message_ja=self.message_ja.format_map(params),
            message_en=self.message_en.format_map(params),
            explanation=hit.explanation,
        )


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, severity: str, citation: str, ja: str, en: str, theme: str, ground: str | None = None
) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as rule ``rule_id`` (an ID may be registered only once).

    ``ground`` names the Article 19 item the rule applies (``network``, ``intra_government`` …): the
    finding's citation, and ``{a19}``/``{a19_en}`` in the messages, are that item as numbered on the
    check's date; ``citation`` is what is shown when the catalog has no such item then.
    """
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
            ground=ground,
        )
        return check

    return register


def subject(collection: str, ident: str) -> str:
    return f"{collection}/{ident}"
