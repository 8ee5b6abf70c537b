"""A small, explicit legal catalog for the rule tests, so they do not depend on the shipped data.

Everything the table-driven cases in ``tests/checks/cases/`` rely on is here: which rows
exist, which bodies they name, their periods, the permission table, the ordinance limits
and the Article 9(2) scope rules around the amendment date.
"""

from __future__ import annotations

import datetime as dt

from compliance.law.catalog import (
    BodyRef,
    Catalog,
    Category,
    LinkagePermission,
    OrdinanceLinkageLimit,
    OrdinanceScopeRule,
    Period,
    ScheduleRow,
    build_catalog,
)

D = dt.date.fromisoformat
#: The day the 2023 amendment's Article 9(2) change takes effect in this test catalog.
SCOPE_AMENDMENT = D("2023-06-09")  # 令和5年法律第48号附則第1条第1号: 第9条第2項の改正は公布の日に施行

MAYOR = BodyRef(label="市町村長", kinds=frozenset({"municipality", "special_ward"}), body="mayor")
GOVERNOR = BodyRef(label="都道府県知事", kinds=frozenset({"prefecture"}), body="governor")
AGENCY = BodyRef(label="出入国在留管理庁長官", kinds=frozenset({"national_body"}), body="agency_head")
MINISTER = BodyRef(label="厚生労働大臣", kinds=frozenset({"national_body"}), body="minister")


def row(key: str, statute: str, affair: str, *bodies: BodyRef, kind: str = "schedule", start: str = "2016-01-01",
        until: str | None = None, resident_register: bool = False, field: str = "social_security") -> ScheduleRow:  # fmt: skip
    return ScheduleRow(
        key=key, kind=kind, row_number=key, statute=statute, affair=affair, bodies=bodies, field=field,
        period=Period(D(start), D(until) if until else None), resident_register=resident_register,
    )  # fmt: skip


CATEGORY_NAMES = (
    "地方税関係情報", "医療保険給付関係情報", "障害者関係情報", "生活保護関係情報",
    "戸籍関係情報", "国家資格関係情報", "雇用保険関係情報", "公金口座関係情報",
)  # fmt: skip


def small_catalog() -> Catalog:
    rows = [
        row("child", "児童手当法", "児童手当の支給に関する事務であって主務省令で定めるもの", MAYOR),
        row("resident", "住民基本台帳法", "住民基本台帳に関する事務であって主務省令で定めるもの", MAYOR,
            resident_register=True),
        row("welfare", "生活保護法", "保護の決定及び実施に関する事務であって主務省令で定めるもの", GOVERNOR),
        row("tax", "地方税法", "地方税の賦課徴収に関する事務であって主務省令で定めるもの", MAYOR, GOVERNOR,
            field="tax"),
        row("old", "旧給付法", "旧給付の支給に関する事務", MAYOR, until="2020-04-01"),
        row("future", "新給付法", "新給付の支給に関する事務", MAYOR, start="2030-01-01"),
        row("pension", "国民年金法", "年金である給付の支給に関する事務", MINISTER, MAYOR),
        row("residence", "出入国管理及び難民認定法", "在留に係る許可に関する事務", AGENCY, field="residence"),
        row("quasi-aid", "地方単独給付法", "地方単独の給付に関する事務", MAYOR, kind="quasi", start="2024-05-27"),
    ]  # fmt: skip
    categories = [Category(name=name, period=Period(D("2016-01-01"))) for name in CATEGORY_NAMES]
    permissions = [
        LinkagePermission(key="child-tax", requester_row="child", category="地方税関係情報", providers=(MAYOR,),
                          period=Period(D("2017-11-13"))),
        LinkagePermission(key="pension-tax", requester_row="pension", category="地方税関係情報",
                          providers=(MAYOR,), period=Period(D("2017-11-13"))),
    ]  # fmt: skip
    limits = [
        OrdinanceLinkageLimit(key="welfare", field="welfare",
                              categories=frozenset({"地方税関係情報", "生活保護関係情報"}), period=Period(D("2017-11-13"))),
        OrdinanceLinkageLimit(key="tax", field="local_tax", categories=frozenset({"地方税関係情報"}),
                              period=Period(D("2017-11-13"))),
    ]  # fmt: skip
    scope_rules = [
        OrdinanceScopeRule(
            key="9-2-before", period=Period(D("2016-01-01"), SCOPE_AMENDMENT),
            allowed_fields=frozenset({"social_security", "welfare", "health", "medical", "local_tax", "disaster"}),
        ),
        OrdinanceScopeRule(key="9-2-after", allowed_fields=None, period=Period(SCOPE_AMENDMENT)),
    ]  # fmt: skip
    return build_catalog(
        schedule_rows=rows, categories=categories, permissions=permissions,
        ordinance_limits=limits, ordinance_scope_rules=scope_rules,
    )  # fmt: skip
