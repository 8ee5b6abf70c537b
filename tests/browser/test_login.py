"""An officer logs in with password and TOTP code and reaches the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts.models import User
from tests.browser.axe import assert_no_serious_axe_violations
from tests.factories import PASSWORD, current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_officer_logs_in_with_password_and_totp(
    page: Page, live_server, officer_a: User, screenshot_dir: Path, transactional_db: None
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="ログイン").click()
    page.get_by_label("ユーザー名").fill(officer_a.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.screenshot(path=screenshot_dir / "login-password.png", full_page=True)
    assert_no_serious_axe_violations(page)
    page.get_by_test_id("wizard-next").click()

    token = page.locator('input[name="token-otp_token"]')
    expect(token).to_be_visible()
    token.fill(current_totp(TOTPDevice.objects.get(user=officer_a)))
    page.screenshot(path=screenshot_dir / "login-token.png", full_page=True)
    assert_no_serious_axe_violations(page)
    page.get_by_test_id("wizard-next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("担当者ダッシュボード")
    expect(page.get_by_test_id("worklist-012131")).to_contain_text("苫小牧市")
    expect(page.get_by_test_id("nav-officer")).to_be_visible()
    page.screenshot(path=screenshot_dir / "officer-dashboard.png", full_page=True)
    assert_no_serious_axe_violations(page)


def test_the_password_alone_does_not_open_the_dashboard(
    page: Page, live_server, officer_a: User, transactional_db: None
) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("ユーザー名").fill(officer_a.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("wizard-next").click()
    expect(page.locator('input[name="token-otp_token"]')).to_be_visible()
    page.goto(live_server.url + "/accounts/dashboard/")
    assert "/account/login/" in page.url
