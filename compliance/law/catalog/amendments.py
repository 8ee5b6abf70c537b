"""Planning a catalog change set (改正): check it completely against the stored catalog before writing.

A change set has one effective date D. ``add`` starts new period rows on D, ``end`` ends the
period row in force on D (its ``in_force_until`` becomes D), ``change`` ends it and starts a
successor period row with the same key and the changed fields. Nothing is overwritten
(docs/domain.md §7.1, step 1). The format is documented in docs/catalog-format.md
("Change sets").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from compliance.law import models as m
from compliance.law.catalog.records import (
    KINDS,
    KINDS_BY_NAME,
    ROW_KINDS,
    CatalogValidationError,
    Kind,
    Problems,
    Record,
    Universe,
    check_references,
    merged_raw,
    parse_date,
    parse_record,
    parse_text,
    record_from_model,
)

TOP_LEVEL_KEYS = frozenset({"format", "effective_on", "source", "description", "add", "end", "change"})
FORMAT = "catalog-change/1"


@dataclass
class Plan:
    """What a valid change set will do; :func:`compliance.law.services.catalog_apply` writes it."""

    effective_on: dt.date
    source: str
    description: str = ""
    adds: list[Record] = field(default_factory=list)
    ends: list[tuple[Kind, m.CatalogRecord]] = field(default_factory=list)
    changes: list[tuple[Kind, m.CatalogRecord, Record]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"effective_on": self.effective_on.isoformat(), "source": self.source}
        for name, entries in (
            ("added", [(r.kind.name, r.key) for r in self.adds]),
            ("ended", [(k.name, obj.key) for k, obj in self.ends]),
            ("changed", [(k.name, obj.key) for k, obj, _ in self.changes]),
        ):
            grouped: dict[str, list[str]] = defaultdict(list)
            for kind_name, key in entries:
                grouped[kind_name].append(key)
            out[name] = dict(grouped)
        return out

    @property
    def is_empty(self) -> bool:
        return not (self.adds or self.ends or self.changes)


def _sections(data: dict[str, Any], problems: Problems) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {}
    for section in ("add", "end", "change"):
        raw = data.get(section)
        if raw is None:
            out[section] = {}
            continue
        if not isinstance(raw, dict):
            problems.add(section, "expected a mapping of record kinds to lists")
            out[section] = {}
            continue
        kinds: dict[str, list[Any]] = {}
        for kind_name, entries in raw.items():
            if kind_name not in KINDS_BY_NAME:
                problems.add(
                    f"{section}.{kind_name}",
                    f"unknown record kind (expected one of: {', '.join(KINDS_BY_NAME)})",
                )
                continue
            if not isinstance(entries, list):
                problems.add(f"{section}.{kind_name}", "expected a list")
                continue
            kinds[str(kind_name)] = entries
        out[section] = kinds
    return out


def _key_of(entry: Any, where: str, problems: Problems) -> str:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("key"), str):
        unknown = set(entry) - {"key", "source"}
        if unknown:
            problems.add(where, f"unknown keys in an end entry: {', '.join(sorted(map(str, unknown)))}")
        key: str = entry["key"]
        return key
    problems.add(where, "expected a key (text) or {key: …}")
    return ""


def _period_rows(kind: Kind, keys: set[str]) -> dict[str, list[m.CatalogRecord]]:
    """Every stored period row of ``kind``'s table with one of ``keys`` (all kinds of a shared table)."""
    grouped: dict[str, list[m.CatalogRecord]] = defaultdict(list)
    if not keys:
        return grouped
    qs = kind.model.objects.filter(key__in=keys).order_by("key", "in_force_from")
    if kind.bodies:
        qs = qs.prefetch_related(kind.bodies)
    for obj in qs:
        grouped[obj.key].append(obj)
    return grouped


def _kind_of_row(obj: m.CatalogRecord) -> str:
    if isinstance(obj, m.ScheduleRow):
        return "schedule_rows" if obj.kind == m.RowKind.SCHEDULE else "quasi_affairs"
    return next(k.name for k in KINDS if k.model is type(obj))


def _target(
    kind: Kind, key: str, rows: list[m.CatalogRecord], day: dt.date, where: str, problems: Problems
) -> m.CatalogRecord | None:
    """The period row of ``key`` a change set may end or change on ``day``, or a problem saying why not."""
    own = [r for r in rows if _kind_of_row(r) == kind.name]
    if not own:
        other = {_kind_of_row(r) for r in rows}
        hint = f" (it is a key of {', '.join(sorted(other))})" if other else ""
        problems.add(where, f"unknown key {key!r} for {kind.name}{hint}")
        return None
    for row in own:
        if row.in_force_on(day):
            if row.in_force_from == day:
                problems.add(
                    where,
                    f"{key!r} starts on {day.isoformat()}: a change set cannot end or change a record on "
                    "its first day (the period would be empty); choose a later effective_on",
                )
                return None
            return row
    first = own[0].in_force_from
    if day < first:
        problems.add(
            where,
            f"effective_on {day.isoformat()} is before the start of {key!r} ({first.isoformat()})",
        )
        return None
    last_end = max((r.in_force_until for r in own if r.in_force_until), default=None)
    ended = f" (its last period ended on {last_end.isoformat()})" if last_end else ""
    problems.add(where, f"{key!r} is not in force on {day.isoformat()}{ended}")
    return None


def plan_change_set(data: Any) -> Plan:
    """Check ``data`` (a parsed change-set file) against the stored catalog; raise with every problem."""
    problems = Problems()
    if not isinstance(data, dict):
        raise CatalogValidationError(
            ["(top level): expected a mapping with effective_on, source, add, end, change"]
        )
    for unknown in sorted(set(map(str, data)) - TOP_LEVEL_KEYS):
        problems.add(unknown, f"unknown key (expected: {', '.join(sorted(TOP_LEVEL_KEYS))})")
    if "format" in data and data["format"] != FORMAT:
        problems.add("format", f"expected {FORMAT!r}")
    day = parse_date(data.get("effective_on"), "effective_on", problems)
    if data.get("effective_on") is None:
        problems.add("effective_on", "required (YYYY-MM-DD)")
    source = parse_text(data.get("source"), "source", problems)
    if not source:
        problems.add("source", "required: the amending statute, order or notice")
    description = parse_text(data.get("description"), "description", problems)
    sections = _sections(data, problems)
    if day is None or problems:
        raise CatalogValidationError(problems.messages)

    plan = Plan(effective_on=day, source=source, description=description)
    touched: set[tuple[str, str]] = set()  # (key space, key) already used by an entry
    # Keys of every kind mentioned, loaded once per table.
    keys_by_model: dict[type[m.CatalogRecord], set[str]] = defaultdict(set)
    for section in ("end", "change", "add"):
        for kind_name, entries in sections[section].items():
            model = KINDS_BY_NAME[kind_name].model
            for entry in entries:
                key = (
                    entry
                    if isinstance(entry, str)
                    else (entry.get("key") if isinstance(entry, dict) else None)
                )
                if isinstance(key, str):
                    keys_by_model[model].add(key)
    stored: dict[type[m.CatalogRecord], dict[str, list[m.CatalogRecord]]] = {
        model: _period_rows(next(k for k in KINDS if k.model is model), keys)
        for model, keys in keys_by_model.items()
    }
    ended_ids: dict[type[m.CatalogRecord], set[int]] = defaultdict(set)

    def claim(kind: Kind, key: str, where: str) -> bool:
        space = "rows" if kind.name in ROW_KINDS else kind.name
        if (space, key) in touched:
            problems.add(where, f"{key!r} appears more than once in this change set")
            return False
        touched.add((space, key))
        return True

    def parse_dated(kind: Kind, raw: Any, where: str) -> Record | None:
        """A changed or added record: in force from the change set's day, unverified unless it says so."""
        return parse_record(
            kind,
            raw,
            where,
            problems,
            default_from=day,
            default_source=source,
            default_verified=False,
            period_from_caller=True,
        )

    for section in ("end", "change"):
        for kind_name, entries in sections[section].items():
            kind = KINDS_BY_NAME[kind_name]
            for index, entry in enumerate(entries):
                where = f"{section}.{kind_name}[{index}]"
                if section == "end":
                    key = _key_of(entry, where, problems)
                else:
                    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
                        problems.add(where, "a change is a mapping with the key and the fields that change")
                        continue
                    key = entry["key"]
                if not key or not claim(kind, key, where):
                    continue
                target = _target(kind, key, stored[kind.model].get(key, []), day, f"{where}.key", problems)
                if target is None:
                    continue
                ended_ids[kind.model].add(target.pk)
                if section == "end":
                    plan.ends.append((kind, target))
                    continue
                changes = {k: v for k, v in entry.items() if k != "key"}
                if not changes:
                    problems.add(where, "nothing to change (give the fields that change)")
                    continue
                if "in_force_from" in changes:
                    problems.add(
                        f"{where}.in_force_from", "set by the change set's effective_on; leave it out"
                    )
                    continue
                base = record_from_model(kind, target)
                raw = merged_raw(kind, base, changes)
                raw.pop("source", None)
                raw.pop("verified", None)
                for carried in ("source", "verified"):
                    if carried in changes:
                        raw[carried] = changes[carried]
                successor = parse_dated(kind, raw, where)
                if successor is not None:
                    successor.position = target.position
                    plan.changes.append((kind, target, successor))

    for kind_name, entries in sections["add"].items():
        kind = KINDS_BY_NAME[kind_name]
        for index, raw in enumerate(entries):
            where = f"add.{kind_name}[{index}]"
            record = parse_dated(kind, raw, where)
            if record is None or not claim(kind, record.key, f"{where}.key"):
                continue
            for existing in stored[kind.model].get(record.key, []):
                existing_kind = _kind_of_row(existing)
                if existing_kind != kind.name:
                    problems.add(f"{where}.key", f"{record.key!r} is already a key of {existing_kind}")
                    break
                until = day if existing.pk in ended_ids[kind.model] else existing.in_force_until
                if record.overlaps(existing.in_force_from, until):
                    shown = until.isoformat() if until else "(open)"
                    problems.add(
                        f"{where}.key",
                        f"overlapping periods: {record.key!r} is already in force "
                        f"{existing.in_force_from.isoformat()} – {shown}; end or change it instead",
                    )
                    break
            plan.adds.append(record)

    if not problems:
        _check_plan_references(plan, problems)
    if problems:
        raise CatalogValidationError(problems.messages)
    return plan


def universe_on(day: dt.date, *, excluding: dict[type[m.CatalogRecord], set[int]] | None = None) -> Universe:
    """Names and keys in force on ``day`` in the stored catalog (a few queries, one per table)."""
    excluding = excluding or {}
    universe = Universe()
    statutes = m.Statute.objects.in_force(on=day).exclude(pk__in=excluding.get(m.Statute, ()))
    universe.statute_names.update(statutes.values_list("name", flat=True))
    rows = m.ScheduleRow.objects.in_force(on=day).exclude(pk__in=excluding.get(m.ScheduleRow, ()))
    for key, kind in rows.values_list("key", "kind"):
        universe.row_keys[key] = "schedule_rows" if kind == m.RowKind.SCHEDULE else "quasi_affairs"
    categories = m.InformationCategory.objects.in_force(on=day).exclude(
        pk__in=excluding.get(m.InformationCategory, ())
    )
    universe.category_names.update(categories.values_list("name", flat=True))
    universe.card_keys.update(
        m.Card.objects.in_force(on=day)
        .exclude(pk__in=excluding.get(m.Card, ()))
        .values_list("key", flat=True)
    )
    universe.card_item_keys.update(
        m.CardItem.objects.in_force(on=day)
        .exclude(pk__in=excluding.get(m.CardItem, ()))
        .values_list("key", flat=True)
    )
    return universe


def _check_plan_references(plan: Plan, problems: Problems) -> None:
    """New records refer to things in force on D; nothing still in force refers to what D ends."""
    day = plan.effective_on
    removed: dict[type[m.CatalogRecord], set[int]] = defaultdict(set)
    for kind, obj in plan.ends:
        removed[kind.model].add(obj.pk)
    for kind, obj, _ in plan.changes:
        removed[kind.model].add(obj.pk)
    before = universe_on(day)
    after = universe_on(day, excluding=removed)
    for record in plan.adds + [succ for _, _, succ in plan.changes]:
        after.add(record)
    context = f"on {day.isoformat()}"
    for record in plan.adds + [succ for _, _, succ in plan.changes]:
        check_references(record, after, problems, context=context)
    # Records that stay in force and lose what they refer to (dangling references).
    lost = Universe(
        statute_names=before.statute_names - after.statute_names,
        row_keys={k: v for k, v in before.row_keys.items() if k not in after.row_keys},
        category_names=before.category_names - after.category_names,
        card_keys=before.card_keys - after.card_keys,
        card_item_keys=before.card_item_keys - after.card_item_keys,
    )
    if not any((lost.statute_names, lost.row_keys, lost.category_names, lost.card_keys, lost.card_item_keys)):
        return
    ending = {(k.name, obj.key) for k, obj in plan.ends} | {(k.name, obj.key) for k, obj, _ in plan.changes}
    for kind in KINDS:
        refs = [s for s in kind.fields if s.ref]
        if not refs:
            continue
        qs = kind.model.objects.in_force(on=day).exclude(pk__in=removed.get(kind.model, ()))
        if kind.fixed:
            qs = qs.filter(**kind.fixed)
        for obj in qs:
            for spec in refs:
                value = getattr(obj, spec.name)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if _is_lost(spec.ref or "", v, lost):
                        what = _describe_lost(spec.ref or "", v, ending)
                        problems.add(
                            f"{kind.name}:{obj.key}.{spec.name}",
                            f"dangling reference: still in force after {day.isoformat()} but refers to {what}, "
                            "which this change set ends; end or change it in the same change set",
                        )


def _is_lost(ref: str, value: Any, lost: Universe) -> bool:
    if not value:
        return False
    return {
        "statute_name": lambda: value in lost.statute_names,
        "schedule_row_key": lambda: value in lost.row_keys,
        "requester_key": lambda: value in lost.row_keys,
        "category_name": lambda: value in lost.category_names,
        "category_names": lambda: value in lost.category_names,
        "card_key": lambda: value in lost.card_keys,
        "card_keys": lambda: value in lost.card_keys,
        "card_item_key": lambda: value in lost.card_item_keys,
    }.get(ref, lambda: False)()


def _describe_lost(ref: str, value: Any, ending: set[tuple[str, str]]) -> str:
    noun = {
        "statute_name": "statute", "schedule_row_key": "schedule row", "requester_key": "row",
        "category_name": "category",
        "category_names": "category", "card_key": "card", "card_keys": "card", "card_item_key": "card item",
    }.get(ref, "record")  # fmt: skip
    return f"{noun} {value!r}"
