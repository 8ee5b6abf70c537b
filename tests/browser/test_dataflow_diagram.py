"""The data-flow diagram in the browser: page width, readable text, zoom and pan, a legend, print.

The officer reaches an affair's diagram from the dashboard by clicking, at laptop and phone width,
in Japanese and English.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts.models import MembershipRole, User
from compliance.registry.importing import declaration_import
from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import with_device
from tests.factories import PASSWORD, MembershipFactory, current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DECLARATION = Path(__file__).resolve().parents[1] / "registry" / "data" / "kakuu_city.json"

#: The smallest on-screen height of a line of the diagram's text, in CSS pixels.
READABLE_TEXT_PX = 11


@pytest.fixture
def officer(transactional_db: None) -> User:
    """架空市 with its declaration (card flows, terminals, provisions, files) and its officer."""
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    city = declaration_import(data=data, acting_user=None).organization
    user = MembershipFactory(organization=city, role=MembershipRole.OFFICER, user__username="kakuu").user
    return with_device(user)


def _log_in(page: Page, live_server, user: User) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("wizard-next").click()
    page.locator('input[name="token-otp_token"]').fill(current_totp(TOTPDevice.objects.get(user=user)))
    page.get_by_test_id("wizard-next").click()


def _svg_width(page: Page) -> float:
    return float(
        page.get_by_test_id("dataflow-viewport")
        .locator("svg")
        .evaluate("e => e.getBoundingClientRect().width")
    )


def _smallest_text_px(page: Page) -> float:
    return float(
        page.get_by_test_id("dataflow-viewport").evaluate(
            "v => Math.min(...[...v.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height))"
        )
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_officer_reads_zooms_and_pans_the_affair_diagram(
    page: Page, live_server, officer: User, screenshot_dir: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server, officer)
    page.get_by_test_id("nav-registry").click()
    page.get_by_role("link", name="児童手当の支給に関する事務").click()

    section = page.get_by_test_id("dataflow")
    viewport = page.get_by_test_id("dataflow-viewport")
    expect(section.get_by_role("heading", name="データフロー図")).to_be_visible()
    expect(page.get_by_role("toolbar", name="図の表示")).to_be_visible()
    # The diagram takes the page's width and draws its text at a readable size (it was a 70 px strip).
    content_width = section.bounding_box()["width"]
    assert viewport.bounding_box()["width"] >= content_width - 40
    assert viewport.bounding_box()["height"] >= 190
    assert _smallest_text_px(page) >= READABLE_TEXT_PX
    legend = page.get_by_test_id("dataflow-legend")
    for entry in (
        "事務（そのシステム）",
        "特定個人情報ファイル（人数）",
        "端末（接続、二要素認証）",
        "赤：指摘事項のある箇所",
    ):
        expect(legend).to_contain_text(entry)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"dataflow-{width}.png", full_page=True)
    assert_no_serious_axe_violations(page)

    drawn = _svg_width(page)
    page.get_by_role("button", name="拡大").click()
    expect(page.locator(".dataflow-scale")).to_have_text("125%")
    assert _svg_width(page) == pytest.approx(drawn * 1.25, rel=0.02)
    page.get_by_role("button", name="縮小").click()
    page.get_by_role("button", name="縮小").click()
    expect(page.locator(".dataflow-scale")).to_have_text("80%")
    page.get_by_role("button", name="等倍").click()
    assert _svg_width(page) == pytest.approx(drawn, rel=0.02)

    # Dragging pans a diagram wider than its box.
    box = viewport.bounding_box()
    if _svg_width(page) > box["width"]:
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 150, y, steps=5)
        page.mouse.up()
        assert viewport.evaluate("v => v.scrollLeft") > 100

    page.get_by_role("button", name="全体を表示").click()
    assert _svg_width(page) <= box["width"]
    page.screenshot(path=screenshot_dir / f"dataflow-fit-{width}.png", full_page=True)

    # Printed, the diagram is at its drawn size (its page landscape), at most the page's width.
    page.get_by_role("button", name="等倍").click()
    page.emulate_media(media="print")
    assert page.get_by_role("toolbar", name="図の表示").is_hidden()
    assert _svg_width(page) <= viewport.bounding_box()["width"] + 1
    page.emulate_media(media="screen")

    page.get_by_test_id("lang-en").click()
    # The language switch returns to the organisation's page (the last page loaded in full).
    page.get_by_role("link", name="児童手当の支給に関する事務").click()
    expect(page.get_by_role("toolbar", name="Diagram view")).to_be_visible()
    expect(page.get_by_test_id("dataflow-legend")).to_contain_text("Red: what a finding is about")
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator(".dataflow-scale")).to_have_text("125%")
    page.screenshot(path=screenshot_dir / f"dataflow-en-{width}.png", full_page=True)
    assert_no_serious_axe_violations(page)
