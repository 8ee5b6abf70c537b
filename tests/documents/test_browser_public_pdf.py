"""In a browser on the demo data: an anonymous visitor downloads the public PDF of 苫小牧市's
published full assessment; its text, font, outline and withheld items are checked, page 1 is kept as PNG."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from compliance.assessments.models import AssessmentVersion
from compliance.documents.render import build_document
from compliance.documents.structure import ITEM_LIST, PUBLIC
from tests.assessments.demo_data import answers_by_publicity, load_demo
from tests.browser.conftest import SCREENSHOTS
from tests.documents.helpers import outline, pdf_fonts, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(autouse=True)
def catalog() -> None:
    """The demo reads the shipped catalog ``load_demo`` loads, not the small test catalog."""
    return None


@pytest.fixture
def demo_full_version(transactional_db: None) -> AssessmentVersion:
    load_demo()
    return AssessmentVersion.objects.get(
        kind="publication", assessment__level="full", assessment__state="published"
    )


def _flat(text: str) -> str:
    """Text without white space: a PDF breaks long sentences over lines wherever they fit."""
    return re.sub(r"\s+", "", text)


def test_an_anonymous_visitor_downloads_the_public_pdf_of_the_published_demo_assessment(
    page: Page, live_server: Any, demo_full_version: AssessmentVersion, tmp_path: Path
) -> None:
    page.goto(live_server.url + reverse("documents:version", kwargs={"pk": demo_full_version.pk}))
    expect(page.get_by_test_id("make-full-pdf")).to_have_count(0)
    page.get_by_test_id("make-public-pdf").click()
    link = page.get_by_test_id("document-public-pdf").get_by_role("link", name="ダウンロード")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "public.pdf"
    download_info.value.save_as(target)
    pdf = target.read_bytes()

    text = pdf_text(pdf)
    for heading in ("Ⅰ　基本情報", "Ⅳ　リスク対策", "Ⅴ　開示請求、問合せ"):
        assert heading in text, heading
    assert demo_full_version.assessment.affair.name in text
    assert all(embedded and "IPA" in name for name, embedded in pdf_fonts(pdf))
    document = build_document(data=demo_full_version.data, sha256=demo_full_version.sha256, variant=PUBLIC)
    # 様式3 and 様式4 open with their 項目一覧 page, 様式2 has none.
    expected = [
        [form.title, ([ITEM_LIST] if form.item_list else []) + [section.heading for section in form.sections]]
        for form in document.forms
    ]
    assert [[title, [child[0] for child in children]] for title, children in outline(pdf)] == expected
    public, withheld = answers_by_publicity(demo_full_version.data)
    flat = _flat(text)
    assert withheld and all(_flat(value) not in flat for value in withheld)
    assert any(_flat(value) in flat for value in public)  # the check above could see them

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOTS / "documents-demo-public-pdf-page1"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(target), str(prefix)],
                   check=True)  # fmt: skip
    assert prefix.with_suffix(".png").stat().st_size > 10_000
