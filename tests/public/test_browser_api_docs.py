"""The API documentation is readable in the browser (issue 14, item 3): from オープンデータ, 「API の
説明」 opens Swagger UI served from the product's own static files (no CDN) listing the
operations; the schema itself is the separate, labelled YAML download."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_api_documentation_opens_from_the_open_data_page(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/open-data/")
    schema = page.get_by_role("link", name="OpenAPI スキーマ（YAML ファイル）")
    assert schema.get_attribute("download") == "hyoka-openapi.yaml"
    page.get_by_test_id("api-docs").click()
    expect(page.locator(".swagger-ui .title")).to_contain_text("Hyōka API", timeout=15_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/assessments/").first).to_be_visible()
    assert page.locator(".opblock").count() >= 8
    elsewhere = [url for url in requested if not url.startswith(live_server.url)]
    assert elsewhere == [], f"requests off the product's origin: {elsewhere}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
