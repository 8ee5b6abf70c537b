"""An officer who forgot the password resets it from the login page and still needs the TOTP code.

The live server runs in this process, so the mail lands in Django's locmem outbox
(``django.core.mail.outbox``, which pytest-django's test environment sets up).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts.models import User
from tests.factories import current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NEW_PASSWORD = "a fresh river under the bridge"
LINK = re.compile(r"https?://\S+/accounts/password-reset/[^\s/]+/[^\s/]+/")


def _fits(page: Page, width: int) -> None:
    """Nothing on the page is wider than the screen (no sideways scrolling on a phone)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _reset_journey(page: Page, live_server, user: User, screenshots: Path, prefix: str, width: int) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_role("link", name="パスワードをお忘れの方").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの再設定")
    _fits(page, width)
    page.get_by_label("メールアドレス").fill(user.email)
    page.screenshot(path=screenshots / f"{prefix}-request.png", full_page=True)
    page.get_by_test_id("password-reset-send").click()

    expect(page.get_by_test_id("password-reset-sent")).to_be_visible()
    _fits(page, width)
    page.screenshot(path=screenshots / f"{prefix}-sent.png", full_page=True)
    assert len(mail.outbox) == 1
    link = LINK.search(mail.outbox[0].body)
    assert link is not None

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("新しいパスワードの設定")
    page.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
    _fits(page, width)
    page.screenshot(path=screenshots / f"{prefix}-set.png", full_page=True)
    page.get_by_test_id("password-reset-set").click()

    # The login page, not logged in: the password and then the code, as always.
    expect(page.get_by_role("status")).to_contain_text("パスワードを再設定しました")
    assert "/account/login/" in page.url
    _fits(page, width)
    page.screenshot(path=screenshots / f"{prefix}-login.png", full_page=True)
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(NEW_PASSWORD)
    page.get_by_test_id("wizard-next").click()
    token = page.locator('input[name="token-otp_token"]')
    expect(token).to_be_visible()

    # The new password alone does not open the dashboard.
    page.goto(live_server.url + "/accounts/dashboard/")
    assert "/account/login/" in page.url

    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(NEW_PASSWORD)
    page.get_by_test_id("wizard-next").click()
    token.fill(current_totp(TOTPDevice.objects.get(user=user)))
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("担当者ダッシュボード")

    # The link worked once.
    page.goto(link.group(0))
    expect(page.get_by_test_id("password-reset-invalid")).to_be_visible()


def test_an_officer_resets_the_password_and_still_logs_in_with_the_code(
    page: Page, live_server, officer_a: User, screenshot_dir: Path, transactional_db: None
) -> None:
    mail.outbox.clear()
    _reset_journey(page, live_server, officer_a, screenshot_dir, "password-reset", 1280)


def test_the_password_reset_works_at_phone_width(
    page: Page, live_server, officer_a: User, screenshot_dir: Path, transactional_db: None
) -> None:
    mail.outbox.clear()
    page.set_viewport_size({"width": 390, "height": 844})
    _reset_journey(page, live_server, officer_a, screenshot_dir, "password-reset-phone", 390)
