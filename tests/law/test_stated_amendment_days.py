"""Days the 2025 text's supplementary provisions state for changes of 別表 rows (附則第1条 items).

The small file here has the shape e-Gov serves (a ``SupplProvision`` per amending act, its first
article's items with a provisions column and a day column, sub-items for 「次に掲げる規定」); the
real file is read only by the last tests, when ``../shared/law/`` is beside the repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from compliance.law.catalog.loading import catalog_dir
from compliance.law.egov.suppl import RowAmendment, stated_row_amendments
from compliance.law.egov.texts import FILE_2025, OfficialTexts

SHARED = Path(settings.BASE_DIR).parent / "shared" / "law"
ACT = "行政手続における特定の個人を識別するための番号の利用等に関する法律"

SMALL = f"""<?xml version="1.0" encoding="UTF-8"?>
<DataRoot><ApplData><LawFullText><Law Era="Heisei" Lang="ja" LawType="Act" Num="27" Year="25">
<LawNum>平成二十五年法律第二十七号</LawNum>
<LawBody><LawTitle>{ACT}</LawTitle>
<SupplProvision AmendLawNum="令和六年六月一二日法律第四七号" Extract="true">
 <SupplProvisionLabel>附　則</SupplProvisionLabel>
 <Article Num="1"><ArticleCaption>（施行期日）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>
  <Paragraph Num="1"><ParagraphNum/><ParagraphSentence>
   <Sentence Function="main" Num="1">この法律は、令和六年十月一日から施行する。</Sentence></ParagraphSentence>
   <Item Num="1"><ItemTitle>一</ItemTitle><ItemSentence>
    <Column Num="1"><Sentence Num="1">附則第四十六条の規定</Sentence></Column>
    <Column Num="2"><Sentence Num="1">この法律の公布の日</Sentence></Column></ItemSentence></Item>
   <Item Num="2"><ItemTitle>二</ItemTitle><ItemSentence>
    <Column Num="1"><Sentence Num="1">附則第三十条中{ACT}別表十の項の改正規定</Sentence></Column>
    <Column Num="2"><Sentence Num="1">公布の日から起算して一年を超えない範囲内において政令で定める日</Sentence></Column>
   </ItemSentence></Item>
   <Item Num="4"><ItemTitle>四</ItemTitle><ItemSentence>
    <Column Num="1"><Sentence Num="1">次に掲げる規定</Sentence></Column>
    <Column Num="2"><Sentence Num="1">令和七年四月一日</Sentence></Column></ItemSentence>
    <Subitem1 Num="1"><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence Num="1">略</Sentence></Subitem1Sentence></Subitem1>
    <Subitem1 Num="2"><Subitem1Title>ヨ</Subitem1Title><Subitem1Sentence><Sentence Num="1">附則第三十五条中{ACT}（平成二十五年法律第二十七号）別表八十三の項の改正規定及び同表百二十七の項の改正規定（「による」の下に「妊婦のための支援給付、」を加える部分に限る。）</Sentence></Subitem1Sentence></Subitem1>
   </Item>
   <Item Num="5"><ItemTitle>五</ItemTitle><ItemSentence>
    <Column Num="1"><Sentence Num="1">附則第三十六条中住民基本台帳法別表第二の五の十二の項の改正規定</Sentence></Column>
    <Column Num="2"><Sentence Num="1">令和八年四月一日</Sentence></Column></ItemSentence></Item>
  </Paragraph>
 </Article>
</SupplProvision>
<SupplProvision AmendLawNum="令和元年五月三一日法律第一六号" Extract="true">
 <Article Num="1"><ArticleTitle>第一条</ArticleTitle><Paragraph Num="1"><ParagraphSentence><Sentence Num="1">この法律は、公布の日から施行する。</Sentence></ParagraphSentence>
  <Item Num="1"><ItemTitle>一</ItemTitle><ItemSentence>
   <Column Num="1"><Sentence Num="1">第七条中{ACT}別表第一の九十四の項の改正規定</Sentence></Column>
   <Column Num="2"><Sentence Num="1">公布の日</Sentence></Column></ItemSentence></Item>
 </Paragraph></Article>
</SupplProvision>
</LawBody></Law></LawFullText></ApplData></DataRoot>
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "law.xml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_a_written_out_day_dates_the_rows_the_item_names(small: Path) -> None:
    found = stated_row_amendments(small)
    assert RowAmendment("83", dt.date(2025, 4, 1), "令和6年法律第47号附則第1条第4号") in found
    limited = next(a for a in found if a.row_number == "127")
    assert limited.effective == dt.date(2025, 4, 1)
    assert limited.insertion == ("による", "妊婦のための支援給付、")


def test_days_set_by_cabinet_order_and_other_laws_tables_are_not_read(small: Path) -> None:
    rows = {a.row_number for a in stated_row_amendments(small)}
    assert "10" not in rows  # 政令で定める日: the text does not state the day
    assert "5-12" not in rows  # 住民基本台帳法's table, not 番号法's


def test_the_tables_before_the_restructure_are_not_the_2025_table(small: Path) -> None:
    # 「別表第一の九十四の項」 is a row of the table the restructure replaced, not 別表 九十四.
    assert all(a.row_number != "94" for a in stated_row_amendments(small))


def test_the_wording_before_an_insertion_follows_from_the_provision() -> None:
    change = RowAmendment("127", dt.date(2025, 4, 1), "x", ("による", "妊婦のための支援給付、"))
    after = "子ども・子育て支援法による妊婦のための支援給付、子どものための教育・保育給付の支給に関する事務"
    assert (
        change.wording_before(after)
        == "子ども・子育て支援法による子どものための教育・保育給付の支給に関する事務"
    )
    assert RowAmendment("83", dt.date(2025, 4, 1), "x").wording_before(after) is None
    assert change.wording_before("妊婦の語がない文言") is None


needs_texts = pytest.mark.skipif(
    not SHARED.exists(), reason="the official texts (../shared/law/) are not beside the repo"
)


@needs_texts
def test_the_real_text_dates_rows_eighty_three_and_one_hundred_twenty_seven_from_april_2025() -> None:
    within = OfficialTexts(SHARED).row_amendments_2025
    assert {(a.row_number, a.effective.isoformat()) for a in within} == {
        ("83", "2025-04-01"),
        ("127", "2025-04-01"),
    }
    # The change of 百二十七 stated for 2026-04-01 is not in force on the text's day: not among them.
    every = stated_row_amendments(SHARED / FILE_2025)
    assert ("127", dt.date(2026, 4, 1)) in {(a.row_number, a.effective) for a in every}


@needs_texts
def test_the_shipped_catalog_gives_those_rows_a_period_from_the_stated_day() -> None:
    rows = yaml.safe_load((catalog_dir() / "schedule_rows.yaml").read_text(encoding="utf-8"))
    periods = {
        r["key"]: [
            (str(p["in_force_from"]), str(p.get("in_force_until") or ""))
            for p in rows
            if p["key"] == r["key"]
        ]
        for r in rows
        if r.get("row_number") in ("83", "127") and "2025" in r["source"]
    }
    assert periods["child_and_childcare_support"][-2:] == [("2024-05-27", "2025-04-01"), ("2025-04-01", "")]
    assert periods["employment_insurance"][-2:] == [("2024-05-27", "2025-04-01"), ("2025-04-01", "")]
    before = next(
        r
        for r in rows
        if r["key"] == "child_and_childcare_support" and str(r.get("in_force_until")) == "2025-04-01"
    )
    assert "妊婦のための支援給付" not in before["affair"]
    assert "令和6年法律第47号附則第1条第4号による改正前" in before["source"]
