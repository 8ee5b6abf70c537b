"""The second factor's messages in a real browser are Japanese (issue 14, item 3): a wrong code,
then too many wrong codes, never "Invalid token…" or the throttling message in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts.models import User
from tests.browser.axe import assert_no_serious_axe_violations
from tests.factories import PASSWORD, current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_wrong_codes_are_refused_in_japanese(
    page: Page, live_server, officer_a: User, screenshot_dir: Path, transactional_db: None
) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("ユーザー名").fill(officer_a.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("wizard-next").click()
    token = page.locator('input[name="token-otp_token"]')
    device = TOTPDevice.objects.get(user=officer_a)

    token.fill(_wrong(current_totp(device)))
    page.get_by_test_id("wizard-next").click()
    errors = page.locator(".errorlist")
    expect(errors).to_contain_text("確認コードが正しくありません。入力し直してください。")
    expect(page.locator("main")).not_to_contain_text("Invalid token")
    page.screenshot(path=screenshot_dir / "login-wrong-code.png", full_page=True)
    assert_no_serious_axe_violations(page)

    # A second wrong code at once: django-otp throttles the device, in Japanese.
    page.locator('input[name="token-otp_token"]').fill(_wrong(current_totp(device)))
    page.get_by_test_id("wizard-next").click()
    expect(page.locator(".errorlist")).to_contain_text("確認を一時的に停止しています")
    expect(page.locator("main")).not_to_contain_text("Verification temporarily disabled")
