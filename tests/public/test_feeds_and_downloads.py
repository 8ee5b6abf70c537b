"""Atom feeds and the streamed open-data downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(client: Client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    return root.findall(f"{ATOM}entry")


def test_the_site_feed_is_atom_with_one_entry_per_publication(client: Client, org_a, org_b) -> None:
    published(org_a, name="税務事務")
    published(org_b, name="保育事務")
    entries = atom_entries(client, reverse("public:feed"))
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None


def test_the_prefecture_feed_lists_only_that_prefecture(client: Client, org_a, org_b) -> None:
    published(org_a, name="苫小牧の事務")
    published(org_b, name="秋田の事務")
    entries = atom_entries(client, reverse("public:feed_prefecture", args=["05"]))
    assert [e.find(f"{ATOM}title").text for e in entries] == ["秋田市 秋田の事務（基礎項目評価）"]


def test_the_organization_feed_lists_only_that_body(client: Client, org_a, org_b) -> None:
    published(org_a, name="苫小牧の事務")
    published(org_b, name="秋田の事務")
    assert len(atom_entries(client, reverse("public:feed_organization", args=[org_a.pk]))) == 1


def test_an_unknown_prefecture_feed_answers_404(client: Client) -> None:
    assert client.get(reverse("public:feed_prefecture", args=["99"])).status_code == 404


def _streamed(client: Client, dataset: str, fmt: str) -> str:
    response = client.get(reverse("public:download", args=[dataset, fmt]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_assessments_csv_is_streamed_with_a_header(client: Client, org_a) -> None:
    published(org_a, name="税務事務", findings=[finding()])
    rows = list(csv.DictReader(io.StringIO(_streamed(client, "assessments", "csv").lstrip("\ufeff"))))
    assert [r["affair"] for r in rows] == ["税務事務"]
    assert rows[0]["rules"] == "CARD-NUMBER-READ"


def test_the_findings_json_lines_carry_the_justification(client: Client, org_a) -> None:
    published(org_a, findings=[finding(justification="説明文"), finding("PIA-LATE")])
    records = [json.loads(line) for line in _streamed(client, "findings", "jsonl").splitlines()]
    assert [r["rule"] for r in records] == ["CARD-NUMBER-READ", "PIA-LATE"]
    assert records[0]["justification"] == "説明文"


def test_the_downloads_read_the_database_in_chunks(client: Client, org_a, monkeypatch) -> None:
    """Constant memory: the export iterates the queryset with a chunk size, never loading it whole."""
    from compliance.public import exports

    monkeypatch.setattr(exports, "CHUNK", 2)
    for n in range(5):
        published(org_a, name=f"事務{n}")
    lines = _streamed(client, "assessments", "jsonl").splitlines()
    assert len(lines) == 5


def test_an_unknown_dataset_answers_404(client: Client) -> None:
    assert client.get(reverse("public:download", args=["drafts", "csv"])).status_code == 404


def _every_feed(org_a) -> list[str]:
    return [
        reverse("public:feed"),
        reverse("public:feed_prefecture", args=[org_a.prefecture]),
        reverse("public:feed_prefecture", args=["47"]),  # empty
        reverse("public:feed_organization", args=[org_a.pk]),
    ]


def test_every_feed_is_valid_atom_with_author_id_updated_and_self_link(
    client: Client, org_a, settings
) -> None:
    settings.HYOKA_TAG_AUTHORITY = "hyoka.example.jp"
    published(org_a, name="税務事務", published_on=dt.date(2026, 3, 1))
    published(org_a, name="保育事務", published_on=dt.date(2026, 5, 20))
    for url in _every_feed(org_a):
        root = ET.fromstring(client.get(url).content)
        assert root.findtext(f"{ATOM}author/{ATOM}name"), url  # RFC 4287 §4.1.1: atom:author
        assert root.findtext(f"{ATOM}id").startswith("tag:hyoka.example.jp,2026:feeds/"), url
        assert root.findtext(f"{ATOM}updated"), url
        selves = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert [link.get("href") for link in selves] == [f"http://testserver{url}"], url
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id").startswith("tag:hyoka.example.jp,2026:assessment/")
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == org_a.name


def test_a_feed_is_dated_by_its_newest_entry_and_an_empty_one_by_a_fixed_date(client: Client, org_a) -> None:
    published(org_a, name="税務事務", published_on=dt.date(2026, 3, 1))
    published(org_a, name="保育事務", published_on=dt.date(2026, 5, 20))
    root = ET.fromstring(client.get(reverse("public:feed")).content)
    assert root.findtext(f"{ATOM}updated").startswith("2026-05-20")
    empty = ET.fromstring(client.get(reverse("public:feed_prefecture", args=["47"])).content)
    assert empty.findtext(f"{ATOM}updated") == "2026-01-01T00:00:00+00:00"


def test_feed_ids_do_not_follow_the_host_a_reader_used(client: Client, org_a) -> None:
    published(org_a, name="税務事務")
    one = ET.fromstring(client.get(reverse("public:feed"), HTTP_HOST="localhost").content)
    two = ET.fromstring(client.get(reverse("public:feed"), HTTP_HOST="127.0.0.1").content)
    assert one.findtext(f"{ATOM}id") == two.findtext(f"{ATOM}id")
    assert one.find(f"{ATOM}entry/{ATOM}id").text == two.find(f"{ATOM}entry/{ATOM}id").text
