"""What the public reads of the shipped catalog — the law browser's pages, the law API and the open
registry's exports — names the Act and its texts, never the project's own documents or internal keys.

The catalog files are checked record by record (test_no_internal_references.py); this test reads the
rendered output, where templates, labels and help texts add their own words.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.law.test_no_internal_references import INTERNAL

LAW_PAGES = (
    "/law/",
    "/law/?as_of=2016-06-01",
    "/law/?as_of=2024-05-26",
    "/law/?as_of=2024-05-27",
    "/law/linkage/?as_of=2020-01-01",
    "/law/linkage/",
    "/law/diff/?from=2024-05-26&to=2024-05-27",
    "/law/spread/",
    "/law/rows/child_allowance/",
    "/law/rows/local_tax/",
    "/law/rows/student_support_jasso/",
    "/law/rows/quasi_foreign_public_assistance/",
)
PAYLOADS = (
    "/api/law/schedule-rows/?limit=500",
    "/api/law/schedule-rows/?limit=500&offset=500",
    "/api/law/categories/?limit=500",
    "/open-data/assessments.csv",
    "/open-data/findings.jsonl",
)


@pytest.fixture
def shipped_catalog(db: None) -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_public_page_or_payload_of_the_law_names_an_internal_document_or_key(
    client, shipped_catalog, language: str
) -> None:
    client.cookies["django_language"] = language
    found = []
    for url in LAW_PAGES + PAYLOADS:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        for match in INTERNAL.finditer(body_of(response)):
            found.append(f"{url}: {match.group(0)}")
    assert found == []
