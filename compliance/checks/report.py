"""The human-readable report of ``check_declaration --format text``: findings grouped by severity."""

from __future__ import annotations

from compliance.checks.engine import CheckResult
from compliance.checks.findings import SEVERITIES
from compliance.checks.snapshot import DeclarationSnapshot
from compliance.lib.vocabulary import AssessmentLevel, ja

HEADINGS = {"violation": "違反 (violation)", "warning": "警告 (warning)", "notice": "注意 (notice)"}


def render_text(result: CheckResult, snapshot: DeclarationSnapshot) -> str:
    org = snapshot.organization
    lines = [
        f"{org.name} ({org.code}) — {result.as_of.isoformat()} 時点の点検結果 / check as of {result.as_of.isoformat()}",
        "",
    ]
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in result.findings:
        counts[finding.severity] += 1
    lines.append("指摘 / findings: " + ", ".join(f"{severity} {counts[severity]}" for severity in SEVERITIES))
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"{HEADINGS[severity]}: {len(group)}"]
        for finding in group:
            lines.append(f"  {finding.rule}  {finding.subject}  [{finding.citation}]")
            lines.append(f"    {finding.message_ja}")
            lines.append(f"    {finding.message_en}")
            if finding.explanation:
                lines.append(f"    {finding.explanation}")
    if not result.findings:
        lines += ["", "指摘はありません。 / No findings."]
    if result.threshold:
        lines += ["", "しきい値判断 / threshold decision:"]
        names = {affair.id: affair.name for affair in snapshot.affairs}
        for affair_id, t in result.threshold.items():
            forms = (
                "・".join(ja(AssessmentLevel, level) for level in t.required)
                if t.mandatory
                else "義務なし (not mandatory)"
            )
            incident = "重大事故あり" if t.serious_incident else "重大事故なし"
            lines.append(
                f"  {affair_id} {names.get(affair_id, '')}: 対象人数 {t.persons:,} / 取扱者数 {t.handlers:,} / "
                f"{incident} → {forms}"
            )
    return "\n".join(lines)
