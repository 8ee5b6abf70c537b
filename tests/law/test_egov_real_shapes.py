"""The importer reads the Act's 別表 as e-Gov serves it: the download's wrapper and the real rows' shapes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from compliance.law import models as m
from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.xml import cited_statute, read_schedule
from tests.law.conftest import EGOV

SHAPES = EGOV / "dataroot_shapes.xml"
OFFICIAL_2025 = Path(settings.BASE_DIR).parent / "shared" / "law" / "425AC0000000027_2025-09-24.xml"


def imported(path: Path, *args: str, effective_on: str = "2025-04-01") -> dict:
    out = io.StringIO()
    call_command(
        "import_egov_law", str(path), "--effective-on", effective_on, "--format", "json", *args,
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    return json.loads(out.getvalue())


def variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = SHAPES.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_the_download_as_e_gov_serves_it_and_a_bare_law_alike(tmp_path):
    text = SHAPES.read_text(encoding="utf-8")
    bare = tmp_path / "bare.xml"
    bare.write_text(text[text.index("<Law ") : text.index("</Law>") + len("</Law>")], encoding="utf-8")
    wrapped, unwrapped = read_schedule(SHAPES), read_schedule(bare)
    assert wrapped.title == "行政手続における特定の個人を識別するための番号の利用等に関する法律"
    assert [(r.number, r.body_text, r.affair) for r in wrapped.rows] == [
        (r.number, r.body_text, r.affair) for r in unwrapped.rows
    ]
    assert wrapped.rows[0].path.startswith("DataRoot/ApplData/LawFullText/Law/LawBody/AppdxTable")


def test_it_keeps_branch_numbers_and_reads_every_row():
    numbers = [r.number for r in read_schedule(SHAPES).rows]
    assert numbers == ["1", "2-2", "10", "11", "23", "27", "37", "55", "58", "67", "86", "105"]


def test_it_joins_the_sentences_of_a_column_and_keeps_the_text_of_lines_and_drops_ruby():
    rows = {r.number: r for r in read_schedule(SHAPES).rows}
    assert rows["23"].affair == (
        "生活保護法による保護の決定及び実施、就労自立給付金若しくは進学・就職準備給付金の支給に関する事務であって主務省令で定めるもの"
    )
    assert "罹災証明書" in rows["55"].affair and "り災" not in rows["55"].affair.replace("罹災", "")


@pytest.mark.parametrize(
    ("number", "statute", "law_number"),
    [
        ("1", "健康保険法", ""),  # 「…第五条第二項の規定により」
        ("2-2", "恩給法", "大正十二年法律第四十八号"),  # a note after the number inside the brackets
        ("11", "あん摩マツサージ指圧師、はり師、きゆう師等に関する法律", "昭和二十二年法律第二百十七号"),
        ("23", "生活保護法", ""),
        ("67", "特別児童扶養手当等の支給に関する法律", ""),
        # cited by the amending act's number, which row 六十七 defined for the table
        ("86", "国民年金法等の一部を改正する法律", "昭和六十年法律第三十四号"),
        ("105", "感染症の予防及び感染症の患者に対する医療に関する法律", "平成十年法律第百十四号"),
    ],
)
def test_it_finds_the_statute_each_row_cites(number, statute, law_number):
    law = read_schedule(SHAPES)
    row = next(r for r in law.rows if r.number == number)
    cited = cited_statute(row.affair, law.defined)
    assert cited is not None
    assert (cited.name, cited.number) == (statute, law_number)


def test_a_row_citing_an_act_by_a_number_the_table_never_defined_cites_nothing():
    assert cited_statute("平成八年法律第八十二号による年金である給付の支給に関する事務", {}) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "都道府県知事、市長（特別区の区長を含む。）又は社会福祉法（昭和二十六年法律第四十五号）に規定する福祉に関する事務所を"
            "管理する町村長（以下この表において「都道府県知事等」という。）",
            [("prefecture", "governor"), ("municipality+special_ward", "mayor"), ("municipality", "mayor")],
        ),
        ("都道府県知事等", [("prefecture", "governor"), ("municipality+special_ward", "mayor")]),
        ("都道府県知事又は保健所を設置する市（特別区を含む。）の長",
         [("prefecture", "governor"), ("municipality+special_ward", "mayor")]),
        ("公営住宅法（昭和二十六年法律第百九十三号）第二条第十六号に規定する事業主体である都道府県知事又は市町村長",
         [("prefecture", "governor"), ("municipality+special_ward", "mayor")]),
        ("厚生労働大臣又は日本私立学校振興・共済事業団、国家公務員共済組合連合会若しくは全国市町村職員共済組合連合会",
         [("national_body", "minister"), ("independent_agency+other", "other_organ"), ("other", "other_organ"),
          ("other", "other_organ")]),
        ("社債、株式等の振替に関する法律第二条第二項に規定する振替機関", [("other", "other_organ")]),
        ("通訳案内士法第五十四条第三項の同意を得た市町村又は都道府県の長",
         [("municipality+special_ward", "mayor"), ("prefecture", "governor")]),
        ("独立行政法人日本学生支援機構", [("independent_agency", "other_organ")]),
        ("司法試験委員会", [("national_body", "other_organ")]),
    ],
)  # fmt: skip
def test_it_places_bodies_named_with_a_qualifying_clause_a_middle_dot_or_a_comma(text, expected):
    mapped, unmapped = map_bodies(text)
    assert unmapped == []
    assert [("+".join(b.kinds), b.body) for b in mapped] == expected


def test_the_qualified_label_is_kept_as_the_law_words_it():
    mapped, _ = map_bodies("社債、株式等の振替に関する法律第二条第二項に規定する振替機関")
    assert [b.label for b in mapped] == ["社債、株式等の振替に関する法律第二条第二項に規定する振替機関"]


def test_it_imports_every_row_of_the_real_shapes_and_reports_counts(db):
    report = imported(SHAPES)
    assert report == {"rows": 12, "added": 12, "changed": 0, "unchanged": 0, "ended": 0, "unmapped": []}
    row = m.ScheduleRow.objects.get(row_number="86")
    assert row.statute == "国民年金法等の一部を改正する法律"
    assert m.Statute.objects.get(name="国民年金法等の一部を改正する法律").number == "昭和六十年法律第三十四号"


def test_a_dry_run_with_the_json_format_writes_nothing(db):
    assert imported(SHAPES, "--dry-run")["added"] == 12
    assert not m.ScheduleRow.objects.exists()


def test_a_row_it_cannot_map_is_listed_with_its_reason_not_dropped(db, tmp_path):
    path = variant(tmp_path, "unknown.xml", ("五十五　市町村長", "五十五　架空振興人"))
    report = imported(path)
    assert report["rows"] == 12 and report["added"] == 11
    assert report["unmapped"] == [{"row": "55", "reason": "body not in the mapping table: 架空振興人"}]


def test_importing_the_same_text_twice_changes_nothing_the_second_time(db):
    imported(SHAPES)
    count = m.ScheduleRow.objects.count()
    again = imported(SHAPES, effective_on="2025-06-01")
    assert again == {"rows": 12, "added": 0, "changed": 0, "unchanged": 12, "ended": 0, "unmapped": []}
    assert m.ScheduleRow.objects.count() == count


def test_a_reworded_row_with_the_same_number_and_statute_is_a_new_period_of_the_same_record(db, tmp_path):
    imported(SHAPES)
    key = m.ScheduleRow.objects.get(row_number="105").key
    reworded = variant(
        tmp_path, "reworded.xml", ("による入院の勧告に関する事務", "による入院の勧告若しくは措置に関する事務")
    )
    report = imported(reworded, effective_on="2025-06-01")
    assert (report["changed"], report["added"], report["unchanged"]) == (1, 0, 11)
    periods = m.ScheduleRow.objects.filter(key=key).order_by("in_force_from")
    assert [(str(p.in_force_from), str(p.in_force_until)) for p in periods] == [
        ("2025-04-01", "2025-06-01"),
        ("2025-06-01", "None"),
    ]
    assert "若しくは措置" in periods[1].affair


def test_a_catalog_row_the_text_no_longer_has_is_ended_on_the_import_date(db, tmp_path):
    imported(SHAPES)
    text = SHAPES.read_text(encoding="utf-8")
    start = text.rindex("<TableRow>", 0, text.index("五十八"))
    end = text.index("</TableRow>", start) + len("</TableRow>")
    path = tmp_path / "without-58.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    report = imported(path, effective_on="2025-06-01")
    assert (report["rows"], report["ended"], report["unchanged"]) == (11, 1, 11)
    row = m.ScheduleRow.objects.get(row_number="58")
    assert str(row.in_force_until) == "2025-06-01"


def test_nothing_is_ended_while_a_row_of_the_text_cannot_be_mapped(db, tmp_path):
    imported(SHAPES)
    path = variant(tmp_path, "unknown.xml", ("五十五　市町村長", "五十五　架空振興人"))
    report = imported(path, effective_on="2025-06-01")
    assert report["ended"] == 0 and len(report["unmapped"]) == 1
    assert m.ScheduleRow.objects.get(row_number="55").in_force_until is None


@pytest.mark.skipif(
    not OFFICIAL_2025.exists(), reason="the official texts (../shared/law/) are not beside the repo"
)
def test_the_official_2025_text_maps_all_177_rows_and_a_second_import_changes_nothing(db):
    first = imported(OFFICIAL_2025, effective_on="2025-09-24")
    assert first["rows"] == 177
    assert first["unmapped"] == []
    assert first["added"] == 177
    second = imported(OFFICIAL_2025, effective_on="2025-10-01")
    assert second == {"rows": 177, "added": 0, "changed": 0, "unchanged": 177, "ended": 0, "unmapped": []}
