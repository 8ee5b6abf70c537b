"""``manage.py import_egov_law FILE.xml``: the Article 9 schedule from e-Gov 法令標準XML."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from compliance.audit.models import AuditEvent
from compliance.law import models as m
from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.xml import EgovXmlError, cited_statute, read_schedule
from compliance.law.numbers import kanji_to_int, row_number_of
from tests.law.conftest import EGOV


def run(name: str, *args: str) -> tuple[dict, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_egov_law", str(EGOV / name), "--effective-on", "2025-04-01", *args, stdout=out, stderr=err
    )
    return json.loads(out.getvalue()), err.getvalue().splitlines()


def run_failing(path: Path) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_egov_law", str(path), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 2
    assert "nothing was written" in str(raised.value)
    return err.getvalue().splitlines()


# --- reading the XML -------------------------------------------------------------------------------


def test_it_reads_rows_from_the_article_9_table():
    law = read_schedule(EGOV / "schedule_small.xml")
    assert law.title == "行政手続における特定の個人を識別するための番号の利用等に関する法律"
    assert law.table_title == "別表"
    assert [(r.number, r.body_text) for r in law.rows] == [
        ("1", "市町村長"), ("2", "都道府県知事又は市町村長"), ("3", "出入国在留管理庁長官"), ("4", "架空振興人"),
    ]  # fmt: skip


def test_it_joins_lines_broken_inside_a_sentence():
    row = read_schedule(EGOV / "schedule_small.xml").rows[0]
    assert row.affair == (
        "児童手当法（昭和四十六年法律第七十三号）による児童手当又は特例給付の支給に関する事務であつて主務省令で定めるもの"
    )


def test_it_drops_ruby_readings():
    row = read_schedule(EGOV / "schedule_small.xml").rows[1]
    assert "地方税の賦課徴収に関する事務" in row.affair
    assert "ふ" not in row.affair


def test_it_keeps_the_text_of_a_sentence_nested_in_a_sentence():
    row = read_schedule(EGOV / "schedule_small.xml").rows[2]
    assert "による在留資格の変更の許可、在留期間の更新の許可その他の在留に関する事務" in row.affair


def test_it_picks_the_table_related_to_article_9_and_reads_three_columns():
    law = read_schedule(EGOV / "three_columns.xml")
    assert law.table_title == "別表第一"
    assert [r.number for r in law.rows] == ["12", "120"]
    assert law.rows[0].body_text == "都道府県知事、市長（特別区の区長を含む。）"


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("百", 100), ("百二十三", 123), ("千十", 1010)],
)
def test_it_reads_kanji_numerals(text, value):
    assert kanji_to_int(text) == value


def to_kanji(value: int) -> str:
    """How law texts write 1…9999 (一, 十二, 百二十三, 千十): the reference the parser must agree with."""
    digits = "〇一二三四五六七八九"
    text = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        count, value = divmod(value, unit)
        if count:
            text += ("" if count == 1 else digits[count]) + name
    return text + (digits[value] if value else "")


@given(st.integers(min_value=1, max_value=9999))
def test_kanji_numerals_read_back_what_they_write(value):
    assert kanji_to_int(to_kanji(value)) == value


def test_a_row_added_by_an_amendment_keeps_its_branch_number():
    assert row_number_of("五の二") == "5-2"


@pytest.mark.parametrize(
    ("affair", "name", "number"),
    [
        ("児童手当法（昭和四十六年法律第七十三号）による児童手当の支給に関する事務", "児童手当法", "昭和四十六年法律第七十三号"),
        ("生活保護法による保護の決定に関する事務", "生活保護法", ""),
        ("地方税法その他の地方税に関する法律による地方税の賦課徴収に関する事務", "地方税法", ""),
        ("高齢者の医療の確保に関する法律による後期高齢者医療給付の支給に関する事務", "高齢者の医療の確保に関する法律", ""),
        ("障害者の日常生活及び社会生活を総合的に支援するための法律（平成十七年法律第百二十三号）による自立支援給付",
         "障害者の日常生活及び社会生活を総合的に支援するための法律", "平成十七年法律第百二十三号"),
    ],
)  # fmt: skip
def test_it_finds_the_statute_a_row_cites(affair, name, number):
    cited = cited_statute(affair)
    assert cited is not None
    assert (cited.name, cited.number) == (name, number)


def test_a_row_without_a_leading_statute_cites_nothing():
    assert cited_statute("主務省令で定める事務") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市町村長", [("市町村長", ("municipality", "special_ward"), "mayor")]),
        ("都道府県知事又は市町村長", [("都道府県知事", ("prefecture",), "governor"),
                                      ("市町村長", ("municipality", "special_ward"), "mayor")]),
        ("市長（特別区の区長を含む。）", [("市長", ("municipality", "special_ward"), "mayor")]),
        ("厚生労働大臣", [("厚生労働大臣", ("national_body",), "minister")]),
        ("出入国在留管理庁長官", [("出入国在留管理庁長官", ("national_body",), "agency_head")]),
        ("後期高齢者医療広域連合", [("後期高齢者医療広域連合", ("wide_area_union",), "union_head")]),
        ("都道府県教育委員会", [("都道府県教育委員会", ("prefecture",), "board_of_education")]),
    ],
)  # fmt: skip
def test_it_maps_the_bodies_the_law_names_to_organisation_kinds(text, expected):
    mapped, unmapped = map_bodies(text)
    assert unmapped == []
    assert [(b.label, b.kinds, b.body) for b in mapped] == expected


def test_it_reports_a_body_it_cannot_place():
    assert map_bodies("架空振興人") == ([], ["架空振興人"])


# --- importing -------------------------------------------------------------------------------------


def test_it_imports_rows_and_reports_the_ones_it_cannot_map(db):
    report, err = run("schedule_small.xml")
    assert report["added"] == ["egov-1", "egov-2", "egov-3"]
    assert report["unmapped"] == [{
        "row": "4", "path": "Law/LawBody/AppdxTable/TableStruct/Table/TableRow[4]",
        "reason": "body not in the mapping table: 架空振興人",
    }]  # fmt: skip
    assert err == [
        "row 4 (Law/LawBody/AppdxTable/TableStruct/Table/TableRow[4]): not imported: body not in the mapping table: 架空振興人"
    ]
    row = m.ScheduleRow.objects.get(key="egov-2")
    assert row.statute == "地方税法"
    assert row.field == "tax"
    assert row.origin == m.Origin.EGOV and row.verified is False
    assert [(b.label, b.body) for b in row.bodies.all()] == [
        ("都道府県知事", "governor"),
        ("市町村長", "mayor"),
    ]
    assert str(row.in_force_from) == "2025-04-01"


def test_it_adds_the_statutes_the_rows_cite(db):
    report, _err = run("schedule_small.xml")
    assert report["new_statutes"] == ["児童手当法", "地方税法", "出入国管理及び難民認定法"]
    assert m.Statute.objects.get(name="児童手当法").number == "昭和四十六年法律第七十三号"


def test_importing_the_same_text_again_changes_nothing(db):
    run("schedule_small.xml")
    report, _err = run("schedule_small.xml")
    assert report["added"] == [] and report["changed"] == []
    assert report["unchanged"] == ["egov-1", "egov-2", "egov-3"]
    assert m.ScheduleRow.objects.count() == 3


def test_it_matches_rows_already_in_the_catalog_despite_notation(loaded):
    report, _err = run("schedule_small.xml")
    # 地方税法: same text up to あつて/あって, so the catalog's key is kept; only its row number differs.
    assert "row-chihouzei" in report["changed"]
    assert "egov-2" not in report["added"]
    periods = m.ScheduleRow.objects.filter(key="row-chihouzei").order_by("in_force_from")
    assert [(str(p.in_force_from), p.row_number) for p in periods] == [
        ("2016-01-01", "16"),
        ("2025-04-01", "2"),
    ]


def test_an_import_writes_one_audit_event_with_its_report(db):
    run("schedule_small.xml")
    event = AuditEvent.objects.get(action="compliance.catalog.imported_from_egov")
    assert event.data["import"]["unmapped"][0]["row"] == "4"


def test_a_dry_run_reports_and_writes_nothing(db):
    report, _err = run("schedule_small.xml", "--dry-run")
    assert report["dry_run"] is True and report["added"]
    assert not m.ScheduleRow.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="compliance.catalog").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.xml", "malformed.xml: not well-formed XML (line 3)"),
        ("wrong_structure.xml", "Law/LawBody/AppdxTable/TableStruct/Table/TableRow[2]: expected 2 or 3 TableColumn elements, found 1"),
        ("entity.xml", "entity.xml: DTDs and entities are not accepted"),
    ],
)  # fmt: skip
def test_it_rejects_a_bad_file_naming_where_and_writes_nothing(db, name, message):
    lines = run_failing(EGOV / name)
    assert lines[0].startswith(message), lines
    assert not m.ScheduleRow.objects.exists()
    assert not m.ChangeSet.objects.exists()


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<Statute/>", "Statute: expected the root element Law"),
        ("<Law><LawNum>x</LawNum></Law>", "Law: expected a LawBody element, found none"),
        ("<Law><LawBody><LawTitle>x</LawTitle></LawBody></Law>", "Law/LawBody: no AppdxTable"),
        (
            "<Law><LawBody><AppdxTable><RelatedArticleNum>（第十九条関係）</RelatedArticleNum></AppdxTable></LawBody></Law>",
            "Law/LawBody/AppdxTable: no table related to Article 9",
        ),
        (
            "<Law><LawBody><AppdxTable><RelatedArticleNum>（第九条関係）</RelatedArticleNum></AppdxTable></LawBody></Law>",
            "Law/LawBody/AppdxTable: expected a TableStruct element",
        ),
        (
            "<Law><LawBody><AppdxTable><RelatedArticleNum>（第九条関係）</RelatedArticleNum><TableStruct><Table>"
            "<Paragraph/></Table></TableStruct></AppdxTable></LawBody></Law>",
            "Law/LawBody/AppdxTable/TableStruct/Table/Paragraph: unexpected element Paragraph in Table",
        ),
        (
            "<Law><LawBody><AppdxTable><RelatedArticleNum>（第九条関係）</RelatedArticleNum><TableStruct><Table>"
            "<TableRow><TableColumn><Sentence>一　市町村長</Sentence></TableColumn><TableColumn/></TableRow>"
            "</Table></TableStruct></AppdxTable></LawBody></Law>",
            "Law/LawBody/AppdxTable/TableStruct/Table/TableRow/TableColumn[2]: empty column",
        ),
    ],
)
def test_it_names_the_element_path_of_an_unexpected_structure(db, tmp_path, xml, message):
    path = tmp_path / "law.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(EgovXmlError) as raised:
        read_schedule(path)
    assert str(raised.value).startswith(message)
    lines = run_failing(path)
    assert lines[0].startswith(message)


def test_it_rejects_a_reference_to_an_external_dtd(db, tmp_path):
    path = tmp_path / "external.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE Law SYSTEM "http://example.invalid/law.dtd">\n<Law/>\n')
    assert run_failing(path)[0].startswith("external.xml: DTDs and entities are not accepted")


japanese = st.text(
    alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x30FF), min_size=1, max_size=30
)


@given(parts=st.lists(japanese, min_size=1, max_size=6), reading=japanese)
def test_sentence_text_survives_line_breaks_ruby_and_nesting(tmp_path_factory, parts, reading):
    """Whatever the layout (indented lines, ruby, a nested Sentence), the text read is the text written."""
    body = "\n      ".join(parts[:-1])
    xml = (
        "<Law><LawBody><AppdxTable><RelatedArticleNum>（第九条関係）</RelatedArticleNum><TableStruct><Table>"
        "<TableRow><TableColumn><Sentence>一　市町村長</Sentence></TableColumn><TableColumn>"
        f"<Sentence>{body}<Ruby>漢<Rt>{reading}</Rt></Ruby><Sentence>{parts[-1]}</Sentence></Sentence>"
        "</TableColumn></TableRow></Table></TableStruct></AppdxTable></LawBody></Law>"
    )
    path = tmp_path_factory.mktemp("xml") / "law.xml"
    path.write_text(xml, encoding="utf-8")
    [row] = read_schedule(path).rows
    assert row.affair == "".join(parts[:-1]) + "漢" + parts[-1]
