"""In a browser: anyone asks for the public PDF of a published assessment and downloads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.documents.helpers import ARTIFACTS, outline, pdf_fonts, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_anyone_downloads_the_public_pdf_of_a_published_assessment(
    page: Page, live_server: Any, transactional_db: None, published_version: Any, tmp_path: Path
) -> None:
    page.goto(live_server.url + reverse("documents:version", kwargs={"pk": published_version.pk}))
    expect(page.get_by_test_id("make-full-pdf")).to_have_count(0)  # the public never sees the full variant
    page.get_by_test_id("make-public-pdf").click()
    link = page.get_by_test_id("document-public-pdf").get_by_role("link", name="ダウンロード")
    expect(link).to_be_visible(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "documents-page.png", full_page=True)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "public.pdf"
    download_info.value.save_as(target)

    pdf = target.read_bytes()
    text = pdf_text(pdf)
    for heading in ("Ⅰ　関連情報", "Ⅱ　しきい値判断項目", "Ⅳ　リスク対策"):
        assert heading in text
    assert published_version.assessment.affair.name in text
    assert all(embedded and "IPA" in name for name, embedded in pdf_fonts(pdf))
    sections = outline(pdf)[0][1]
    assert [title for title, _children in sections][:4] == [
        "Ⅰ　関連情報", "Ⅱ　しきい値判断項目", "Ⅲ　しきい値判断結果", "Ⅳ　リスク対策",
    ]  # fmt: skip
