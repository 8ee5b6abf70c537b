"""A wrong address in a real browser (issue 14, item 3): the 404 page is in the product's layout
(its navigation, a way back) rather than Django's debug page, and the favicon the pages name loads."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_missing_page_is_in_the_products_layout_with_its_favicon(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Page not found")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon
    favicon = page.request.get(f"{live_server.url}{icon}")
    assert favicon.status == 200 and favicon.headers["content-type"].startswith("image/svg+xml")
    page.get_by_role("link", name="評価書を検索").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("公表された評価書の検索")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.go_back()
    page.screenshot(path=str(SCREENSHOTS / "error-404.png"))
    assert_no_serious_axe_violations(page)
