"""What the engine reports: a :class:`Finding` per (rule, subject), and the severity order."""

from __future__ import annotations

from dataclasses import dataclass

VIOLATION = "violation"
WARNING = "warning"
NOTICE = "notice"

#: Severities from the most to the least serious (docs/rules.md); output is sorted in this order.
SEVERITIES: tuple[str, ...] = (VIOLATION, WARNING, NOTICE)
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: a rule of the catalog fired for one declaration entry.

    ``subject`` is ``COLLECTION/ID`` (``affairs/a1``, ``card_flows/c1``…) or
    ``organization`` (docs/domain.md §6.2). ``explanation`` optionally says
    more than the one-line message (shown in the text report, not part of the
    JSON contract).
    """

    rule: str
    severity: str
    subject: str
    citation: str
    message_ja: str
    message_en: str
    explanation: str = ""

    def sort_key(self) -> tuple[int, str, str, str]:
        return (SEVERITY_RANK[self.severity], self.rule, self.subject, self.message_ja)

    def as_dict(self) -> dict[str, str]:
        """The JSON shape of docs/domain.md §6.2 (exactly these keys)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "subject": self.subject,
            "citation": self.citation,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
        }
