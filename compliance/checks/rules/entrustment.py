"""Entrustment (番号法第10条・第11条): who handles the files for the body, and under what
supervision. The terminals' safeguards (第12条) are in :mod:`compliance.checks.rules.security`.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.checks.context import Context
from compliance.checks.findings import VIOLATION, WARNING
from compliance.checks.rulebook import Hit, rule, subject

THEME = "entrustment"


def _params(ctx: Context, file_id: str, contractor: str, entrustment: str) -> dict[str, str]:
    file = ctx.files.get(file_id)
    return {"file": file.name if file else file_id, "contractor": contractor, "entrustment": entrustment}


@rule(
    "ENTRUST-SUBCONTRACT",
    severity=VIOLATION,
    citation="番号法第10条第1項",
    theme=THEME,
    ja="「{file}」の委託先「{contractor}」（{entrustment}）が、委託元の許諾なく再委託しています。",
    en="The contractor “{contractor}” handling “{file}” ({entrustment}) subcontracts without the entruster's permission.",
)
def entrust_subcontract(ctx: Context) -> Iterator[Hit]:
    """An entrustment has ``subcontract: true`` and ``subcontract_permitted: false``: re-entrustment
    (再委託) needs the original entruster's permission; an illegal one counts as a leak."""
    for entrustment in ctx.snapshot.entrustments:
        if entrustment.subcontract and not entrustment.subcontract_permitted:
            yield Hit(
                subject("entrustments", entrustment.id),
                _params(ctx, entrustment.file, entrustment.contractor, entrustment.id),
            )


@rule(
    "ENTRUST-SUPERVISION",
    severity=WARNING,
    citation="番号法第11条",
    theme=THEME,
    ja="「{file}」の委託先「{contractor}」（{entrustment}）に対する監督が行われていません。",
    en="The contractor “{contractor}” handling “{file}” ({entrustment}) is not supervised.",
)
def entrust_supervision(ctx: Context) -> Iterator[Hit]:
    """An entrustment has ``supervision: false``: the entruster must supervise the contractor."""
    for entrustment in ctx.snapshot.entrustments:
        if not entrustment.supervision:
            yield Hit(
                subject("entrustments", entrustment.id),
                _params(ctx, entrustment.file, entrustment.contractor, entrustment.id),
            )
