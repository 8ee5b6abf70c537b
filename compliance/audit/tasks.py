"""Background jobs of the audit log (thin: they call :mod:`compliance.audit.chain` and ``checkpoints``)."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.conf import settings

from compliance.audit import checkpoints
from compliance.audit.chain import verify_chain


@shared_task(name="compliance.audit.verify_chain")
def audit_verify_chain() -> dict[str, object]:
    """Verify the whole chain (e.g. nightly) and return what ``verify_audit`` would print."""
    report = verify_chain()
    return {
        "ok": report.ok,
        "count": report.count,
        "broken_seq": report.broken_seq,
        "problem": report.problem,
    }


@shared_task(name="compliance.audit.checkpoint")
def audit_checkpoint() -> dict[str, object]:
    """Hourly (celery beat): ``manage.py audit_checkpoint``. Fails loudly when the chain is broken."""
    checkpoint = checkpoints.take(path=Path(settings.HYOKA_AUDIT_CHECKPOINTS))
    return {"seq": checkpoint.seq, "head_hash": checkpoint.head_hash, "at": checkpoint.at}
