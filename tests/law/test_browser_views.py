"""The public law browser at /law/: no account, dated views, a diff, a spread chart; fixed query counts."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from tests.law.factories import LinkagePermissionFactory, ScheduleRowFactory


@pytest.fixture
def amended(loaded, change_file) -> None:
    path = change_file({
        "effective_on": "2024-05-27", "source": "令和5年法律第48号",
        "end": {"linkage_permissions": ["perm-seikatsu-hogo-chihouzei"]},
    })  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_anyone_can_read_the_schedule_without_an_account(client, loaded):
    response = client.get("/law/")
    assert response.status_code == 200
    page = text(response)
    assert "児童手当法による児童手当又は特例給付の支給に関する事務" in page
    assert "番号法別表第一 56の項" in page  # the source
    assert '施行 <time datetime="2016-01-01">2016-01-01</time>' in page


def test_unverified_records_are_marked_and_verified_ones_are_not(client, loaded):
    page = text(client.get("/law/"))
    unverified = re.search(r'<tr class="is-unverified" data-key="row-jidou-teate">.*?</tr>', page).group(0)
    verified = re.search(r'<tr class="" data-key="row-seikatsu-hogo">.*?</tr>', page).group(0)
    assert "未確認" in unverified
    assert "未確認" not in verified and "確認済み" in verified


def test_the_law_as_of_a_date_shows_only_what_was_in_force(client, loaded):
    before = text(client.get("/law/?as_of=2020-01-01"))
    after = text(client.get("/law/?as_of=2025-01-01"))
    assert "2020-01-01 時点の法令" in before
    assert "出入国管理及び難民認定法による在留" not in before
    assert "出入国管理及び難民認定法による在留" in after


def test_it_filters_by_field_and_body(client, loaded):
    page = text(client.get("/law/?field=tax&body=governor"))
    assert 'data-key="row-chihouzei"' in page
    assert 'data-key="row-jidou-teate"' not in page


def test_a_bad_date_in_the_url_is_an_error_on_the_form_not_a_crash(client, loaded):
    response = client.get("/law/?as_of=2024-02-30")
    assert response.status_code == 200
    assert "errorlist" in text(response)


def test_the_linkage_page_lists_permissions_in_force(client, amended):
    page = text(client.get("/law/linkage/?as_of=2025-01-01"))
    assert 'data-key="perm-jidou-teate-chihouzei"' in page
    assert 'data-key="perm-seikatsu-hogo-chihouzei"' not in page


def test_a_row_history_shows_every_period(client, loaded, change_file):
    path = change_file({"effective_on": "2024-05-27", "source": "改正",
                        "change": {"schedule_rows": [{"key": "row-chihouzei", "row_number": "24"}]}})  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())
    page = text(client.get("/law/rows/row-chihouzei/"))
    assert page.count('class="law-period"') >= 2
    assert '失効 <time datetime="2024-05-27">' in page


def test_an_unknown_row_is_not_found(client, db):
    assert client.get("/law/rows/row-nothing/").status_code == 404


def test_the_diff_between_two_dates_lists_what_changed(client, amended):
    page = text(client.get("/law/diff/?from=2024-01-01&to=2025-01-01"))
    assert "追加された記録" in page and "終了した記録" in page
    assert 'data-key="perm-seikatsu-hogo-chihouzei"' in page
    assert 'data-key="row-zairyu"' in page


def test_the_diff_refuses_dates_in_the_wrong_order(client, db):
    page = text(client.get("/law/diff/?from=2025-01-01&to=2024-01-01"))
    assert "比較元の日は比較先の日より前にしてください。" in page


def test_the_spread_chart_is_an_accessible_svg_with_a_data_table(client, loaded):
    response = client.get("/law/spread/")
    assert response.status_code == 200
    html = response.content.decode()
    doc = etree.fromstring(html.encode(), etree.HTMLParser())
    svgs = doc.xpath('//svg[@role="img"]')
    assert len(svgs) == 3
    first = svgs[0]
    title_id, desc_id = first.get("aria-labelledby").split()
    assert doc.xpath(f'//*[@id="{title_id}"]')[0].text == "別表の項（法定事務）の数"
    assert doc.xpath(f'//*[@id="{desc_id}"]')
    assert "<script" not in html.split("</header>")[1]  # the chart needs no JavaScript
    table = doc.xpath('//figure[@id="spread-rows"]//table')[0]
    header = [th.text for th in table.xpath(".//thead//th")]
    assert header[0] == "時点" and "社会保障" in header and "在留資格" in header
    rows = {
        tr.xpath("./th")[0].text: [td.text for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")
    }
    assert rows["2015"] == ["0", "0", "0"]  # number use started in 2016
    residence = header.index("在留資格") - 1
    assert rows["2024"][residence] == "0" and rows["2025"][residence] == "1"  # the 2023 amendment's new field


def test_the_spread_table_has_a_point_every_year_and_today(client, loaded):
    html = client.get("/law/spread/").content.decode()
    today = dt.date.today()
    for year in range(2015, today.year + 1):
        assert f'<th scope="row">{year}</th>' in html
    if (today.month, today.day) != (1, 1):
        assert f'<th scope="row">{today.isoformat()}</th>' in html


def test_pages_are_translated_to_english(client, loaded, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.get("/law/"))
    assert "The My Number Act schedule" in page
    assert "Unverified" in page
    spread = text(client.get("/law/spread/"))
    assert "Schedule rows (statutory affairs)" in spread


def _grow(count: int) -> None:
    for _ in range(count):
        row = ScheduleRowFactory()
        LinkagePermissionFactory(requester_row=row.key)
        ScheduleRowFactory(kind="quasi")


@pytest.mark.parametrize("url", ["/law/", "/law/?all=on", "/law/?body=mayor", "/law/linkage/", "/law/spread/",
                                 "/law/diff/?from=2016-01-01&to=2025-01-01"])  # fmt: skip
def test_the_query_count_does_not_grow_with_the_catalog(client, db, url):
    _grow(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(90)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
