"""The version diff as a reader sees it (issue 14, item 3): an empty 変更前 stays a column
instead of squeezing to vertical text, and the procedure record is labelled in words
(「意見 1 本文」), never by its raw keys (``comments/1.body``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS
from tests.public.factories import published

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LONG = "委託先の監督を強め、システムの利用者を担当課の職員に限定し、アクセス記録を毎月点検してほしい。" * 3


@pytest.mark.parametrize("width", [1280, 390])
def test_the_diff_keeps_its_columns_and_names_what_changed(
    page: Page, live_server: Any, transactional_db: None, org_a: Any, width: int
) -> None:
    first = published(org_a, text="委託先を年1回監査する。", published_on=dt.date(2024, 4, 1))
    second = published(
        org_a, affair=first.affair, text="委託先を年2回監査する。", published_on=dt.date(2026, 4, 1),
        comments=[{"number": 1, "body": LONG, "reflection": "反映した。"}],
    )  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/published/diff/?old={first.pk}&new={second.pk}")
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text("年2回")
    row = page.locator('tr[data-item="comments/1.body"]')
    expect(row.locator("th")).to_have_text("意見 1 本文")
    expect(diff).not_to_contain_text("comments/1.body")
    assert page.locator(".diff code").count() == 0
    old_cell, new_cell = row.locator("td").nth(0), row.locator("td").nth(1)
    expect(old_cell).to_have_text("—")
    old_box, new_box = old_cell.bounding_box(), new_cell.bounding_box()
    assert old_box and new_box
    assert old_box["width"] >= 0.8 * new_box["width"], (old_box, new_box)
    assert old_box["height"] <= new_box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"public-diff-{width}.png"), full_page=True)
    assert_no_serious_axe_violations(page)
