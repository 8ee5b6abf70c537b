"""A declaration with mistakes, uploaded in the browser (issue 14, item 3): while it is checked
the page says 「ファイルを確認しています…」; each problem keeps its JSON path and says what is
wrong in Japanese (the English message on the English page)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS, verified_client

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LABEL = "宣言ファイル（pia-declaration/1 の JSON）"

#: Records whether 「ファイルを確認しています…」 was ever shown while the upload ran.
WATCH = """() => {
  window.__noReload = true;
  window.__sawChecking = false;
  const checking = document.querySelector('[data-testid="checking"]');
  new MutationObserver(() => {
    if (checking.isConnected && getComputedStyle(checking).display !== 'none'
        && checking.innerText.includes('ファイルを確認しています…')) window.__sawChecking = true;
  }).observe(document.body, {attributes: true, subtree: true, childList: true});
}"""


def test_each_problem_has_its_path_and_a_japanese_sentence(
    page: Page,
    live_server: Any,
    transactional_db: None,
    org_a: Any,
    officer_a: Any,
    declaration: dict[str, Any],
) -> None:
    document = copy.deepcopy(declaration)
    document["organization"] = {
        "name": org_a.name,
        "code": org_a.code,
        "kind": org_a.kind,
        "body": org_a.body,
    }
    document["files"][0]["persons"] = -1
    del document["affairs"][0]["name"]
    payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
    cookie = verified_client(officer_a).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/registry/organizations/{org_a.pk}/import/")
    page.get_by_label(LABEL).set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": payload}]
    )
    page.evaluate(WATCH)
    page.get_by_role("button", name="内容を確認する").click()
    problems = page.get_by_test_id("problem")
    expect(problems.first).to_be_visible()
    # While the file was checked the page said so, and the answer came in place (no reload).
    assert page.evaluate("window.__sawChecking") is True, "「ファイルを確認しています…」 was never shown"
    assert page.evaluate("window.__noReload") is True
    texts = problems.all_inner_texts()
    assert "affairs[0].name 必須の項目がありません。" in texts, texts
    assert "files[0].persons 値の形式が正しくありません（受け付ける値: 0以上の整数）。" in texts, texts
    expect(page.get_by_test_id("problems")).not_to_contain_text("is required")
    expect(page.get_by_test_id("problems")).not_to_contain_text("must be")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-problems.png"), full_page=True)
    assert_no_serious_axe_violations(page)

    page.get_by_test_id("lang-en").click()
    page.locator('input[type="file"][name="file"]').set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": payload}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("problem").first).to_be_visible()
    assert "affairs[0].name is required" in page.get_by_test_id("problem").all_inner_texts()
