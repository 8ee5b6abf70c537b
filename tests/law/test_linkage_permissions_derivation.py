"""Deriving the linkage permissions of the 2015 別表第二 (``derive_catalog linkage_permissions``).

The small tables here have the shape of ``tables_2015.json`` (``beppyo_1``: ``{row, affair}``;
``beppyo_2_lines``: the header, then a line of 4 cells per row and of 2 cells per further
(provider, information) pair); the real file is read only by the last test, when it is there.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from compliance.law.catalog.loading import catalog_dir
from compliance.law.egov import permissions
from compliance.law.egov.texts import TEXT_2015, TEXT_2025, OfficialTexts

SHARED = Path(settings.BASE_DIR).parent / "shared" / "law"
MAYOR = {"label": "市町村長", "kinds": ["municipality", "special_ward"], "body": "mayor"}
GOVERNOR = {"label": "都道府県知事", "kinds": ["prefecture"], "body": "governor"}

TABLE: dict[str, Any] = {
    "source": "a small table in the shape of the 2015 text",
    "beppyo_1": [
        {"row": "一\u3000都道府県知事", "affair": "児童福祉法（昭和二十二年法律第百六十四号）による小児慢性特定疾病医療費の支給又は費用の徴収に関する事務であって主務省令で定めるもの"},
        {"row": "二\u3000市町村長", "affair": "児童福祉法による保育所における保育の実施又は費用の徴収に関する事務であって主務省令で定めるもの"},
        {"row": "三\u3000市町村長", "affair": "児童手当法（昭和四十六年法律第七十三号）による児童手当の支給に関する事務であって主務省令で定めるもの"},
    ],
    "beppyo_2_lines": [
        ["情報照会者", "事務", "情報提供者", "特定個人情報"],
        ["一\u3000都道府県知事", "児童福祉法による小児慢性特定疾病医療費の支給に関する事務であって主務省令で定めるもの",
         "医療保険者（医療保険各法により医療に関する給付の支給を行う全国健康保険協会、健康保険組合、共済組合、市町村長又は国民健康保険組合をいう。以下同じ。）",
         "医療保険各法による医療に関する給付の支給に関する情報（以下「医療保険給付関係情報」という。）であって主務省令で定めるもの"],
        ["市町村長", "地方税法その他の地方税に関する法律に基づく条例の規定により算定した税額若しくはその算定の基礎となる事項に関する情報（以下「地方税関係情報」という。）又は住民基本台帳法第七条第四号に規定する事項（以下「住民票関係情報」という。）であって主務省令で定めるもの"],
        ["二\u3000削除", "", "", ""],
        ["三\u3000都道府県知事又は市町村長", "児童福祉法による費用の徴収に関する事務であって主務省令で定めるもの",
         "市町村長", "地方税関係情報であって主務省令で定めるもの"],
        ["四\u3000市町村長", "児童手当法による児童手当の支給に関する事務であって主務省令で定めるもの",
         "市町村長", "地方税関係情報であって主務省令で定めるもの"],
        ["国民年金法その他の法令による年金である給付の支給を行うこととされている者",
         "国民年金法その他の法令による年金である給付の支給に関する情報であって主務省令で定めるもの"],
    ],
}  # fmt: skip


def schedule_row(key: str, number: str, statute: str, affair: str, bodies: list[dict[str, Any]], *,
                 carried: bool) -> list[dict[str, Any]]:  # fmt: skip
    old = {
        "key": key, "row_number": number, "statute": statute, "affair": affair, "bodies": bodies,
        "in_force_from": dt.date(2016, 1, 1), "in_force_until": dt.date(2024, 5, 27),
        "source": f"{TEXT_2015} 別表第一 {permissions.kanji(number)}の項",
    }  # fmt: skip
    new = {
        **old,
        "row_number": "9",
        "in_force_from": dt.date(2024, 5, 27),
        "source": f"{TEXT_2025} 別表 九の項",
    }
    del new["in_force_until"]
    return [old, new] if carried else [old]


SCHEDULE = [
    *schedule_row("child_welfare_prefecture", "1", "児童福祉法", TABLE["beppyo_1"][0]["affair"], [GOVERNOR], carried=True),
    *schedule_row("child_welfare_municipal", "2", "児童福祉法", TABLE["beppyo_1"][1]["affair"], [MAYOR], carried=False),
    *schedule_row("child_allowance", "3", "児童手当法", TABLE["beppyo_1"][2]["affair"], [MAYOR], carried=True),
]  # fmt: skip


@pytest.fixture
def texts(tmp_path: Path) -> OfficialTexts:
    (tmp_path / "tables_2015.json").write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    return OfficialTexts(tmp_path)


def test_the_information_column_is_split_into_its_kinds_of_information() -> None:
    pieces = permissions.information_pieces(TABLE["beppyo_2_lines"][2][1])
    assert [(p.name, p.defined) for p in pieces] == [("地方税関係情報", True), ("住民票関係情報", True)]
    assert pieces[1].description == "住民基本台帳法第七条第四号に規定する事項"
    # A description keeps the lists inside it: it ends only where 情報 meets a list word.
    long = "中国残留邦人等の自立の支援に関する法律による永住帰国旅費、自立支度金又は一時金の支給に関する情報であって主務省令で定めるもの"
    assert [p.name for p in permissions.information_pieces(long)] == [
        long.removesuffix("であって主務省令で定めるもの")
    ]
    mixed = "地方税関係情報、母子保健法による養育医療の給付若しくは養育医療に要する費用の支給に関する情報又は児童手当関係情報であって主務省令で定めるもの"
    assert [p.name for p in permissions.information_pieces(mixed)] == [
        "地方税関係情報", "母子保健法による養育医療の給付若しくは養育医療に要する費用の支給に関する情報", "児童手当関係情報",
    ]  # fmt: skip


def test_providers_the_body_table_lacks_are_placed_by_the_terms_of_the_table() -> None:
    insurers, unmapped = permissions.map_providers("医療保険者又は後期高齢者医療広域連合")
    assert unmapped == []
    assert {(b.label, b.body) for b in insurers} == {
        ("医療保険者", "other_organ"), ("医療保険者", "mayor"), ("後期高齢者医療広域連合", "union_head"),
    }  # fmt: skip
    payers, unmapped = permissions.map_providers(TABLE["beppyo_2_lines"][6][0])
    assert unmapped == [] and {b.body for b in payers} >= {"minister", "governor", "mayor"}


def test_every_row_gives_its_pairs_with_the_first_table_row_its_affair_refers_to(
    texts: OfficialTexts,
) -> None:
    derivation = permissions.derive_pairs(texts, SCHEDULE)
    assert derivation.problems == []
    assert derivation.rows == 3  # 二 is 「削除」
    got = [
        (p.row, p.requester_row, p.category, tuple(b.label for b in p.providers)) for p in derivation.pairs
    ]
    assert got == [
        ("1", "child_welfare_prefecture", "医療保険給付関係情報", ("医療保険者", "医療保険者")),
        ("1", "child_welfare_prefecture", "地方税関係情報", ("市町村長",)),
        ("1", "child_welfare_prefecture", "住民票関係情報", ("市町村長",)),
        # 三 names two requesters: the governor's affair is row 一, the mayor's row 二.
        ("3", "child_welfare_municipal", "地方税関係情報", ("市町村長",)),
        ("4", "child_allowance", "地方税関係情報", ("市町村長",)),
        ("4", "child_allowance", "国民年金法その他の法令による年金である給付の支給に関する情報",
         ("国民年金法その他の法令による年金である給付の支給を行うこととされている者",) * 5),
    ]  # fmt: skip
    # 三's governor gives the same permission as 一 (row 一, 地方税関係情報, 市町村長): one record.
    assert derivation.pairs[1].also == ("3",)


def test_a_row_whose_affair_has_no_first_table_row_is_reported(texts: OfficialTexts) -> None:
    derivation = permissions.derive_pairs(texts, [r for r in SCHEDULE if r["key"] != "child_allowance"])
    assert derivation.problems == [
        "別表第二 4: no 別表第一 row for 「児童手当法による児童手当の支給に関する事務であって主務省令で定めるもの」"
    ]


def test_records_keep_hand_written_keys_and_carry_forward_where_the_row_did(texts: OfficialTexts) -> None:
    derivation = permissions.derive_pairs(texts, SCHEDULE)
    existing = [
        {"key": "child_allowance_local_tax_table2", "requester_row": "child_allowance", "category": "地方税関係情報",
         "providers": [MAYOR], "in_force_from": dt.date(2017, 7, 18), "in_force_until": dt.date(2024, 5, 27)},
        {"key": "child_allowance_local_tax", "requester_row": "child_allowance", "category": "地方税関係情報",
         "providers": [MAYOR], "in_force_from": dt.date(2024, 5, 27)},
        {"key": "child_allowance_register_table2", "requester_row": "child_allowance", "category": "戸籍関係情報",
         "providers": [MAYOR], "in_force_from": dt.date(2017, 7, 18), "in_force_until": dt.date(2024, 5, 27)},
    ]  # fmt: skip
    records, kept, dropped = permissions.permission_records(derivation, SCHEDULE, existing, {})
    assert kept == ["child_allowance_local_tax_table2"]
    assert dropped == ["child_allowance_register_table2"]
    keys = [(r["key"], str(r["in_force_from"])) for r in records]
    # 別表第二 took effect with the network: no later than 2017-05-30 (番号法附則第1条第5号).
    assert ("child_allowance_local_tax_table2", "2017-05-30") in keys
    assert ("child_allowance_local_tax", "2024-05-27") in keys
    # 別表第一 二 did not pass into the 2025 別表 under its key: its permission ends with 別表第二.
    municipal = [r for r in records if r["requester_row"] == "child_welfare_municipal"]
    assert [str(r["in_force_from"]) for r in municipal] == ["2017-05-30"]
    before = next(r for r in records if r["key"] == "child_allowance_local_tax_table2")
    assert before["verified"] is True and before["source"] == f"{TEXT_2015} 別表第二 四の項"
    after = next(r for r in records if r["key"] == "child_allowance_local_tax")
    assert after["verified"] is False and "主務省令の条文は手元の条文にない" in after["notes"]
    assert len({(r["key"], r["in_force_from"]) for r in records}) == len(records)


def test_categories_keep_their_keys_and_aliases_and_gain_the_tables_terms(texts: OfficialTexts) -> None:
    derivation = permissions.derive_pairs(texts, SCHEDULE)
    existing = [
        {
            "key": "tax",
            "name": "地方税関係情報",
            "aliases": ["課税情報"],
            "in_force_from": dt.date(2016, 1, 1),
        },
        {"key": "register", "name": "戸籍関係情報", "in_force_from": dt.date(2024, 3, 1)},
    ]
    records = {r["name"]: r for r in permissions.category_records(derivation, existing)}
    assert records["地方税関係情報"]["key"] == "tax" and records["地方税関係情報"]["aliases"] == ["課税情報"]
    assert records["地方税関係情報"]["verified"] is True
    assert (
        records["住民票関係情報"]["source"]
        == f"{TEXT_2015} 別表第二 一の項「住民基本台帳法第七条第四号に規定する事項」"
    )
    assert records["戸籍関係情報"] == existing[1]  # a later category stays as it was


@pytest.mark.skipif(not SHARED.exists(), reason="the official texts (../shared/law/) are not beside the repo")
def test_the_real_table_gives_every_row_and_leaves_none_unmapped() -> None:
    schedule = yaml.safe_load((catalog_dir() / "schedule_rows.yaml").read_text(encoding="utf-8"))
    derivation = permissions.derive_pairs(OfficialTexts(SHARED), schedule)
    assert derivation.problems == []
    assert derivation.rows == 120  # 一 … 百二十 and 五十六の二, less the deleted 三十六
    given = {p.row for p in derivation.pairs} | {row for p in derivation.pairs for row in p.also}
    assert given == {line.row for line in OfficialTexts(SHARED).linkage_2015} - {"36"}


@pytest.mark.skipif(not SHARED.exists(), reason="the official texts (../shared/law/) are not beside the repo")
def test_the_command_writes_what_is_shipped(tmp_path: Path) -> None:
    out = tmp_path / "law"
    out.mkdir()
    for name in ("schedule_rows", "linkage_permissions", "categories"):
        (out / f"{name}.yaml").write_bytes((catalog_dir() / f"{name}.yaml").read_bytes())
    call_command("derive_catalog", "linkage_permissions", "--out", str(out), stdout=io.StringIO())
    for name in ("linkage_permissions", "categories"):
        assert (out / f"{name}.yaml").read_text(encoding="utf-8") == (
            catalog_dir() / f"{name}.yaml"
        ).read_text(encoding="utf-8"), name
