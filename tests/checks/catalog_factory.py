"""A small, explicit legal catalog for the rule tests, so they do not depend on the shipped data.

Everything the table-driven cases in ``tests/checks/cases/`` rely on is here: which rows
exist, which bodies they name, their periods, the permission table, the ordinance limits
and the Article 9(2) scope rules around the amendment date.
"""

from __future__ import annotations

import datetime as dt

from compliance.law.catalog import (
    Article19Item,
    BodyRef,
    CardApplicationRecord,
    CardPlacementRecord,
    CardRecord,
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

#: The day the linkage permissions moved from 別表第二 into the ministerial ordinance.
PERMISSIONS_ORDINANCE = D("2024-05-27")

MAYOR = BodyRef(label="市町村長", kinds=frozenset({"municipality", "special_ward"}), body="mayor")
GOVERNOR = BodyRef(label="都道府県知事", kinds=frozenset({"prefecture"}), body="governor")
AGENCY = BodyRef(label="出入国在留管理庁長官", kinds=frozenset({"national_body"}), body="agency_head")
MINISTER = BodyRef(label="厚生労働大臣", kinds=frozenset({"national_body"}), body="minister")


def row(key: str, statute: str, affair: str, *bodies: BodyRef, kind: str = "schedule", start: str = "2016-01-01",
        until: str | None = None, resident_register: bool = False, field: str = "social_security",
        number: str = "") -> ScheduleRow:  # fmt: skip
    return ScheduleRow(
        key=key, kind=kind, row_number=number or key, statute=statute, affair=affair, bodies=bodies, field=field,
        period=Period(D(start), D(until) if until else None), resident_register=resident_register,
    )  # fmt: skip


CATEGORY_NAMES = (
    "地方税関係情報", "医療保険給付関係情報", "障害者関係情報", "生活保護関係情報",
    "戸籍関係情報", "国家資格関係情報", "雇用保険関係情報", "公金口座関係情報",
)  # fmt: skip


def small_catalog() -> Catalog:
    rows = [
        row("child", "児童手当法", "児童手当の支給に関する事務であって主務省令で定めるもの", MAYOR, number="56"),
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
        # 別表第二 until 2024-05-26; from 2024-05-27 the ordinance, which here no longer lists the pair
        LinkagePermission(key="child-welfare_table2", requester_row="child", category="生活保護関係情報",
                          providers=(GOVERNOR,), period=Period(D("2017-11-13"), PERMISSIONS_ORDINANCE)),
        # a quasi affair (準法定事務) requests from the day the ordinance took over
        LinkagePermission(key="quasi-aid-tax", requester_row="quasi-aid", category="地方税関係情報",
                          providers=(MAYOR,), period=Period(PERMISSIONS_ORDINANCE)),
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
        article19_items=ARTICLE19_ITEMS, cards=CARDS, card_applications=CARD_APPLICATIONS,
        card_placements=CARD_PLACEMENTS,
    )  # fmt: skip


def _item(ground: str, item: str, title: str, start: str, until: str | None = None) -> Article19Item:
    return Article19Item(key=f"{ground}@{start}", ground=ground, item=item, title=title,
                         period=Period(D(start), D(until) if until else None))  # fmt: skip


#: Article 19 items as the 2025 text numbers them; the employer transfer (19(4)) from 2021-09-01 only.
ARTICLE19_ITEMS = (
    _item("to_person_or_related", "1", "本人・個人番号関係事務実施者等への提供", "2016-01-01"),
    _item("related_affairs", "2", "個人番号関係事務実施者による提供", "2016-01-01"),
    _item("from_person", "3", "本人又は代理人による提供", "2016-01-01"),
    _item("employer_transfer", "4", "転職時の使用者等の間の提供", "2021-09-01"),
    _item("jlis", "5", "機構による提供", "2016-01-01"),
    _item("entrustment", "6", "委託・事業の承継に伴う提供", "2016-01-01"),
    _item("network", "8", "情報提供ネットワークシステムによる提供", "2017-05-30"),
    _item("ordinance_network", "9", "条例事務関係情報照会者による提供", "2017-05-30"),
    _item("tax", "10", "国税・地方税に関する提供", "2016-01-01"),
    _item("intra_government", "11", "同一地方公共団体の他の機関への提供", "2016-01-01"),
    _item("commission", "13", "個人情報保護委員会への提供", "2016-01-01"),
    _item("public_interest", "15", "公益上の必要による提供", "2016-01-01"),
)  # fmt: skip

#: The special residence card is issued from this day (fixtures/law/cards.yaml).
SPECIAL_RESIDENCE_CARD_FROM = D("2026-06-14")
CARDS = (
    CardRecord(key="my_number_card", period=Period(D("2016-01-01"))),
    CardRecord(key="residence_card", period=Period(D("2012-07-09"))),
    CardRecord(key="special_residence_card", period=Period(SPECIAL_RESIDENCE_CARD_FROM)),
)
CARD_APPLICATIONS = (
    CardApplicationRecord(key="input_support", cards=frozenset({"my_number_card", "special_residence_card"}),
                          period=Period(D("2016-01-01"))),
    CardApplicationRecord(key="residence_chip", cards=frozenset({"residence_card", "special_residence_card"}),
                          period=Period(D("2012-07-09"))),
    CardApplicationRecord(key="jpki_authentication", cards=frozenset({"my_number_card"}),
                          period=Period(D("2016-01-01")), name="JPKI-AP 利用者証明用電子証明書",
                          name_en="the JPKI user-authentication certificate",
                          items=frozenset({"certificate_serial"})),
)  # fmt: skip
CARD_PLACEMENTS = (
    CardPlacementRecord(key="my_number_card:number", card="my_number_card", item="number", where="back",
                        period=Period(D("2016-01-01"))),
    CardPlacementRecord(key="my_number_card:status_of_residence", card="my_number_card",
                        item="status_of_residence", where="absent", period=Period(D("2016-01-01"))),
    CardPlacementRecord(key="residence_card:number", card="residence_card", item="number", where="absent",
                        period=Period(D("2012-07-09"))),
)  # fmt: skip
