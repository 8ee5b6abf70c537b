"""Article 19 items, the Article 9(2) scope rule and the Article 19(9) limits as shipped in ``fixtures/law/``.

Item numbers moved over time and the 2023 amendment widened ordinance affairs; the catalog
must tell the two periods apart (seed 002: four municipal programs that could not link).
"""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.law.catalog import Catalog
from tests.law_fixtures.shipped import in_force, records

CONTRACT_DAY = dt.date(2026, 4, 1)
TODAY = dt.date.today()
AMENDMENT_DAY = dt.date(2024, 5, 27)  # 令和5年法律第48号: 第19条・別表の改正の施行日（政令）
SCOPE_DAY = dt.date(2023, 6, 9)  # 令和5年法律第48号附則第1条第1号: 第9条第2項の改正は公布の日に施行
ORDINANCE_FIELDS = {"social_security", "welfare", "health", "medical", "local_tax", "disaster", "other"}

#: seed 002: four municipal programs that could not use linkage (field as this catalog classifies them).
SEED_002_PROGRAMS = {
    "苫小牧市 ぬくもり灯油事業": ("welfare", {"地方税関係情報", "障害者関係情報", "生活保護関係情報"}),
    "秋田市 結婚新生活支援事業": ("other", {"地方税関係情報", "戸籍関係情報"}),
    "久留米市 保育士奨学金返済支援事業": ("other", {"地方税関係情報", "国家資格関係情報"}),
    "鹿児島市 移住支援金": ("other", {"雇用保険関係情報", "公金口座関係情報"}),
}


@pytest.mark.parametrize(
    ("item", "phrase"), [("8", "情報提供ネットワークシステム"), ("9", "条例"), ("11", "他の機関")]
)
def test_the_confirmed_article19_items_mean_what_domain_md_says_today(item: str, phrase: str) -> None:
    current = [r for r in records("article19_items") if r["item"] == item and in_force(r, CONTRACT_DAY)]
    assert len(current) == 1
    assert phrase in current[0]["meaning"]


def test_the_network_linkage_item_moved_from_the_statutory_table_to_the_ministerial_ordinance() -> None:
    network = [r for r in records("article19_items") if r["ground"] == "network"]
    before = [r for r in network if in_force(r, AMENDMENT_DAY - dt.timedelta(days=1))]
    after = [r for r in network if in_force(r, AMENDMENT_DAY)]
    assert len(before) == len(after) == 1
    assert "別表第二" in before[0]["title"]
    assert "主務省令" in after[0]["title"]


def test_ordinance_affairs_were_limited_to_the_three_fields_before_the_amendment(catalog: Catalog) -> None:
    rule = catalog.ordinance_scope(SCOPE_DAY - dt.timedelta(days=1))
    assert rule is not None and rule.allowed_fields is not None
    assert "other" not in rule.allowed_fields
    assert {"social_security", "local_tax", "disaster"} <= rule.allowed_fields


def test_ordinance_affairs_of_any_field_may_use_the_number_from_the_amendment(catalog: Catalog) -> None:
    rule = catalog.ordinance_scope(SCOPE_DAY)
    assert rule is not None and rule.allowed_fields is None


@pytest.mark.parametrize("day", [AMENDMENT_DAY - dt.timedelta(days=1), AMENDMENT_DAY, CONTRACT_DAY], ids=str)
def test_every_ordinance_field_has_a_linkage_limit(catalog: Catalog, day: dt.date) -> None:
    assert {f for f in ORDINANCE_FIELDS if catalog.ordinance_limit(field=f, day=day) is None} == set()


def _refused(catalog: Catalog, day: dt.date) -> dict[str, set[str]]:
    refused = {}
    for program, (field, wanted) in SEED_002_PROGRAMS.items():
        limit = catalog.ordinance_limit(field=field, day=day)
        allowed = limit.categories if limit else frozenset()
        refused[program] = {c for c in wanted if catalog.canonical_category(c) not in allowed}
    return refused


def test_none_of_the_four_seed_002_programs_could_get_all_it_wanted_before_the_amendment(
    catalog: Catalog,
) -> None:
    refused = _refused(catalog, dt.date(2022, 10, 18))
    assert [program for program, missing in refused.items() if not missing] == []


def test_some_seed_002_program_still_cannot_get_all_it_wants_today(catalog: Catalog) -> None:
    assert any(_refused(catalog, TODAY).values())


def test_the_amendment_widened_what_ordinance_affairs_may_request(catalog: Catalog) -> None:
    before = _refused(catalog, AMENDMENT_DAY - dt.timedelta(days=1))
    after = _refused(catalog, AMENDMENT_DAY)
    assert all(after[p] <= before[p] for p in SEED_002_PROGRAMS)
    assert sum(map(len, after.values())) < sum(map(len, before.values()))
