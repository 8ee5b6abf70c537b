"""The legal catalog as shipped in ``fixtures/law/``: complete, consistent, and true to contracts.md §5–§6.

These tests guard the data, not the code: a reviewer correcting a row must not be able to
break a reference, drop a contract row, or let two successive periods overlap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest

from compliance.law.catalog import Catalog, ScheduleRow
from compliance.law.catalog.loading import catalog_dir
from compliance.lib.mynumber import contains_my_number
from compliance.lib.vocabulary import Body, OrganizationKind
from tests.law_fixtures.shipped import (
    ALL_LISTS,
    body_refs,
    list_id,
    overlaps,
    records,
    strings,
)

CONTRACT_DAY = dt.date(2026, 4, 1)
TODAY = dt.date.today()
AMENDMENT_DAY = dt.date(2024, 5, 27)  # 令和5年法律第48号: 第9条・第19条・別表の改正の施行日
MAYOR = [("municipality", "mayor"), ("special_ward", "mayor")]
GOVERNOR = [("prefecture", "governor")]

#: contracts.md §5: (statute, affair phrase, (organisation kind, body) pairs the rows must cover).
CONTRACT_ROWS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("児童手当法", "児童手当", MAYOR),
    ("児童扶養手当法", "児童扶養手当", GOVERNOR + MAYOR),
    ("生活保護法", "保護", GOVERNOR + MAYOR),
    ("国民健康保険法", "保険給付", MAYOR),
    ("介護保険法", "保険給付", MAYOR),
    ("高齢者の医療の確保に関する法律", "後期高齢者医療", [("wide_area_union", "union_head"), *MAYOR]),
    ("地方税法", "地方税", GOVERNOR + MAYOR),
    ("障害者の日常生活及び社会生活を総合的に支援するための法律", "自立支援給付", MAYOR),
    ("母子保健法", "母子保健", MAYOR),
    ("予防接種法", "予防接種", MAYOR),
    ("子ども・子育て支援法", "給付", MAYOR),
    ("公営住宅法", "公営住宅", GOVERNOR + MAYOR),
    ("災害対策基本法", "被災者台帳", MAYOR),
    ("災害弔慰金の支給等に関する法律", "災害弔慰金", MAYOR),
    ("被災者生活再建支援法", "被災者生活再建支援金", GOVERNOR),
    (
        "学校保健安全法",
        "医療に要する費用",
        [("municipality", "board_of_education"), ("prefecture", "board_of_education")],
    ),
    ("国民年金法", "年金", [("national_body", "minister"), *MAYOR]),
    ("雇用保険法", "失業等給付", [("national_body", "minister")]),
    ("出入国管理及び難民認定法", "在留", [("national_body", "agency_head")]),
]

#: contracts.md §6: requester row (statute, phrase) may ask a municipality mayor for 地方税関係情報.
CONTRACT_PERMISSIONS = [(statute, phrase) for statute, phrase, _ in CONTRACT_ROWS[:5]]
CONTRACT_CATEGORIES = [
    "地方税関係情報", "医療保険給付関係情報", "障害者関係情報", "生活保護関係情報",
    "戸籍関係情報", "国家資格関係情報", "雇用保険関係情報", "公金口座関係情報",
]  # fmt: skip
FIELDS = {"social_security", "tax", "disaster", "national_qualification", "residence", "vehicle", "other"}


def rows_in_force(catalog: Catalog, statute: str, phrase: str, day: dt.date) -> list[ScheduleRow]:
    return [
        r for r in catalog.rows_for(kind="schedule", statute=statute, phrase=phrase) if r.period.contains(day)
    ]


def by_key(name: str) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in records(name)}


# --- files, keys, sources, periods ---------------------------------------------------------------------


def test_the_catalog_directory_ships_every_catalog_file() -> None:
    shipped = {p.stem for p in catalog_dir().glob("*.yaml")}
    assert shipped == {name for name, _ in ALL_LISTS}


def test_the_file_loader_reads_every_kind_of_record(catalog: Catalog) -> None:
    counts = (catalog.schedule_rows, catalog.categories, catalog.permissions,
              catalog.ordinance_limits, catalog.ordinance_scope_rules)  # fmt: skip
    assert all(counts)


def test_the_database_loader_accepts_the_shipped_files_without_a_problem() -> None:
    from compliance.law.catalog.files import read_catalog_files

    _records, notes = read_catalog_files(catalog_dir())  # raises with every problem found
    assert notes == []


@pytest.mark.parametrize("pair", ALL_LISTS, ids=list_id)
def test_keys_are_unique_within_each_file(pair: tuple[str, str | None]) -> None:
    """A key names one record; an amended record has one period row per version, never overlapping."""
    keys = [(r["key"], r.get("in_force_from")) for r in records(*pair)]
    assert [k for k in keys if keys.count(k) > 1] == []
    by: dict[str, list[dict[str, Any]]] = {}
    for r in records(*pair):
        by.setdefault(r["key"], []).append(r)
    assert [k for k, group in by.items() if _overlapping({k: group})] == []


def test_schedule_rows_and_quasi_affairs_share_no_key() -> None:
    assert set(by_key("schedule_rows")) & set(by_key("quasi_affairs")) == set()


@pytest.mark.parametrize("pair", ALL_LISTS, ids=list_id)
def test_every_record_cites_a_source_and_says_whether_it_was_verified(pair: tuple[str, str | None]) -> None:
    bad = [r["key"] for r in records(*pair)
           if not str(r.get("source") or "").strip() or not isinstance(r.get("verified"), bool)]  # fmt: skip
    assert bad == []


@pytest.mark.parametrize("pair", ALL_LISTS, ids=list_id)
def test_every_period_starts_on_a_date_and_ends_after_it_starts(pair: tuple[str, str | None]) -> None:
    bad = [
        r["key"] for r in records(*pair)
        if not isinstance(r.get("in_force_from"), dt.date)
        or (r.get("in_force_until") is not None
            and (not isinstance(r["in_force_until"], dt.date) or r["in_force_until"] <= r["in_force_from"]))
    ]  # fmt: skip
    assert bad == []


def test_no_catalog_text_contains_an_individual_number() -> None:
    found = [
        text
        for name, section in ALL_LISTS
        for text in strings(records(name, section))
        if contains_my_number(text)
    ]
    assert found == []


# --- references ----------------------------------------------------------------------------------------


def test_every_row_and_quasi_affair_cites_a_statute_listed_in_statutes() -> None:
    names = {s["name"] for s in records("statutes")}
    cited = {r["statute"] for r in records("schedule_rows") + records("quasi_affairs")}
    assert cited - names == set()


def requesters() -> dict[str, dict[str, Any]]:
    """Who may request over the network (番号法第19条第8号): schedule rows and, since the 2023 amendment,
    quasi affairs (準法定事務処理者)."""
    return {**by_key("schedule_rows"), **by_key("quasi_affairs")}


def test_every_permission_names_an_existing_schedule_row_or_quasi_affair() -> None:
    known = requesters()
    assert [p["key"] for p in records("linkage_permissions") if p["requester_row"] not in known] == []


def test_a_quasi_affair_requests_only_from_the_day_quasi_affairs_exist() -> None:
    quasi = by_key("quasi_affairs")
    early = [
        p["key"]
        for p in records("linkage_permissions")
        if p["requester_row"] in quasi and p["in_force_from"] < quasi[p["requester_row"]]["in_force_from"]
    ]
    assert early == []


def test_every_category_a_permission_or_limit_names_exists() -> None:
    names = {c["name"] for c in records("categories")}
    named = {p["category"] for p in records("linkage_permissions")}
    named |= {c for limit in records("ordinance_linkage_limits") for c in limit["categories"]}
    assert named - names == set()


def test_every_quasi_affair_relates_to_an_existing_schedule_row() -> None:
    rows = by_key("schedule_rows")
    assert [
        q["key"] for q in records("quasi_affairs") if q.get("related_row") and q["related_row"] not in rows
    ] == []


def test_a_permission_is_only_in_force_while_its_requester_row_is() -> None:
    periods: dict[str, list[dict[str, Any]]] = {}
    for r in records("schedule_rows") + records("quasi_affairs"):
        periods.setdefault(r["key"], []).append(r)
    starts = {k: min(r["in_force_from"] for r in group) for k, group in periods.items()}
    ends = {
        k: None
        if any(r.get("in_force_until") is None for r in group)
        else max(r["in_force_until"] for r in group)
        for k, group in periods.items()
    }
    outside = [
        p["key"] for p in records("linkage_permissions")
        if p["in_force_from"] < starts[p["requester_row"]]
        or (ends[p["requester_row"]] is not None
            and (p.get("in_force_until") is None or p["in_force_until"] > ends[p["requester_row"]]))
    ]  # fmt: skip
    assert outside == []


def test_permissions_and_limits_only_name_categories_in_force_when_they_start(catalog: Catalog) -> None:
    early = [
        p.key
        for p in catalog.permissions
        if not catalog.category_in_force(p.category, p.period.in_force_from)
    ]
    early += [
        limit.key for limit in catalog.ordinance_limits for name in limit.categories
        if not catalog.category_in_force(name, limit.period.in_force_from)
    ]  # fmt: skip
    assert early == []


def test_body_references_use_the_contract_vocabularies() -> None:
    refs = [
        b
        for name in ("schedule_rows", "quasi_affairs", "linkage_permissions")
        for r in records(name)
        for b in body_refs(r)
    ]
    assert refs
    assert [
        b for b in refs if not set(b["kinds"]) <= set(OrganizationKind.values) or b["body"] not in Body.values
    ] == []


# --- successive periods ----------------------------------------------------------------------------------


def _overlapping(groups: dict[Any, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    clashes = []
    for group in groups.values():
        for i, a in enumerate(group):
            clashes += [(a["key"], b["key"]) for b in group[i + 1 :] if overlaps(a, b)]
    return clashes


def _grouped(items: list[dict[str, Any]], identity: Any) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[identity(item)].append(item)
    return groups


def _row_identity(row: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    return row["statute"], row["affair"], tuple(sorted(b["label"] for b in row["bodies"]))


SUCCESSIONS = {
    "statutes": lambda r: r["name"],
    "categories": lambda r: r["name"],
    "schedule_rows": _row_identity,
    "quasi_affairs": _row_identity,
    "article19_items": lambda r: r["ground"],
    "ordinance_linkage_limits": lambda r: r["field"],
    "ordinance_scope_rules": lambda r: "9(2)",
    "forms": lambda r: r["form"],
}


@pytest.mark.parametrize("name", sorted(SUCCESSIONS))
def test_records_that_succeed_each_other_do_not_overlap(name: str) -> None:
    assert _overlapping(_grouped(records(name), SUCCESSIONS[name])) == []


def test_linkage_permissions_that_succeed_each_other_do_not_overlap() -> None:
    rows = requesters()

    def identity(p: dict[str, Any]) -> Any:
        providers = tuple(sorted((b["label"], b["body"]) for b in p["providers"]))
        return _row_identity(rows[p["requester_row"]])[:2], p["category"], providers

    assert _overlapping(_grouped(records("linkage_permissions"), identity)) == []


def test_the_2023_amendment_ends_old_rows_and_starts_their_successors_on_the_same_day() -> None:
    """The 2015 別表第一 ends and the 別表 starts on one day; a row carried across keeps its key
    (旧五十六 → 八十一, 児童手当), so the restructure is a change of that record."""
    rows = [r for r in records("schedule_rows") if not r.get("resident_register")]
    ended = [r for r in rows if r.get("in_force_until") == AMENDMENT_DAY]
    started = [r for r in rows if r["in_force_from"] == AMENDMENT_DAY]
    assert {r["in_force_until"] for r in rows if r["in_force_from"] < AMENDMENT_DAY} == {AMENDMENT_DAY}
    assert (len(ended), len(started)) == (98, 177)  # 99 rows less the deleted 二十五; 177 rows
    carried = {r["key"]: r for r in started}
    child = [r for r in ended if r["statute"] == "児童手当法"]
    assert [(r["row_number"], carried[r["key"]]["row_number"]) for r in child] == [("56", "81")]


# --- contracts.md §5 and §6 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statute", "phrase", "bodies"), CONTRACT_ROWS, ids=[f"{s}:{p}" for s, p, _ in CONTRACT_ROWS]
)
def test_each_contract_row_resolves_and_names_its_bodies_on_the_contract_day(
    catalog: Catalog, statute: str, phrase: str, bodies: list[tuple[str, str]]
) -> None:
    rows = rows_in_force(catalog, statute, phrase, CONTRACT_DAY)
    assert rows, f"no {statute} row containing {phrase!r} in force on {CONTRACT_DAY}"
    assert [(k, b) for k, b in bodies if not any(r.names_body(k, b) for r in rows)] == []


@pytest.mark.parametrize(
    ("statute", "phrase"), CONTRACT_PERMISSIONS, ids=[s for s, _ in CONTRACT_PERMISSIONS]
)
@pytest.mark.parametrize("kind", ["municipality", "special_ward"])
def test_each_contract_permission_lets_the_row_ask_a_mayor_for_local_tax_information_today(
    catalog: Catalog, statute: str, phrase: str, kind: str
) -> None:
    permissions = [
        p for row in rows_in_force(catalog, statute, phrase, TODAY)
        for p in catalog.permissions_for(row_key=row.key, category="地方税関係情報", day=TODAY)
    ]  # fmt: skip
    assert any(ref.covers(kind, "mayor") for p in permissions for ref in p.providers)


@pytest.mark.parametrize("name", CONTRACT_CATEGORIES)
def test_each_contract_category_exists_with_a_period(catalog: Catalog, name: str) -> None:
    assert catalog.category_known(name)
    assert catalog.category_in_force(name, CONTRACT_DAY)


def test_the_catalog_has_at_least_sixty_schedule_rows_beyond_the_contract_rows(catalog: Catalog) -> None:
    contract = {
        r.key
        for statute, phrase, _ in CONTRACT_ROWS
        for r in catalog.rows_for(kind="schedule", statute=statute, phrase=phrase)
    }
    beyond = [r for r in catalog.schedule_rows if r.kind == "schedule" and r.key not in contract]
    assert len(beyond) >= 60


def test_every_field_has_schedule_rows_in_force_today(catalog: Catalog) -> None:
    fields = {r.field for r in catalog.schedule_rows if r.kind == "schedule" and r.period.contains(TODAY)}
    assert fields == FIELDS


def test_the_fields_added_in_2023_start_with_the_amendment(catalog: Catalog) -> None:
    new = [r for r in catalog.schedule_rows if r.field in {"national_qualification", "residence", "vehicle"}]
    assert new
    assert [r.key for r in new if r.period.in_force_from < AMENDMENT_DAY] == []


def test_resident_register_rows_exist_and_rest_on_the_resident_register_act(catalog: Catalog) -> None:
    rows = [r for r in catalog.schedule_rows if r.resident_register]
    assert rows
    assert {r.statute for r in rows} == {"住民基本台帳法"}


def test_quasi_affairs_start_with_the_2023_amendment(catalog: Catalog) -> None:
    quasi = [r for r in catalog.schedule_rows if r.kind == "quasi"]
    assert quasi
    assert [r.key for r in quasi if r.period.in_force_from < AMENDMENT_DAY] == []
