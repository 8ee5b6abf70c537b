"""An anonymous visitor's path through the public record, in Chromium, with screenshots:
from the home page's search box, search 「委託」, filter by prefecture, open an assessment,
read a finding, compare two versions, open the body's transparency page — only by clicking
(issue 14, item 4), axe-core on every page; the assessment once in English and at 390 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS
from tests.public.factories import finding, published

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_visitor_searches_reads_compares_and_opens_the_transparency_page(
    page: Page, live_server, transactional_db: None, org_a, org_b
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots: Path = SCREENSHOTS
    first = published(org_a, name="個人住民税の賦課に関する事務", text="委託先を年1回監査する。",
                      published_on=dt.date(2024, 4, 1))  # fmt: skip
    published(
        org_a, affair=first.affair, text="委託先を年2回監査する。", published_on=dt.date(2026, 4, 1),
        findings=[finding("ENTRUST-SUPERVISION", severity="warning", justification="契約で監督を定めている。")],
    )  # fmt: skip
    published(org_b, name="秋田市の委託事務", text="委託")

    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("home-recent")).to_contain_text("個人住民税の賦課に関する事務")
    page.get_by_test_id("home-search").get_by_role("searchbox").fill("委託")
    page.get_by_test_id("home-search").get_by_role("button").click()
    expect(page.get_by_test_id("result")).to_have_count(3)
    page.get_by_test_id("filter-prefecture").select_option("01")
    page.get_by_test_id("search-submit").click()
    expect(page.get_by_test_id("result")).to_have_count(2)  # both published versions of 苫小牧市's affair
    page.screenshot(path=shots / "public-search.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("result").first.get_by_role("link").click()  # newest first
    expect(page.get_by_test_id("assessment-title")).to_have_text("個人住民税の賦課に関する事務")
    expect(page.get_by_test_id("finding")).to_contain_text("契約で監督を定めている。")
    page.screenshot(path=shots / "public-assessment.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("compare").click()
    expect(page.get_by_test_id("diff")).to_contain_text("年2回")
    page.screenshot(path=shots / "public-diff.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_role(
        "link", name="令和8年4月1日"
    ).click()  # back to the newer version, from the diff's heading (和暦)
    expect(page.get_by_test_id("assessment-title")).to_have_text("個人住民税の賦課に関する事務")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "public-assessment-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("finding")).to_contain_text("契約で監督を定めている。")
    page.screenshot(path=shots / "public-assessment-en.png", full_page=True)
    assert_no_serious_axe_violations(page)
    page.get_by_test_id("lang-ja").click()

    page.get_by_role("link", name="苫小牧市", exact=True).click()
    expect(page.get_by_test_id("organization-name")).to_have_text("苫小牧市")
    expect(page.get_by_test_id("affair")).to_have_count(1)
    page.screenshot(path=shots / "public-organization.png", full_page=True)
    assert_no_serious_axe_violations(page)
