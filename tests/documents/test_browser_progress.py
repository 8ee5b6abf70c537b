"""Rendering a PDF shows 「作成中…」 while it runs and the result without a reload (issue 14, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Records whether the 「作成中…」 indicator was ever shown while the request ran.
WATCH = """() => {
  window.__noReload = true;
  window.__sawMaking = false;
  const making = document.querySelector('[data-testid="making-public-pdf"]');
  new MutationObserver(() => {
    if (making.isConnected && getComputedStyle(making).display !== 'none' && making.innerText.includes('作成中…')) {
      window.__sawMaking = true;
      window.__buttonDisabled = making.closest('form').querySelector('button').disabled;
    }
  }).observe(document.body, {attributes: true, subtree: true, childList: true});
}"""


def test_the_pdf_says_it_is_being_made_then_offers_the_download_in_place(
    page: Page, live_server: Any, transactional_db: None, published_version: Any
) -> None:
    page.goto(live_server.url + reverse("documents:version", kwargs={"pk": published_version.pk}))
    expect(page.get_by_test_id("making-public-pdf")).to_be_hidden()
    page.evaluate(WATCH)
    page.get_by_test_id("make-public-pdf").click()
    link = page.get_by_test_id("document-public-pdf").get_by_role("link", name="ダウンロード")
    expect(link).to_be_visible(timeout=60_000)
    assert page.evaluate("window.__sawMaking") is True, "「作成中…」 was never shown"
    assert page.evaluate("window.__buttonDisabled") is True, "the button could be pressed twice"
    assert page.evaluate("window.__noReload") is True, "the page was reloaded"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "documents-made-in-place.png"), full_page=True)
    assert_no_serious_axe_violations(page)
