"""Each statute the law pages cite links to its e-Gov 法令検索 page, from the catalog's law ID."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.law.factories import ScheduleRowFactory, StatuteFactory

pytestmark = pytest.mark.django_db


def test_a_schedule_row_links_its_statute_to_e_gov(client) -> None:
    StatuteFactory(name="児童手当法", egov_law_id="346AC0000000073")
    row = ScheduleRowFactory(statute="児童手当法")
    index = client.get("/law/").content.decode()
    assert 'href="https://laws.e-gov.go.jp/law/346AC0000000073"' in index
    history = client.get(f"/law/rows/{row.key}/").content.decode()
    assert 'href="https://laws.e-gov.go.jp/law/346AC0000000073"' in history


def test_a_statute_without_a_law_id_gets_no_link(client) -> None:
    StatuteFactory(name="架空の法律", egov_law_id="")
    ScheduleRowFactory(statute="架空の法律")
    assert "laws.e-gov.go.jp" not in client.get("/law/").content.decode()


def test_the_links_cost_one_query_however_many_rows(client) -> None:
    StatuteFactory(name="児童手当法", egov_law_id="346AC0000000073")
    ScheduleRowFactory(statute="児童手当法")
    with CaptureQueriesContext(connection) as one:
        client.get("/law/")
    for _ in range(5):
        ScheduleRowFactory(statute="児童手当法")
    with CaptureQueriesContext(connection) as six:
        client.get("/law/")
    assert len(six) == len(one)
