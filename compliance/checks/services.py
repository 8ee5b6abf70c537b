"""Writes of the checks app: re-checking an organisation's registry and answering its findings.

Live findings: after every registry write, on commit, the
organisation's snapshot is checked by the engine and the result is merged into
:class:`~compliance.checks.models.StoredFinding`:

============================  =========================================================
the check reports it, and it  becomes
============================  =========================================================
was not stored                ``open`` (first seen now)
is ``open`` / ``justified``   unchanged state, ``last_seen`` now
is ``fixed``                  ``open`` again: the officer said fixed, the check disagrees
is ``resolved``               ``open`` again (reopened, audited)
----------------------------  ---------------------------------------------------------
no longer reports it          ``resolved`` (a ``fixed`` answer is thereby confirmed)
============================  =========================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.accounts.models import Organization
from compliance.audit.services import record
from compliance.checks.dependencies import CHECKED_TOKEN, RecordingCatalog
from compliance.checks.engine import evaluate
from compliance.checks.models import CatalogDependency, FindingAnswer, FindingState, StoredFinding
from compliance.checks.selectors import catalog_for_checks
from compliance.checks.sources import organization_snapshot
from compliance.lib.actors import Actor
from compliance.lib.mynumber import validate_no_my_number

#: Columns a re-check may change on an existing row.
_REFRESHED_FIELDS = (
    "severity",
    "citation",
    "message_ja",
    "message_en",
    "last_seen",
    "resolved_at",
    "state",
    "justification",
    "answered_by",
    "answered_at",
    "reopened_count",
)


@dataclass
class RefreshResult:
    """What one re-check changed, as ``RULE subject`` labels."""

    as_of: dt.date
    opened: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    active: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.opened or self.reopened or self.resolved)

    def counts(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "opened": len(self.opened),
            "reopened": len(self.reopened),
            "resolved": len(self.resolved),
            "active": self.active,
        }


def _label(rule: str, subject: str) -> str:
    return f"{rule} {subject}"


def evaluate_registry(*, organization: Organization, as_of: dt.date) -> list[Any]:
    """The engine's findings for the organisation's registry on ``as_of`` (no write)."""
    return _evaluate_recording(organization=organization, as_of=as_of)[0]


def _evaluate_recording(*, organization: Organization, as_of: dt.date) -> tuple[list[Any], set[str]]:
    """The findings, and the lookups of the law they were drawn from (compliance.checks.dependencies)."""
    snapshot = organization_snapshot(organization=organization, as_of=as_of)
    recorder = RecordingCatalog(catalog_for_checks())
    return list(evaluate(snapshot, recorder.as_catalog(), as_of)), recorder.tokens


def _store_dependencies(organization: Organization, tokens: set[str]) -> None:
    """Replace the organisation's recorded lookups with ``tokens`` (only the difference is written)."""
    wanted = tokens | {CHECKED_TOKEN}
    stored = set(CatalogDependency.objects.filter(organization=organization).values_list("token", flat=True))
    if stale := stored - wanted:
        CatalogDependency.objects.filter(organization=organization, token__in=stale).delete()
    if new := wanted - stored:
        CatalogDependency.objects.bulk_create(
            [CatalogDependency(organization=organization, token=token) for token in sorted(new)]
        )


def _reopen(row: StoredFinding) -> None:
    row.state = FindingState.OPEN
    row.resolved_at = None
    row.justification = ""
    row.answered_by = None
    row.answered_at = None
    row.reopened_count += 1


@transaction.atomic
def findings_refresh(*, organization: Organization, as_of: dt.date | None = None) -> RefreshResult:
    """Re-check the organisation's registry and store the findings (one bulk write, audited when it changed).

    The organisation's row is locked so two re-checks of one body never race to insert
    the same finding; rows are written with ``bulk_create``/``bulk_update``, so the cost
    does not grow with a query per finding.
    """
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    # Findings reported again unchanged (most of them, on most re-checks) only move ``last_seen``: one
    # UPDATE for all of them; ``bulk_update``'s CASE per column is kept for the rows that changed.
    day = as_of or timezone.localdate()
    now = timezone.now()
    reported: dict[tuple[str, str], Any] = {}
    findings, tokens = _evaluate_recording(organization=organization, as_of=day)
    _store_dependencies(organization, tokens)
    for finding in findings:
        reported.setdefault((finding.rule, finding.subject), finding)  # one row per (rule, subject)
    stored = {(row.rule, row.subject): row for row in StoredFinding.objects.filter(organization=organization)}

    result = RefreshResult(as_of=day)
    to_create: list[StoredFinding] = []
    to_update: list[StoredFinding] = []
    seen_again: list[int] = []
    reopened_rows: list[tuple[StoredFinding, str]] = []
    for key, finding in reported.items():
        row = stored.get(key)
        if row is None:
            to_create.append(
                StoredFinding.of(
                    finding,
                    organization=organization,
                    first_seen=now,
                    last_seen=now,
                    state=FindingState.OPEN,
                )
            )
            result.opened.append(_label(*key))
            continue
        said = (finding.severity, finding.citation, finding.message_ja, finding.message_en)
        reopening = row.state in (FindingState.RESOLVED, FindingState.FIXED)
        if said == (row.severity, row.citation, row.message_ja, row.message_en) and not reopening:
            seen_again.append(row.pk)  # the usual case: only ``last_seen`` moves (one UPDATE for all)
            continue
        row.severity, row.citation, row.message_ja, row.message_en = said
        row.last_seen = now
        if reopening:
            reopened_rows.append((row, row.state))
            _reopen(row)
            result.reopened.append(_label(*key))
        to_update.append(row)
    for key, row in stored.items():
        if key not in reported and row.state != FindingState.RESOLVED:
            row.state = FindingState.RESOLVED
            row.resolved_at = now
            to_update.append(row)
            result.resolved.append(_label(*key))

    StoredFinding.objects.bulk_create(to_create)
    StoredFinding.objects.bulk_update(to_update, _REFRESHED_FIELDS)
    if seen_again:
        StoredFinding.objects.filter(pk__in=seen_again).update(last_seen=now)
    result.active = len(reported)
    if result.changed:
        record(
            "compliance.findings.refreshed",
            actor=None,
            target=organization,
            data={
                "as_of": day.isoformat(),
                "opened": result.opened,
                "reopened": result.reopened,
                "resolved": result.resolved,
            },
        )
    for row, previous in reopened_rows:
        record(
            "compliance.finding.reopened",
            actor=None,
            target=row,
            data={"rule": row.rule, "subject": row.subject, "previous_state": previous},
        )
    return result


def findings_refresh_on_commit(organization_id: int) -> None:
    """After the caller's transaction commits, re-check the organisation in a Celery task.

    On the embedded default the task runs eagerly, in-process, before the response is
    sent; with a broker a worker picks it up. ``robust``: a failed re-check is logged and
    never undoes or hides the officer's committed write.
    """
    from compliance.checks.tasks import refresh_findings  # the task module imports this one

    transaction.on_commit(lambda: refresh_findings.delay(organization_id), robust=True)


@transaction.atomic
def finding_answer(
    *, finding: StoredFinding, acting_user: Actor, answer: str, reason: str = ""
) -> StoredFinding:
    """The officer's answer to a finding: ``fixed`` (the next check must confirm it is gone) or
    ``justified`` with a written reason the commission's reviewer will read."""
    if answer not in FindingAnswer.values:
        raise ValidationError({"answer": _("「是正済み」か「理由を説明」を選んでください。")})
    reason = (reason or "").strip()
    if answer == FindingAnswer.JUSTIFIED and not reason:
        raise ValidationError({"reason": _("理由を説明するときは理由を入力してください。")})
    try:
        validate_no_my_number(reason)
    except ValidationError as exc:
        raise ValidationError({"reason": exc.messages}) from None
    row = StoredFinding.objects.select_for_update().get(pk=finding.pk)
    if row.state == FindingState.RESOLVED:
        raise ValidationError(_("この指摘は既に解消しています。"))
    row.state = answer
    row.justification = reason
    row.answered_by = acting_user if getattr(acting_user, "pk", None) else None
    row.answered_at = timezone.now()
    row.save(update_fields=["state", "justification", "answered_by", "answered_at"])
    record(
        "compliance.finding.answered",
        actor=acting_user,
        target=row,
        data={"rule": row.rule, "subject": row.subject, "answer": answer, "reason": reason},
    )
    return row
