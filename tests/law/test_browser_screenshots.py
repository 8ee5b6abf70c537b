"""The spread chart and the date diff in a real browser (headless Chromium), with screenshots.

Launch settings as every browser test of the project: Debian's Chromium, no network
side traffic, no sandbox (containers). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def shipped_catalog(transactional_db: None) -> None:
    """The shipped catalog (its 2024-05-27 amendment gives the diff something to show)."""
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_the_spread_chart_renders_without_javascript(shipped_catalog, live_server, browser):
    context = browser.new_context(
        java_script_enabled=False, locale="ja-JP", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/law/spread/")
    chart = page.locator('[data-testid="spread-rows"] svg[role="img"]')
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator('[data-testid="spread-rows"] path[stroke-width="2.5"]').count() >= 3
    assert page.locator('[data-testid="spread-rows"] table tbody tr').count() >= 11
    assert shot(page, "law-spread.png").stat().st_size > 10_000
    context.close()


def test_the_date_diff_works_from_the_form(shipped_catalog, live_server, page):
    page.goto(f"{live_server.url}/law/diff/")
    page.fill('input[name="from"]', "2024-05-26")
    page.fill('input[name="to"]', "2024-05-27")
    page.get_by_role("button", name="比較").click()
    page.wait_for_url("**/law/diff/?from=2024-05-26&to=2024-05-27")
    summary = page.get_by_test_id("diff-summary")
    assert "2024-05-26 → 2024-05-27" in summary.inner_text()
    assert page.locator("#diff-added").is_visible()
    assert page.locator("#diff-ended").is_visible()
    assert shot(page, "law-diff.png", full_page=False).stat().st_size > 10_000


def test_the_law_browser_switches_to_english(shipped_catalog, live_server, page):
    page.goto(f"{live_server.url}/law/")
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("The My Number Act schedule")
    assert page.locator(".badge.unverified").first.inner_text() == "Unverified"
    shot(page, "law-index-en.png", full_page=False)


def test_the_schedule_reads_at_phone_width(shipped_catalog, live_server, page):
    """Issue 14, item 3: at 390 px a column was one character wide (the page 89,646 px tall).

    Now every row is a card: nothing is wider than the phone and no cell is narrower than
    most of its width.
    """
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/law/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = page.evaluate(
        "[...document.querySelectorAll('table.law-rows td')].map(td => td.getBoundingClientRect().width)"
    )
    assert len(widths) > 100
    assert min(widths) >= 300, f"a cell only {min(widths):.0f} px wide"
    first = page.locator("table.law-rows td").first
    assert first.evaluate("td => getComputedStyle(td, '::before').content") == '"項："'
    assert shot(page, "law-schedule-390.png", full_page=False).stat().st_size > 10_000
    assert_no_serious_axe_violations(page)
