"""Effective periods on every catalog table, and the indexed lookups the checks and the browser make."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from compliance.law import models as m
from tests.law.factories import ScheduleRowBodyFactory, ScheduleRowFactory

DAY = dt.date(2024, 5, 27)


@pytest.mark.parametrize(
    ("start", "until", "in_force"),
    [
        (dt.date(2024, 5, 27), None, True),  # first day
        (dt.date(2024, 5, 28), None, False),  # not yet
        (
            dt.date(2016, 1, 1),
            dt.date(2024, 5, 27),
            False,
        ),  # in_force_until is the first day no longer in force
        (dt.date(2016, 1, 1), dt.date(2024, 5, 28), True),  # last day
    ],
)
def test_in_force_follows_the_half_open_period(db, start, until, in_force):
    row = ScheduleRowFactory(in_force_from=start, in_force_until=until)
    assert m.ScheduleRow.objects.in_force(on=DAY).filter(pk=row.pk).exists() is in_force
    assert row.in_force_on(DAY) is in_force


def test_every_catalog_table_has_the_in_force_method(db):
    for model in (m.Statute, m.Article19Item, m.InformationCategory, m.LinkagePermission, m.OrdinanceLinkageLimit,
                  m.OrdinanceScopeRule, m.Card, m.CardApplication, m.CardItem, m.CardItemPlacement, m.FormDefinition):  # fmt: skip
        assert list(model.objects.in_force(on=DAY)) == []


def test_a_period_must_end_after_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleRowFactory(in_force_from=DAY, in_force_until=DAY)


def test_a_key_has_one_period_row_per_start_date(db):
    ScheduleRowFactory(key="row-x", in_force_from=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleRowFactory(key="row-x", in_force_from=DAY)


def test_rows_for_a_body_match_the_organisation_kind_exactly(db):
    mayor = ScheduleRowFactory(body__kinds="municipality,special_ward")
    ward_only = ScheduleRowFactory(body__kinds="special_ward")
    governor = ScheduleRowFactory(body__label="都道府県知事", body__kinds="prefecture", body__body="governor")
    municipal = m.ScheduleRow.objects.for_body(body="mayor", kind="municipality")
    assert set(municipal) == {mayor}
    assert set(m.ScheduleRow.objects.for_body(body="mayor", kind="special_ward")) == {mayor, ward_only}
    assert set(m.ScheduleRow.objects.for_body(body="governor")) == {governor}


def test_rows_in_force_for_a_body_is_one_query_using_the_indexes(db):
    for _ in range(5):
        row = ScheduleRowFactory()
        ScheduleRowBodyFactory(row=row, label="都道府県知事", kinds="prefecture", body="governor")
    with CaptureQueriesContext(connection) as queries:
        rows = list(m.ScheduleRow.objects.in_force(on=DAY).for_body(body="governor", kind="prefecture"))
    assert len(rows) == 5
    assert len(queries.captured_queries) == 1
    indexed = {index.name for index in m.ScheduleRow._meta.indexes} | {
        i.name for i in m.ScheduleRowBody._meta.indexes
    }
    assert {"law_row_period", "law_row_statute", "law_rowbody_body"} <= indexed


def test_a_form_definition_lists_its_items_through_nested_sections(db):
    form = m.FormDefinition.objects.create(
        key="full-v1", form="full", version="1", in_force_from=DAY, source="テスト",
        sections=[{"key": "II", "title": "Ⅱ", "items": [{"key": "a"}], "sections": [
            {"key": "II-1", "title": "1", "items": [{"key": "b"}, {"key": "c"}]}]}],
    )  # fmt: skip
    assert [item["key"] for _s, item in form.items()] == ["a", "b", "c"]
