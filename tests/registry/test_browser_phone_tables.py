"""The registry's tables at phone width (390 px): each entry a card of labelled lines.

Five or six columns in 390 px left the affair's name four characters wide per line; at phone width
each row is a card, each cell a line led by its column's name, and nothing is wider than the screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS, verified_client
from tests.registry import factories

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def officer_page(transactional_db: None, live_server: Any, page: Page, officer_a: Any) -> Page:
    cookie = verified_client(officer_a).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def _cell_widths(page: Page, row: str) -> list[float]:
    return page.evaluate(
        f"() => [...document.querySelectorAll('{row} td')].map(td => td.getBoundingClientRect().width)"
    )


def test_at_phone_width_each_entry_reads_as_a_card_with_its_column_names(
    officer_page: Page, live_server: Any, org_a: Any, officer_a: Any
) -> None:
    page = officer_page
    affair = factories.affair(org_a, user=officer_a, ref="a1", name="ぬくもり灯油事業に関する事務")
    factories.file(org_a, [affair], user=officer_a, ref="f1")
    page.set_viewport_size({"width": 390, "height": 900})

    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/")
    row = page.locator('tr[data-affair="a1"]')
    expect(row.locator('td[data-label="事務の名称"]')).to_contain_text("ぬくもり灯油事業に関する事務")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Every cell spans the card (was: five columns, the name four characters wide).
    assert min(_cell_widths(page, 'tr[data-affair="a1"]')) > 300
    assert_no_serious_axe_violations(page)

    row.get_by_role("link", name="ぬくもり灯油事業に関する事務").click()
    file_row = page.locator('tr[data-file="f1"]')
    expect(file_row.locator('td[data-label="対象人数"]')).to_have_text("25,000")
    assert min(_cell_widths(page, 'tr[data-file="f1"]')) > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "registry-affair-390.png"), full_page=True)

    # On a laptop the same entries are a table again, with its header row.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#files-title + p + table thead")).to_be_visible()
