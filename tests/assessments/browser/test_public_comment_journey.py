"""A member of the public finds the open comment period from the home page and comments (issue 14, item 4).

Home page → 意見募集中の評価書 → the draft and its form; a comment carrying a My Number is
refused next to the field and nothing is stored; the comment without it is received.
By clicking only, without an account, in Japanese, once in English, and at 390 px.
axe-core runs on every page; screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from compliance.assessments import services
from compliance.assessments.models import PublicComment
from tests.assessments import factories
from tests.browser.axe import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AFFAIR = "児童手当の支給に関する事務"
CONTENT = "児童手当の認定請求を受け付け、所得を確認して支給額を決定する。"


@pytest.fixture
def open_for_comment(transactional_db: None, org_a: Any, officer_a: Any) -> Any:
    """A full assessment of 苫小牧市 whose 30-day comment period began today."""
    factories.load_form_definitions()
    affair = factories.affair_with_file(org_a, name=AFFAIR, persons=350_000, handlers=120)
    assessment = factories.draft(affair, officer_a, level="full")
    services.answers_save(
        assessment=assessment, form="full", values={"affair_content": CONTENT},
        acting_user=officer_a, expected_version=None,
    )  # fmt: skip
    today = timezone.localdate()
    return services.comment_period_open(
        assessment=assessment, starts_on=today, ends_on=today + dt.timedelta(days=29),
        acting_user=officer_a, expected_version=None,
    )  # fmt: skip


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_finds_the_open_period_from_the_home_page_and_comments(
    page_for: Callable[..., Page],
    live_server: Any,
    open_for_comment: Any,
    screenshot_dir: Path,
    width: int,
) -> None:
    visitor = page_for()  # no account
    visitor.set_viewport_size({"width": width, "height": 900})

    def fits() -> None:
        if width <= 390:
            assert visitor.evaluate("document.documentElement.scrollWidth") <= width

    visitor.goto(live_server.url + "/")
    periods = visitor.get_by_test_id("home-periods")
    expect(periods).to_contain_text(AFFAIR)
    fits()
    assert_no_serious_axe_violations(visitor)
    periods.get_by_role("link", name=re.compile(AFFAIR)).click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"苫小牧市: {AFFAIR}")
    expect(visitor.get_by_text(CONTENT)).to_be_visible()
    fits()
    visitor.screenshot(path=screenshot_dir / f"public-comment-page-{width}.png", full_page=True)
    assert_no_serious_axe_violations(visitor)

    # A comment carrying a My Number is refused beside the field; nothing is stored.
    visitor.get_by_label("ご意見").fill("私の個人番号 1234 5678 9018 の扱いを教えてください。")
    visitor.get_by_test_id("send-comment").click()
    form = visitor.get_by_test_id("public-comment-form")
    expect(form.locator(".errorlist")).to_contain_text("個人番号")
    assert not PublicComment.objects.exists()
    fits()
    visitor.screenshot(path=screenshot_dir / f"public-comment-refused-{width}.png", full_page=True)
    assert_no_serious_axe_violations(visitor)

    visitor.get_by_label("ご意見").fill("所得の確認に使う情報の範囲を具体的に書いてください。")
    visitor.get_by_test_id("send-comment").click()
    expect(visitor.locator(".messages")).to_contain_text("ご意見を受け付けました")
    assert PublicComment.objects.count() == 1
    fits()
    visitor.screenshot(path=screenshot_dir / f"public-comment-sent-{width}.png", full_page=True)
    assert_no_serious_axe_violations(visitor)

    if width > 390:  # once in English
        visitor.get_by_test_id("lang-en").click()
        expect(visitor.get_by_role("heading", name="Send an opinion")).to_be_visible()
        visitor.get_by_label("Your opinion").fill("The retention period should be stated.")
        visitor.get_by_role("button", name="Send").click()
        expect(visitor.locator(".messages")).to_contain_text("Your opinion was received. Thank you.")
        assert PublicComment.objects.count() == 2
        visitor.screenshot(path=screenshot_dir / "public-comment-sent-en.png", full_page=True)
        assert_no_serious_axe_violations(visitor)
