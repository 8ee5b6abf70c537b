"""The officer's assessment pages name the forms a threshold decision requires (issue 14, item 3):
「基礎項目評価 + 全項目評価」, never the stored codes ``basic + full``."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_required_forms_are_named(
    page_for: Any, live_server: Any, transactional_db: None, org_a: Any, officer_a: Any, affair_full: Any
) -> None:
    page = page_for(officer_a)
    page.goto(f"{live_server.url}/assessments/organizations/{org_a.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("基礎項目評価 + 全項目評価")
    for code in ("basic", "full"):
        assert code not in main.inner_text().split(), f"raw level code {code!r} on the page"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "assessments-organization-levels.png"), full_page=True)
    assert_no_serious_axe_violations(page)

    page.goto(f"{live_server.url}/assessments/organizations/{org_a.pk}/affairs/{affair_full.pk}/new/")
    expect(page.locator("main")).to_contain_text("基礎項目評価 + 全項目評価")
    expect(page.locator("main")).not_to_contain_text("basic + full")
