"""Background jobs of the audit log (thin: they call :mod:`compliance.audit.chain`)."""

from __future__ import annotations

from celery import shared_task

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
