"""The affair form as the walk of issue 14 (item 3) found it, in a real browser (headless Chromium).

Every label sits above its own input (never between two inputs); the form fits a 390 px
phone; 利用の根拠 waits for a choice instead of defaulting to 根拠なし under a ticked
個人番号を利用する; counts typed on an affair without a file show the decision they would give
instead of 「ファイルがないため判断できません」; references read 事務 / 端末, not "Affair:".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from compliance.registry import models as m
from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS, verified_client

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def officer_page(transactional_db: None, live_server: Any, page: Page, officer_a: Any) -> Page:
    cookie = verified_client(officer_a).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def _labels_sit_above_their_inputs(page: Page) -> None:
    """Each visible text or select input's label ends above the input's top (no label beside it)."""
    problems = page.evaluate(
        """() => [...document.querySelectorAll('#editor form input:not([type=hidden]):not([type=checkbox]), #editor form select')]
            .filter(el => el.offsetParent !== null && el.labels && el.labels.length)
            .map(el => [el.name, el.labels[0].getBoundingClientRect(), el.getBoundingClientRect()])
            .filter(([, label, input]) => label.bottom > input.top + 1)
            .map(([name]) => name)"""
    )
    assert problems == [], f"labels beside their inputs: {problems}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_affair_form_reads_top_to_bottom_and_asks_for_the_basis(
    officer_page: Page, live_server: Any, org_a: Any, width: int
) -> None:
    page = officer_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/affairs/new/")
    expect(page.locator("#editor-title")).to_have_text("事務を追加")
    _labels_sit_above_their_inputs(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator("#id_uses_number")).to_be_checked()
    expect(page.locator("#id_basis_kind")).to_have_value("")  # not 根拠なし
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"registry-affair-form-{width}.png"), full_page=True)
    assert_no_serious_axe_violations(page)

    # 保存 without a basis: the form says what is missing, nothing is saved.
    page.fill('input[name="name"]', "ぬくもり灯油事業に関する事務")
    page.fill('input[name="persons"]', "6000")
    page.fill('input[name="handlers"]', "12")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#editor")).to_contain_text("利用の根拠を選んでください")
    assert not m.Affair.objects.filter(organization=org_a).exists()

    # 根拠なし chosen on purpose is saved; the typed counts give a provisional decision.
    page.select_option('select[name="basis_kind"]', "none")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("事務「a1」を登録しました")
    threshold = page.locator("#threshold")
    expect(threshold).to_contain_text("未確定（ファイルを登録すると確定します）")
    expect(threshold).to_contain_text("入力した対象人数 6,000人、取扱者数 12人の場合 → 基礎項目評価")
    expect(threshold).not_to_contain_text("ファイルがないため判断できません")
    assert m.Affair.objects.get(organization=org_a).basis_kind == "none"


def test_references_are_labelled_by_what_they_refer_to(
    officer_page: Page, live_server: Any, org_a: Any
) -> None:
    from tests.registry import factories as registry_factories

    affair = registry_factories.affair(org_a)
    page = officer_page
    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/card_flows/new/?affair={affair.pk}")
    form = page.locator("#editor form")
    expect(form.locator('label[for="id_affair"]')).to_have_text("事務:")
    expect(form.locator('label[for="id_terminal"]')).to_have_text("端末:")
    for english in ("Affair", "Terminal", "File", "Ordinance"):
        expect(form).not_to_contain_text(f"{english}:")
    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/entrustments/new/?affair={affair.pk}")
    expect(page.locator('#editor label[for="id_file"]')).to_have_text("特定個人情報ファイル:")
    expect(page.locator("#editor form")).not_to_contain_text("File:")
