"""Safeguards of the terminals (番号法第12条, 安全管理措置): how a terminal that reads
individual numbers is protected.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import WARNING
from compliance.checks.rulebook import Hit, rule, subject

#: Filed with the entrustment rules: the rule filter shows them together as 「委託・端末」.
THEME = "entrustment"


@rule(
    "SEC-TWO-FACTOR",
    severity=WARNING,
    citation="番号法第12条",
    theme=THEME,
    ja="個人番号を読み取る端末「{terminal}」（{flows}）に二要素認証がありません。",
    en="The terminal “{terminal}” reads individual numbers ({flows}) without two-factor authentication.",
)
def sec_two_factor(ctx: Context) -> Iterator[Hit]:
    """A terminal used by a flow that reads ``number`` has ``two_factor: false`` (資料「マイナンバー制度の拡大と デジタル改革の危うさ」:
    audits
    found terminals without two-factor authentication and with shared passwords)."""
    flows_by_terminal: dict[str, list[str]] = {}
    for flow in ctx.snapshot.card_flows:
        if flow.terminal and flow.reads("number"):
            flows_by_terminal.setdefault(flow.terminal, []).append(flow.id)
    for terminal in ctx.snapshot.terminals:
        flows = flows_by_terminal.get(terminal.id)
        if flows and not terminal.two_factor:
            yield Hit(
                subject("terminals", terminal.id),
                {"terminal": terminal.name, "flows": ", ".join(flows)},
            )
