"""The catalog every installation ships (fixtures/law/) loads cleanly and holds the contract's rows.

contracts.md §5 and §6 list schedule rows, categories and permissions other systems rely on.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.law.catalog import loading

SCHEDULE = [  # (statute, affair phrase, (kind, body) that must be covered)
    ("児童手当法", "児童手当", [("municipality", "mayor")]),
    ("児童扶養手当法", "児童扶養手当", [("prefecture", "governor"), ("municipality", "mayor")]),
    ("生活保護法", "保護", [("prefecture", "governor"), ("municipality", "mayor")]),
    ("国民健康保険法", "保険給付", [("municipality", "mayor")]),
    ("介護保険法", "保険給付", [("municipality", "mayor")]),
    ("高齢者の医療の確保に関する法律", "後期高齢者医療", [("wide_area_union", "union_head"), ("municipality", "mayor")]),
    ("地方税法", "地方税", [("prefecture", "governor"), ("municipality", "mayor")]),
    ("障害者の日常生活及び社会生活を総合的に支援するための法律", "自立支援給付", [("municipality", "mayor")]),
    ("母子保健法", "母子保健", [("municipality", "mayor")]),
    ("予防接種法", "予防接種", [("municipality", "mayor")]),
    ("子ども・子育て支援法", "給付", [("municipality", "mayor")]),
    ("公営住宅法", "公営住宅", [("prefecture", "governor"), ("municipality", "mayor")]),
    ("災害対策基本法", "被災者台帳", [("municipality", "mayor")]),
    ("災害弔慰金の支給等に関する法律", "災害弔慰金", [("municipality", "mayor")]),
    ("被災者生活再建支援法", "被災者生活再建支援金", [("prefecture", "governor")]),
    ("学校保健安全法", "医療に要する費用", [("municipality", "board_of_education")]),
    ("国民年金法", "年金", [("national_body", "minister"), ("municipality", "mayor")]),
    ("雇用保険法", "失業等給付", [("national_body", "minister")]),
    ("出入国管理及び難民認定法", "在留", [("national_body", "agency_head")]),
]  # fmt: skip

CATEGORIES = ["地方税関係情報", "医療保険給付関係情報", "障害者関係情報", "生活保護関係情報", "戸籍関係情報",
              "国家資格関係情報", "雇用保険関係情報", "公金口座関係情報"]  # fmt: skip

PERMISSIONS = [("児童手当法", "児童手当"), ("児童扶養手当法", "児童扶養手当"), ("生活保護法", "保護"),
               ("国民健康保険法", "保険給付"), ("介護保険法", "保険給付")]  # fmt: skip


@pytest.fixture
def shipped(db):
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    return loading.catalog_from_db()


def test_the_shipped_files_and_the_loaded_database_give_the_same_catalog(shipped):
    files = loading.catalog_from_files()
    assert frozenset(shipped.schedule_rows) == frozenset(files.schedule_rows)
    assert frozenset(shipped.permissions) == frozenset(files.permissions)
    assert frozenset(shipped.categories) == frozenset(files.categories)


def test_every_contract_schedule_row_is_in_force_today_for_its_bodies(shipped):
    today = timezone.localdate()
    missing = []
    for statute, phrase, bodies in SCHEDULE:
        rows = [
            r
            for r in shipped.rows_for(kind="schedule", statute=statute, phrase=phrase)
            if r.period.contains(today)
        ]
        missing += [
            (statute, kind, body) for kind, body in bodies if not any(r.names_body(kind, body) for r in rows)
        ]
    assert missing == []


def test_every_contract_category_is_in_force_today(shipped):
    today = timezone.localdate()
    assert [name for name in CATEGORIES if not shipped.category_in_force(name, today)] == []


def test_every_contract_permission_is_in_force_today(shipped):
    today = timezone.localdate()
    missing = []
    for statute, phrase in PERMISSIONS:
        rows = [
            r
            for r in shipped.rows_for(kind="schedule", statute=statute, phrase=phrase)
            if r.period.contains(today)
        ]
        permitted = [
            p
            for row in rows
            for p in shipped.permissions_for(row_key=row.key, category="地方税関係情報", day=today)
        ]
        if not any(any(ref.covers("municipality", "mayor") for ref in p.providers) for p in permitted):
            missing.append(statute)
    assert missing == []


def test_the_shipped_catalog_has_at_least_sixty_further_rows_across_every_field(shipped):
    fields = {r.field for r in shipped.schedule_rows if r.kind == "schedule"}
    keys = {r.key for r in shipped.schedule_rows if r.kind == "schedule"}
    assert len(keys) >= len(SCHEDULE) + 60
    assert {"social_security", "tax", "disaster", "national_qualification", "residence", "vehicle"} <= fields
