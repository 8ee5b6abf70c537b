"""The officer's day in a real browser (headless Chromium): declare, see findings, fix, see them go.

Issue 5, "Done when": an officer adds an affair with a schedule basis, a file of 150,000
persons and 600 handlers, a card flow that reads the number at a standalone terminal
without two factors; sees the threshold decision (basic + full) and the findings
(SEC-TWO-FACTOR and the missing assessment) appear without a reload; fixes the
terminal and sees SEC-TWO-FACTOR disappear. Issue 14, item 4: from the dashboard and only
by clicking; the officer answers the remaining finding; the registry once in English and
at 390 px; axe-core on each page. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS, verified_client

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def officer_page(transactional_db: None, live_server: Any, page: Any, officer_a: Any) -> Any:
    """A browser logged in as officer A with a verified second factor (the session of a real login)."""
    client = verified_client(officer_a)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def _shot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _save(page: Any, message: str) -> None:
    """Run axe on the filled form, press 保存 and wait until the page swapped in says ``message`` (htmx swaps, no reload)."""
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text(message)


def _findings(page: Any) -> set[str]:
    return {item.get_attribute("data-rule") for item in page.locator("#findings [data-rule]").all()}


def test_an_officer_declares_sees_findings_fixes_and_sees_them_go(officer_page, live_server, org_a):
    page = officer_page
    page.goto(f"{live_server.url}/accounts/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("担当者ダッシュボード")
    page.get_by_test_id("worklist-012131").get_by_test_id("link-registry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("苫小牧市")
    assert_no_serious_axe_violations(page)
    page.evaluate("window.__noReload = true")

    # An affair whose basis is chosen from the schedule by search-as-you-type.
    page.get_by_role("link", name="事務を追加").first.click()
    page.fill('input[name="name"]', "児童手当の支給に関する事務")
    page.select_option('select[name="basis_kind"]', "schedule")
    page.fill("#schedule-q", "児童手当")
    page.locator("#schedule-results button").first.click()
    expect(page.locator("#id_basis_statute")).to_have_value("児童手当法")
    _save(page, "事務「a1」を登録しました")

    # A file of 150,000 persons handled by 600 people.
    page.get_by_role("link", name="ファイルを追加").click()
    page.fill('input[name="name"]', "児童手当ファイル")
    page.fill('input[name="persons"]', "150000")
    page.fill('input[name="handlers"]', "600")
    _save(page, "特定個人情報ファイル「f1」を登録しました")
    assert "基礎項目評価 + 全項目評価" in page.locator("#threshold").inner_text()

    # A standalone terminal without two factors, and a flow that reads the number there.
    page.get_by_role("link", name="端末を追加").click()
    page.fill('input[name="name"]', "市民課窓口端末")
    page.select_option('select[name="connection"]', "standalone")
    _save(page, "端末「t1」を登録しました")
    page.get_by_role("link", name="フローを追加").click()
    page.select_option('select[name="card"]', "my_number_card")
    page.select_option('select[name="application"]', "input_support")
    page.select_option('select[name="operation"]', "read")
    page.check('input[name="items"][value="number"]')
    page.check('input[name="items"][value="name"]')
    page.select_option('select[name="terminal"]', label="t1 市民課窓口端末")
    _save(page, "カード読取りフロー「c1」を登録しました")
    assert {"SEC-TWO-FACTOR", "PIA-MISSING"} <= _findings(page)
    assert page.evaluate("window.__noReload") is True, "the page was swapped in place, never reloaded"
    _shot(page, "registry-affair-findings.png")

    # The officer turns on two-factor authentication at the terminal: the finding goes.
    page.get_by_test_id("edit-terminal-t1").click()
    page.check('input[name="two_factor"]')
    _save(page, "端末「t1」を保存しました")
    expect(page.locator('#findings [data-rule="SEC-TWO-FACTOR"]')).to_have_count(0)
    assert "PIA-MISSING" in _findings(page)
    assert page.evaluate("window.__noReload") is True
    assert _shot(page, "registry-affair-page.png").stat().st_size > 10_000
    assert_no_serious_axe_violations(page)

    # The officer answers the remaining finding with a reason the reviewer will read.
    finding = page.locator('#findings [data-rule="PIA-MISSING"]').first
    finding.locator("summary").click()
    finding.get_by_label("理由を説明する（審査担当者が読みます）").check()
    finding.get_by_label("理由", exact=True).fill("評価書を作成中で、今月中に提出する。")
    finding.get_by_role("button", name="回答を記録").click()
    expect(page.locator(".messages")).to_contain_text("指摘事項への回答を記録しました。")
    answered = page.locator('#findings [data-rule="PIA-MISSING"]').first
    expect(answered).to_contain_text("評価書を作成中で、今月中に提出する。")
    expect(answered).to_contain_text("理由を説明済み")
    _shot(page, "registry-finding-answered.png")
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name="機関の概要").first.click()
    page.wait_for_selector('[data-affair="a1"]')
    assert "PIA-MISSING" in page.locator('[data-affair="a1"]').inner_text()
    _shot(page, "registry-organization.png")
    assert_no_serious_axe_violations(page)

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "registry-organization-390.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#findings-title")).to_contain_text("Findings")
    _shot(page, "registry-organization-en.png")
    assert_no_serious_axe_violations(page)


def test_deleting_an_entry_asks_first_and_says_it_is_final(officer_page, live_server, org_a):
    from tests.registry import factories as registry_factories

    terminal = registry_factories.terminal(org_a, name="削除する端末")
    page = officer_page
    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/")
    page.get_by_test_id(f"delete-{terminal.pk}").click()
    expect(page.get_by_test_id("delete-confirm")).to_contain_text("削除は取り消せません")
    _shot(page, "registry-delete-confirm.png")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="削除しないで戻る").click()
    expect(page.locator("#terminals-title")).to_be_visible()
    assert type(terminal).objects.filter(pk=terminal.pk).exists()

    page.get_by_test_id(f"delete-{terminal.pk}").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page.locator(".messages")).to_contain_text("削除しました")
    assert not type(terminal).objects.filter(pk=terminal.pk).exists()
