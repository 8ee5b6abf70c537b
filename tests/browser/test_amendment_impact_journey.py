"""The law changes: the reviewer reads the impact report, the officer sees it and checks another date.

By clicking, from each role's dashboard, in Japanese and in English, and at phone width.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from compliance.accounts.models import MembershipRole, User
from compliance.law.services import catalog_apply
from compliance.registry.importing import declaration_import
from tests.browser.axe import assert_no_serious_axe_violations
from tests.checks.test_amendment_impact import CHILD_ALLOWANCE, END_PERMISSION, TERMINAL_ONLY
from tests.conftest import with_device
from tests.factories import PASSWORD, MembershipFactory, current_totp

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def amended(transactional_db: None) -> User:
    """Two bodies, then the permission their linkage relied on ended; the city's officer."""
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    city = declaration_import(data=copy.deepcopy(CHILD_ALLOWANCE), acting_user=None).organization
    declaration_import(data=copy.deepcopy(TERMINAL_ONLY), acting_user=None)
    catalog_apply(change_set=copy.deepcopy(END_PERMISSION), acting_user=None)
    officer = MembershipFactory(organization=city, role=MembershipRole.OFFICER, user__username="kakuu").user
    return with_device(officer)


def _log_in(page: Page, live_server, user: User) -> None:
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_test_id("wizard-next").click()
    page.locator('input[name="token-otp_token"]').fill(current_totp(TOTPDevice.objects.get(user=user)))
    page.get_by_test_id("wizard-next").click()


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_reviewer_follows_the_navigation_to_the_impact_report(
    page: Page, live_server, amended: User, reviewer: User, screenshot_dir: Path
) -> None:
    _log_in(page, live_server, reviewer)
    expect(page.get_by_role("heading", level=1)).to_have_text("委員会ダッシュボード")
    assert_no_serious_axe_violations(page)
    page.get_by_test_id("nav-impact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("法令改正の影響")
    page.get_by_test_id("impact-list").get_by_role("link").first.click()

    report = page.get_by_test_id("impact-999997")
    expect(report).to_contain_text("架空市")
    expect(report).to_contain_text("LINKAGE-NOT-PERMITTED")
    expect(page.get_by_test_id("change-set")).to_contain_text("令和8年主務省令（試験用）")
    expect(page.get_by_test_id("impact-999989")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "impact-report.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amendment impact")
    expect(page.get_by_test_id("impact-999997")).to_contain_text("Findings gained")
    page.screenshot(path=screenshot_dir / "impact-report-en.png", full_page=True)

    page.get_by_test_id("impact-999997").locator("a[href*='/checks/findings/']").click()
    expect(page.get_by_test_id("findings")).to_contain_text("LINKAGE-NOT-PERMITTED")
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_officer_sees_the_change_and_compares_another_date(
    page: Page, live_server, amended: User, screenshot_dir: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server, amended)
    expect(page.get_by_role("heading", level=1)).to_have_text("担当者ダッシュボード")
    impact = page.get_by_test_id("impact")
    expect(impact).to_contain_text("増えた指摘 1 件")
    _fits(page, width)
    page.screenshot(path=screenshot_dir / f"impact-dashboard-{width}.png", full_page=True)
    assert_no_serious_axe_violations(page)

    impact.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("架空市")
    page.get_by_label("基準日", exact=True).fill("2026-01-04")  # the day before the permission ended
    page.get_by_role("button", name="確認する").click()

    expect(page.get_by_test_id("as-of-summary")).to_contain_text("出なくなる指摘が 1 件")
    expect(page.get_by_test_id("as-of-disappearing")).to_contain_text("LINKAGE-NOT-PERMITTED")
    _fits(page, width)
    page.screenshot(path=screenshot_dir / f"as-of-{width}.png", full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", name="Check as of another date")).to_be_visible()
