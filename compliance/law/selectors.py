"""Reads of the legal catalog: the law as of a date, the diff between two dates, the spread over time.

The catalog is public law, so there is no permission filter; what matters here is that each
read costs a fixed number of queries however many rows the catalog holds (docs/domain.md
§7.2: page query counts stay constant as lists grow).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from compliance.law import models as m
from compliance.law.catalog.records import KINDS, KINDS_BY_NAME, Kind, Record, record_from_model

# --- the law as of a date -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldGroup:
    field: str
    label: str
    rows: list[m.ScheduleRow]


def schedule_rows(
    *, as_of: dt.date | None, kind: str = m.RowKind.SCHEDULE, field: str = "", body: str = ""
) -> list[m.ScheduleRow]:
    """Schedule rows (or quasi affairs) in force on ``as_of`` (every period when None), bodies prefetched.

    Two queries: the rows (filtered through the indexed period and body columns) and their bodies.
    """
    qs = m.ScheduleRow.objects.filter(kind=kind)
    if as_of is not None:
        qs = qs.in_force(on=as_of)
    if field:
        qs = qs.filter(field=field)
    if body:
        qs = qs.for_body(body=body)
    return list(qs.prefetch_related("bodies").order_by("field", "position", "key", "in_force_from"))


def group_by_field(rows: list[m.ScheduleRow]) -> list[FieldGroup]:
    grouped: dict[str, list[m.ScheduleRow]] = defaultdict(list)
    for row in rows:
        grouped[row.field].append(row)
    return [
        FieldGroup(value, str(label), grouped[value])
        for value, label in m.Field.choices
        if grouped.get(value)
    ]


@dataclass(frozen=True)
class PermissionView:
    permission: m.LinkagePermission
    requester: m.ScheduleRow | None


def linkage_permissions(*, as_of: dt.date | None, category: str = "") -> list[PermissionView]:
    """Article 19(8) permissions in force on ``as_of`` with their requester rows: three queries."""
    qs = m.LinkagePermission.objects.all()
    if as_of is not None:
        qs = qs.in_force(on=as_of)
    if category:
        qs = qs.filter(category=category)
    permissions = list(
        qs.prefetch_related("providers").order_by("requester_row", "category", "in_force_from")
    )
    keys = {p.requester_row for p in permissions}
    rows: dict[str, m.ScheduleRow] = {}
    row_qs = m.ScheduleRow.objects.filter(key__in=keys).order_by("key", "in_force_from")
    for row in row_qs:
        # The requester row in force on the date, else its latest period row.
        if as_of is None or row.in_force_on(as_of) or row.key not in rows:
            rows[row.key] = row
    return [PermissionView(p, rows.get(p.requester_row)) for p in permissions]


def category_names(*, as_of: dt.date | None = None) -> list[str]:
    qs = m.InformationCategory.objects.all()
    if as_of is not None:
        qs = qs.in_force(on=as_of)
    return sorted(set(qs.values_list("name", flat=True)))


@dataclass(frozen=True)
class KeyHistory:
    key: str
    periods: list[m.ScheduleRow]
    permissions: list[m.LinkagePermission]


def row_history(*, key: str) -> KeyHistory | None:
    """Every period row of one schedule row or quasi affair, and the permissions that name it."""
    periods = list(m.ScheduleRow.objects.filter(key=key).prefetch_related("bodies").order_by("in_force_from"))
    if not periods:
        return None
    permissions = list(
        m.LinkagePermission.objects.filter(requester_row=key)
        .prefetch_related("providers")
        .order_by("category", "in_force_from")
    )
    return KeyHistory(key=key, periods=periods, permissions=permissions)


# --- the diff between two dates -------------------------------------------------------------------


@dataclass(frozen=True)
class DiffEntry:
    kind: Kind
    key: str
    status: str  # added / ended / changed
    before: Record | None
    after: Record | None
    fields: tuple[str, ...] = ()

    @property
    def record(self) -> Record:
        return self.after or self.before  # type: ignore[return-value]

    def as_dict(self) -> dict[str, Any]:
        def period(r: Record | None) -> dict[str, str | None] | None:
            if r is None:
                return None
            return {
                "in_force_from": r.in_force_from.isoformat(),
                "in_force_until": r.in_force_until.isoformat() if r.in_force_until else None,
            }

        data: dict[str, Any] = {"kind": self.kind.name, "key": self.key, "summary": summarize(self.record)}
        if self.status == "changed":
            data.update(fields=list(self.fields), before=period(self.before), after=period(self.after))
        else:
            data.update(period(self.record) or {})
        return data


@dataclass
class CatalogDiff:
    date_from: dt.date
    date_to: dt.date
    added: list[DiffEntry] = field(default_factory=list)
    ended: list[DiffEntry] = field(default_factory=list)
    changed: list[DiffEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.ended or self.changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
            "added": [e.as_dict() for e in self.added], "ended": [e.as_dict() for e in self.ended],
            "changed": [e.as_dict() for e in self.changed],
        }  # fmt: skip


def summarize(record: Record) -> str:
    """One line that tells a reader which record this is."""
    v = record.values
    name = record.kind.name
    if name in ("schedule_rows", "quasi_affairs"):
        return f"{v['statute']}: {v['affair']}"
    if name == "linkage_permissions":
        return f"{v['requester_row']} → {v['category']}"
    if name == "ordinance_linkage_limits":
        return f"{_ordinance_field(v['field'])}: {'、'.join(v['categories'] or [])}"
    if name == "ordinance_scope_rules":
        if v["allowed_fields"] is None:
            return str(_("分野の限定なし"))
        return "、".join(_ordinance_field(f) for f in v["allowed_fields"])
    if name == "article19_items":
        return f"第19条第{v['item']}号 {v['title']}"
    if name == "card_placements":
        return f"{v['card']} / {v['item']}: {v['where']}"
    if name == "forms":
        return f"{v['form']} {v['version']} {v['title']}".strip()
    return str(v.get("name") or record.key)


def _ordinance_field(value: str) -> str:
    return str(dict(m.OrdinanceField.choices).get(value, value))


def catalog_diff(*, date_from: dt.date, date_to: dt.date, kinds: list[str] | None = None) -> CatalogDiff:
    """What is in force on ``date_to`` but not on ``date_from`` (added), the reverse (ended), and
    keys in force on both dates under different period rows (changed, with the fields that differ).

    One query per kind (plus one per kind with body references), whatever the catalog's size.
    A record that started and ended strictly between the two dates does not appear.
    """
    if date_from > date_to:
        raise ValueError("the first date must not be after the second")
    diff = CatalogDiff(date_from=date_from, date_to=date_to)
    selected = [KINDS_BY_NAME[k] for k in kinds] if kinds else list(KINDS)
    for kind in selected:
        before: dict[str, Record] = {}
        after: dict[str, Record] = {}
        ids: dict[str, tuple[int | None, int | None]] = {}
        for obj in kind.queryset().in_force_on_either(date_from, date_to).order_by("position", "key"):
            record = record_from_model(kind, obj)
            b, a = ids.get(obj.key, (None, None))
            if obj.in_force_on(date_from):
                before[obj.key], b = record, obj.pk
            if obj.in_force_on(date_to):
                after[obj.key], a = record, obj.pk
            ids[obj.key] = (b, a)
        for key, record in after.items():
            if key not in before:
                diff.added.append(DiffEntry(kind, key, "added", None, record))
            elif ids[key][0] != ids[key][1]:
                old, new = before[key].content(), record.content()
                changed = tuple(f for f in new if new[f] != old.get(f)) or ("in_force_from",)
                diff.changed.append(DiffEntry(kind, key, "changed", before[key], record, changed))
        for key, record in before.items():
            if key not in after:
                diff.ended.append(DiffEntry(kind, key, "ended", record, None))
    return diff


# --- the spread over time -------------------------------------------------------------------------


@dataclass(frozen=True)
class SpreadTable:
    """Counts in force on each date, per field: ``counts[field][i]`` is the count on ``dates[i]``."""

    measure: str
    dates: tuple[dt.date, ...]
    counts: dict[str, tuple[int, ...]]

    def totals(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*self.counts.values(), strict=True)) if self.counts else ()


def spread_dates(*, start_year: int, today: dt.date) -> tuple[dt.date, ...]:
    """1 January of each year from ``start_year``, and today when it is not a 1 January."""
    dates = [dt.date(year, 1, 1) for year in range(start_year, today.year + 1)]
    if dates[-1] != today:
        dates.append(today)
    return tuple(dates)


def spread(*, dates: tuple[dt.date, ...]) -> dict[str, SpreadTable]:
    """Schedule rows, quasi affairs and linkage permissions in force on each date, by field.

    Two queries (rows, permissions); a permission counts under its requester row's field.
    """
    rows = list(m.ScheduleRow.objects.values_list("key", "kind", "field", "in_force_from", "in_force_until"))
    permissions = list(
        m.LinkagePermission.objects.values_list("requester_row", "in_force_from", "in_force_until")
    )
    field_of_key = {key: fld for key, _kind, fld, _f, _u in rows}
    fields = [value for value, _label in m.Field.choices]

    def count(items: list[tuple[str, dt.date, dt.date | None]]) -> dict[str, tuple[int, ...]]:
        table = {fld: [0] * len(dates) for fld in fields}
        for fld, start, until in items:
            for i, day in enumerate(dates):
                if start <= day and (until is None or day < until):
                    table.setdefault(fld, [0] * len(dates))[i] += 1
        return {fld: tuple(values) for fld, values in table.items()}

    schedule = [(fld, f, u) for _k, kind, fld, f, u in rows if kind == m.RowKind.SCHEDULE]
    quasi = [(fld, f, u) for _k, kind, fld, f, u in rows if kind == m.RowKind.QUASI]
    perms = [(field_of_key.get(key, m.Field.OTHER), f, u) for key, f, u in permissions]
    return {
        "schedule_rows": SpreadTable("schedule_rows", dates, count(schedule)),
        "quasi_affairs": SpreadTable("quasi_affairs", dates, count(quasi)),
        "linkage_permissions": SpreadTable("linkage_permissions", dates, count(perms)),
    }


def change_set_list() -> Any:
    """Every write the catalog recorded (file loads, amendments, e-Gov imports, corrections), newest first."""
    return m.ChangeSet.objects.select_related("created_by").order_by("-created_at", "-id")


def change_set_detail(*, pk: int) -> m.ChangeSet:
    """One change set (404 when there is none)."""
    return get_object_or_404(m.ChangeSet.objects.select_related("created_by"), pk=pk)
