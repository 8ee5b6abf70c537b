"""Every write to the legal catalog: loading the files, applying a change set, admin edits.

Each service takes keyword-only arguments and the ``acting_user``, runs in one transaction
and writes one audit event (docs/domain.md §7.2). Callers validate nothing themselves:
the services raise :class:`~compliance.law.catalog.records.CatalogValidationError` with every problem
and leave the database untouched.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from compliance.audit.services import record as audit_record
from compliance.law import models as m
from compliance.law.catalog.amendments import Plan, plan_change_set
from compliance.law.catalog.files import read_catalog_files
from compliance.law.catalog.records import (
    KINDS,
    ROW_KINDS,
    CatalogValidationError,
    Kind,
    Problems,
    Record,
    record_from_model,
)
from compliance.law.signals import catalog_changed
from compliance.lib.actors import Actor


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept_amendment_ends: int = 0
    notes: list[str] = field(default_factory=list)
    change_set: m.ChangeSet | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "kept_amendment_ends": self.kept_amendment_ends,
        }  # fmt: skip


@dataclass
class ApplyResult:
    plan: Plan
    change_set: m.ChangeSet | None = None
    dry_run: bool = False


def _assign(obj: m.CatalogRecord, record: Record) -> None:
    """Copy a record's values onto a model instance (body references are written separately)."""
    for key, value in record.kind.fixed.items():
        setattr(obj, key, value)
    for spec in record.kind.fields:
        if spec.name == record.kind.bodies:
            continue
        setattr(obj, spec.name, record.values[spec.name])
    obj.key = record.key
    obj.source = record.source
    obj.verified = record.verified
    obj.notes = record.notes
    obj.position = record.position


def _write_bodies(kind: Kind, pairs: list[tuple[m.CatalogRecord, Record]], *, replace: bool) -> None:
    """Bulk-write the body references of ``pairs`` (one delete and one insert per table)."""
    if not kind.bodies or not pairs:
        return
    if kind.bodies == "bodies":
        table: type[m.ScheduleRowBody] | type[m.LinkageProvider] = m.ScheduleRowBody
        owner = "row"
    else:
        table, owner = m.LinkageProvider, "permission"
    if replace:
        table.objects.filter(**{f"{owner}__in": [obj for obj, _ in pairs]}).delete()
    # Each row is of ``table``; the list is typed loosely because ``table`` is one of two models.
    references: list[Any] = [
        table(
            **{owner: obj},
            position=i,
            label=b.label,
            kinds=",".join(b.kinds),
            body=b.body,
            delegated_by=b.delegated_by,
        )
        for obj, record in pairs
        for i, b in enumerate(record.bodies or [])
    ]
    table.objects.bulk_create(references)


def _same(obj: m.CatalogRecord, kind: Kind, record: Record, until: dt.date | None) -> bool:
    stored = record_from_model(kind, obj)
    return (
        stored.content() == record.content()
        and obj.in_force_from == record.in_force_from
        and obj.in_force_until == until
        and obj.position == record.position
    )


@transaction.atomic
def catalog_load(*, directory: Path, acting_user: Actor) -> LoadResult:
    """Load every catalog file in ``directory`` (upsert by key), or nothing at all.

    Only period rows that came from the files are updated; rows started by amendments or
    imports are left alone, and an end date set by an amendment is kept even if the file
    still shows the record as open (nothing an amendment did is undone by reloading).
    """
    records, notes = read_catalog_files(directory)
    result = LoadResult(notes=notes)
    problems = Problems()
    change_set = m.ChangeSet.objects.create(
        kind=m.ChangeSetKind.LOAD, label=directory.name, created_by=_user(acting_user)
    )
    now = timezone.now()
    touched: list[m.CatalogRecord] = []
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind.name].append(record)
    for kind in KINDS:
        kind_records = by_kind.get(kind.name, [])
        if not kind_records:
            continue
        keys = {r.key for r in kind_records}
        stored = kind.model.objects.filter(key__in=keys)
        if kind.bodies:
            stored = stored.prefetch_related(kind.bodies)
        # A key's period rows from the files pair with its records in the file in date order.
        fixture_rows: dict[str, list[m.CatalogRecord]] = defaultdict(list)
        other_rows: dict[str, list[m.CatalogRecord]] = defaultdict(list)
        for row in sorted(stored, key=lambda r: r.in_force_from):
            if row.origin == m.Origin.FIXTURE and _kind_name(row) == kind.name:
                fixture_rows[row.key].append(row)
            else:
                other_rows[row.key].append(row)
        kind_records = sorted(kind_records, key=lambda r: (r.key, r.in_force_from or dt.date.min))
        to_create: list[tuple[m.CatalogRecord, Record]] = []
        to_update: list[tuple[m.CatalogRecord, Record]] = []
        created = updated = unchanged = 0
        for record in kind_records:
            pending = fixture_rows.get(record.key)
            existing = pending.pop(0) if pending else None
            until = record.in_force_until
            if (
                existing is not None
                and existing.ended_by_id
                and existing.in_force_until
                and (until is None or until > existing.in_force_until)
            ):
                until = existing.in_force_until
                result.kept_amendment_ends += 1
            for other in other_rows.get(record.key, []):
                if _kind_name(other) != kind.name:
                    problems.add(
                        f"{record.where}.key", f"{record.key!r} is already a key of {_kind_name(other)}"
                    )
                elif (until is None or other.in_force_from < until) and (
                    other.in_force_until is None or record.in_force_from < other.in_force_until
                ):
                    problems.add(
                        f"{record.where}.in_force_from",
                        f"overlaps the period row of {record.key!r} from {other.in_force_from.isoformat()} "
                        f"({other.get_origin_display()}) in the database",
                    )
            if existing is None:
                new = kind.model(origin=m.Origin.FIXTURE, started_by=change_set)
                _assign(new, record)
                new.in_force_from, new.in_force_until = record.in_force_from, until
                to_create.append((new, record))
                created += 1
            elif _same(existing, kind, record, until):
                unchanged += 1
            else:
                touched.append(copy.copy(existing))  # as it was: its old statute, category or ground
                _assign(existing, record)
                existing.in_force_from, existing.in_force_until = record.in_force_from, until
                existing.updated_at = now
                to_update.append((existing, record))
                updated += 1
        if problems:
            continue
        kind.model.objects.bulk_create([obj for obj, _ in to_create])
        if to_update:
            fields = [
                "source",
                "verified",
                "notes",
                "position",
                "in_force_from",
                "in_force_until",
                "updated_at",
            ]
            fields += [s.name for s in kind.fields if s.name != kind.bodies] + list(kind.fixed)
            kind.model.objects.bulk_update([obj for obj, _ in to_update], fields)
        _write_bodies(kind, to_create, replace=False)
        _write_bodies(kind, to_update, replace=True)
        touched.extend(obj for obj, _ in to_create + to_update)
        result.created[kind.name], result.updated[kind.name], result.unchanged[kind.name] = (
            created,
            updated,
            unchanged,
        )
    if problems:
        raise CatalogValidationError(problems.messages)
    change_set.summary = result.as_dict()
    change_set.save(update_fields=["summary"])
    audit_record("compliance.catalog.loaded", actor=acting_user, target=change_set, data=result.as_dict())
    if touched:
        catalog_changed.send(sender=m.ChangeSet, change_set=change_set, records=touched)
    result.change_set = change_set
    return result


def _kind_name(obj: m.CatalogRecord) -> str:
    if isinstance(obj, m.ScheduleRow):
        return ROW_KINDS[0] if obj.kind == m.RowKind.SCHEDULE else ROW_KINDS[1]
    return next(k.name for k in KINDS if k.model is type(obj))


def _user(acting_user: Actor) -> Actor:
    return acting_user if getattr(acting_user, "pk", None) else None


@transaction.atomic
def catalog_apply(
    *,
    change_set: Any,
    acting_user: Actor,
    label: str = "",
    origin: str = m.Origin.AMENDMENT,
    dry_run: bool = False,
    extra: dict[str, Any] | None = None,
) -> ApplyResult:
    """Apply a change set (see :mod:`compliance.law.catalog.amendments`) in one transaction.

    ``dry_run`` checks everything and writes nothing; ``extra`` is added to the stored summary
    and the audit event (e.g. an importer's report of rows it could not map).
    """
    plan = plan_change_set(change_set)
    if dry_run:
        return ApplyResult(plan=plan, dry_run=True)
    kind = m.ChangeSetKind.EGOV if origin == m.Origin.EGOV else m.ChangeSetKind.AMENDMENT
    summary = plan.summary()
    if plan.description:
        summary["description"] = plan.description
    summary.update(extra or {})
    stored = m.ChangeSet.objects.create(
        kind=kind,
        effective_on=plan.effective_on,
        source=plan.source,
        label=label[:300],
        summary=summary,
        created_by=_user(acting_user),
    )
    records = _write_plan(plan, change_set=stored, origin=origin)
    audit_record(
        "compliance.catalog.amended"
        if kind == m.ChangeSetKind.AMENDMENT
        else "compliance.catalog.imported_from_egov",
        actor=acting_user,
        target=stored,
        data=summary,
    )
    catalog_changed.send(sender=m.ChangeSet, change_set=stored, records=records)
    return ApplyResult(plan=plan, change_set=stored)


def _write_plan(plan: Plan, *, change_set: m.ChangeSet, origin: str) -> list[m.CatalogRecord]:
    """Write the plan; return every period row it ended or started."""
    written: list[m.CatalogRecord] = []
    now = timezone.now()
    ended: dict[type[m.CatalogRecord], list[m.CatalogRecord]] = defaultdict(list)
    for _kind, obj in plan.ends:
        ended[type(obj)].append(obj)
    for _kind, obj, _ in plan.changes:
        ended[type(obj)].append(obj)
    for model, objs in ended.items():
        for obj in objs:
            obj.in_force_until, obj.ended_by, obj.updated_at = plan.effective_on, change_set, now
        model.objects.bulk_update(objs, ["in_force_until", "ended_by", "updated_at"])
        written.extend(objs)
    new: dict[str, list[tuple[m.CatalogRecord, Record]]] = defaultdict(list)
    next_position = 100_000
    for record in plan.adds:
        record.position = next_position
        next_position += 1
        new[record.kind.name].append((record.kind.model(), record))
    for _kind, _old, successor in plan.changes:
        new[successor.kind.name].append((successor.kind.model(), successor))
    for kind in KINDS:
        pairs = new.get(kind.name, [])
        if not pairs:
            continue
        for obj, record in pairs:
            _assign(obj, record)
            obj.in_force_from, obj.in_force_until = record.in_force_from, record.in_force_until
            obj.origin, obj.started_by = origin, change_set
        kind.model.objects.bulk_create([obj for obj, _ in pairs])
        _write_bodies(kind, pairs, replace=False)
        written.extend(obj for obj, _ in pairs)
    return written


# --- admin ------------------------------------------------------------------------------------


def _correction(*, obj: Any, records: list[Any], acting_user: Actor, data: dict[str, Any]) -> None:
    """Record an admin correction as a change set of its own and announce it (no effective date:
    a correction says what the law always said)."""
    change_set = m.ChangeSet.objects.create(
        kind=m.ChangeSetKind.CORRECTION,
        label=f"{obj._meta.verbose_name} {getattr(obj, 'key', '')}".strip()[:300],
        summary=data,
        created_by=_user(acting_user),
    )
    catalog_changed.send(sender=m.ChangeSet, change_set=change_set, records=records)


@transaction.atomic
def catalog_record_save(*, obj: m.CatalogRecord | Any, changed_fields: list[str], acting_user: Actor) -> None:
    """Save an edit made in the admin (a correction, e.g. a verified source) with its audit event.

    Amendments go through change sets; the admin is for corrections and keeps the history in
    the audit log (which fields changed, by whom). The record as it was and as it is are both
    announced, so the organisations that consulted either are re-checked.
    """
    adding = obj.pk is None
    model: Any = type(obj)
    before = None if adding else model.objects.filter(pk=obj.pk).first()
    if isinstance(obj, m.CatalogRecord) and adding:
        obj.origin = m.Origin.ADMIN
    obj.save()
    data = {
        "model": obj._meta.label_lower,
        "key": getattr(obj, "key", ""),
        "fields": sorted(changed_fields),
    }
    audit_record(
        "compliance.catalog_record.added" if adding else "compliance.catalog_record.corrected",
        actor=acting_user,
        target=obj,
        data=data,
    )
    _correction(
        obj=obj, records=[r for r in (before, obj) if r is not None], acting_user=acting_user, data=data
    )


@transaction.atomic
def catalog_record_delete(*, obj: Any, acting_user: Actor) -> None:
    """Delete a record from the admin (e.g. one loaded by mistake), leaving an audit event."""
    data = {"model": obj._meta.label_lower, "key": getattr(obj, "key", ""), "pk": obj.pk}
    audit_record("compliance.catalog_record.deleted", actor=acting_user, target=obj, data=data)
    gone = copy.copy(obj)
    obj.delete()
    _correction(obj=gone, records=[gone], acting_user=acting_user, data=data)
