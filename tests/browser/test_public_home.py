"""The public home page renders in Japanese and switches to English."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_home_page_is_japanese_and_switches_to_english(
    page: Page, live_server, screenshot_dir: Path, transactional_db: None
) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("特定個人情報保護評価の公開記録")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "IPAexGothic" in font
    page.screenshot(path=screenshot_dir / "home-ja.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Public record of My Number protection assessments"
    )
    expect(page.get_by_test_id("lang-ja")).to_be_visible()
    page.screenshot(path=screenshot_dir / "home-en.png", full_page=True)
    assert_no_serious_axe_violations(page)


def test_the_skip_link_is_the_first_stop_of_the_keyboard(
    page: Page, live_server, transactional_db: None
) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    expect(page.get_by_role("link", name="本文へ移動")).to_be_visible()
