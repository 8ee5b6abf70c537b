"""The search form in a real browser (issue 14, item 3): the filters never overlap, the rule
filter names each rule, at laptop and phone width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"] + 0.5
        or b["x"] + b["width"] <= a["x"] + 0.5
        or a["y"] + a["height"] <= b["y"] + 0.5
        or b["y"] + b["height"] <= a["y"] + 0.5
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_filters_never_overlap(
    transactional_db: None, live_server: Any, page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/search/")
    controls = page.locator('[data-testid="search-form"] select, [data-testid="search-form"] input')
    boxes = [
        (controls.nth(i).get_attribute("name"), controls.nth(i).bounding_box())
        for i in range(controls.count())
    ]
    assert len(boxes) >= 12
    clashes = [
        (name_a, name_b)
        for i, (name_a, a) in enumerate(boxes)
        for name_b, b in boxes[i + 1 :]
        if a and b and _overlaps(a, b)
    ]
    assert clashes == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    labels = page.locator("#rule option").all_inner_texts()
    assert "PIA-MISSING 評価書がない" in labels and "SEC-TWO-FACTOR 端末に二要素認証がない" in labels
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"public-search-form-{width}.png"))
    assert_no_serious_axe_violations(page)
