"""``manage.py catalog_apply FILE``: amendments end one period and start another; bad change sets write nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from compliance.audit.models import AuditEvent
from compliance.law import models as m

D = "2024-05-27"
SOURCE = "令和5年法律第48号"


def apply(path) -> dict:
    out = io.StringIO()
    call_command("catalog_apply", str(path), stdout=out)
    return json.loads(out.getvalue())


def apply_failing(path) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("catalog_apply", str(path), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 2
    assert "nothing was written" in str(raised.value)
    return err.getvalue().splitlines()


def snapshot() -> list[tuple]:
    rows = []
    for model in (m.ScheduleRow, m.LinkagePermission, m.InformationCategory, m.Statute, m.Article19Item):
        rows += list(model.objects.order_by("pk").values_list("key", "in_force_from", "in_force_until"))
    return rows


@pytest.fixture
def before(loaded) -> list[tuple]:
    return snapshot()


# --- what an amendment does ------------------------------------------------------------------------


def test_ending_a_record_sets_its_last_day_and_keeps_it(loaded, change_file):
    apply(
        change_file(
            {
                "effective_on": D,
                "source": SOURCE,
                "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]},
            }
        )
    )
    perm = m.LinkagePermission.objects.get(key="perm-jidou-teate-chihouzei")
    assert perm.in_force_until == dt.date(2024, 5, 27)
    assert perm.ended_by.kind == m.ChangeSetKind.AMENDMENT
    assert not m.LinkagePermission.objects.in_force(on=dt.date(2024, 5, 27)).filter(key=perm.key).exists()
    assert m.LinkagePermission.objects.in_force(on=dt.date(2024, 5, 26)).filter(key=perm.key).exists()


def test_a_change_ends_the_old_period_and_starts_a_successor_with_the_same_key(loaded, change_file):
    new_text = "児童手当法による児童手当の支給に関する事務であって主務省令で定めるもの"
    apply(change_file({
        "effective_on": D, "source": SOURCE,
        "change": {"schedule_rows": [{"key": "row-jidou-teate", "affair": new_text}]},
    }))  # fmt: skip
    old, new = m.ScheduleRow.objects.filter(key="row-jidou-teate").order_by("in_force_from")
    assert (old.in_force_until, new.in_force_from, new.in_force_until) == (
        dt.date(2024, 5, 27),
        dt.date(2024, 5, 27),
        None,
    )
    assert old.affair.startswith("児童手当法による児童手当又は特例給付")
    assert new.affair == new_text
    assert [b.label for b in new.bodies.all()] == ["市町村長"]
    assert new.source == SOURCE and new.verified is False and new.origin == m.Origin.AMENDMENT


def test_references_by_key_still_resolve_after_a_change(loaded, change_file):
    apply(change_file({
        "effective_on": D, "source": SOURCE,
        "change": {"schedule_rows": [{"key": "row-jidou-teate", "row_number": "57"}]},
    }))  # fmt: skip
    perm = m.LinkagePermission.objects.get(key="perm-jidou-teate-chihouzei")
    assert m.ScheduleRow.objects.in_force(on=dt.date(2025, 1, 1)).filter(key=perm.requester_row).exists()


def test_adding_records_starts_them_on_the_effective_date(loaded, change_file):
    summary = apply(change_file({
        "effective_on": D, "source": SOURCE,
        "add": {
            "categories": [{"key": "cat-kokka", "name": "国家資格関係情報"}],
            "linkage_permissions": [{
                "key": "perm-zairyu-kokka", "requester_row": "row-zairyu", "category": "国家資格関係情報",
                "providers": [{"label": "厚生労働大臣", "kinds": ["national_body"], "body": "minister"}],
            }],
        },
    }))  # fmt: skip
    assert summary["added"] == {"categories": ["cat-kokka"], "linkage_permissions": ["perm-zairyu-kokka"]}
    perm = m.LinkagePermission.objects.get(key="perm-zairyu-kokka")
    assert perm.in_force_from == dt.date(2024, 5, 27)
    assert [p.label for p in perm.providers.all()] == ["厚生労働大臣"]


def test_a_key_can_start_a_new_period_after_its_last_one_ended(loaded, change_file):
    apply(change_file({
        "effective_on": "2024-06-01", "source": SOURCE,
        "add": {"article19_items": [{"key": "art19-network", "ground": "network", "item": "8", "title": "情報提供ネットワークシステム"}]},
    }))  # fmt: skip
    assert m.Article19Item.objects.filter(key="art19-network").count() == 2


def test_every_apply_writes_one_audit_event(loaded, change_file):
    apply(
        change_file(
            {
                "effective_on": D,
                "source": SOURCE,
                "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]},
            }
        )
    )
    event = AuditEvent.objects.get(action="compliance.catalog.amended")
    assert event.data["ended"] == {"linkage_permissions": ["perm-jidou-teate-chihouzei"]}
    assert event.data["effective_on"] == D


def test_a_change_set_may_be_json(loaded, change_file):
    path = change_file(
        {"effective_on": D, "source": SOURCE, "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]}},
        suffix=".json",
    )
    assert apply(path)["ended"] == {"linkage_permissions": ["perm-jidou-teate-chihouzei"]}


def test_a_dry_run_checks_and_writes_nothing(before, change_file):
    path = change_file(
        {"effective_on": D, "source": SOURCE, "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]}}
    )
    out = io.StringIO()
    call_command("catalog_apply", str(path), "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["dry_run"] is True
    assert snapshot() == before
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()


# --- what it refuses -------------------------------------------------------------------------------

BAD = {
    "an unknown top-level key": (
        {"effective_on": D, "source": SOURCE, "ad": {}},
        "ad: unknown key",
    ),
    "an unknown record kind": (
        {"effective_on": D, "source": SOURCE, "add": {"schedule_row": []}},
        "add.schedule_row: unknown record kind",
    ),
    "an unknown field in a new record": (
        {"effective_on": D, "source": SOURCE, "add": {"categories": [{"key": "c", "name": "x", "nmae": "y"}]}},
        "add.categories[0].nmae: unknown key for categories",
    ),
    "ending an unknown key": (
        {"effective_on": D, "source": SOURCE, "end": {"schedule_rows": ["row-nope"]}},
        "end.schedule_rows[0].key: unknown key 'row-nope' for schedule_rows",
    ),
    "changing an unknown key": (
        {"effective_on": D, "source": SOURCE, "change": {"linkage_permissions": [{"key": "perm-nope", "category": "x"}]}},
        "change.linkage_permissions[0].key: unknown key 'perm-nope' for linkage_permissions",
    ),
    "ending a quasi affair as a schedule row": (
        {"effective_on": D, "source": SOURCE, "end": {"schedule_rows": ["quasi-jidou-teate-like"]}},
        "it is a key of quasi_affairs",
    ),
    "adding a key that is already in force (overlapping periods)": (
        {"effective_on": D, "source": SOURCE, "add": {"categories": [{"key": "cat-chihouzei", "name": "地方税関係情報"}]}},
        "add.categories[0].key: overlapping periods: 'cat-chihouzei' is already in force 2017-07-18 – (open)",
    ),
    "adding a period that runs into a later one (overlapping periods)": (
        {"effective_on": "2020-01-01", "source": SOURCE, "add": {"schedule_rows": [{
            "key": "row-zairyu", "statute": "出入国管理及び難民認定法", "affair": "在留に関する事務",
            "bodies": [{"label": "出入国在留管理庁長官", "kinds": ["national_body"], "body": "agency_head"}],
        }]}},
        "overlapping periods: 'row-zairyu' is already in force 2024-05-27 – (open)",
    ),
    "a key twice in one change set": (
        {"effective_on": D, "source": SOURCE, "end": {"linkage_permissions": ["perm-jidou-teate-chihouzei"]},
         "change": {"linkage_permissions": [{"key": "perm-jidou-teate-chihouzei", "category": "生活保護関係情報"}]}},
        "appears more than once in this change set",
    ),
    "a new permission for a row that does not exist (dangling reference)": (
        {"effective_on": D, "source": SOURCE, "add": {"linkage_permissions": [{
            "key": "perm-x", "requester_row": "row-ghost", "category": "地方税関係情報",
            "providers": [{"label": "市町村長", "kinds": ["municipality"], "body": "mayor"}],
        }]}},
        "add.linkage_permissions[0].requester_row: schedule row 'row-ghost' does not exist on 2024-05-27",
    ),
    "a new permission for a category not in force (dangling reference)": (
        {"effective_on": "2016-06-01", "source": SOURCE, "add": {"linkage_permissions": [{
            "key": "perm-x", "requester_row": "row-jidou-teate", "category": "地方税関係情報",
            "providers": [{"label": "市町村長", "kinds": ["municipality"], "body": "mayor"}],
        }]}},
        "add.linkage_permissions[0].category: information category '地方税関係情報' does not exist on 2016-06-01",
    ),
    "ending a row a permission still needs (dangling reference)": (
        {"effective_on": D, "source": SOURCE, "end": {"schedule_rows": ["row-jidou-teate"]}},
        "linkage_permissions:perm-jidou-teate-chihouzei.requester_row: dangling reference",
    ),
    "ending a category a permission still needs (dangling reference)": (
        {"effective_on": D, "source": SOURCE, "end": {"categories": ["cat-chihouzei"]}},
        "linkage_permissions:perm-jidou-teate-chihouzei.category: dangling reference",
    ),
    "a date before the record's start": (
        {"effective_on": "2015-01-01", "source": SOURCE, "end": {"schedule_rows": ["row-chihouzei"]}},
        "end.schedule_rows[0].key: effective_on 2015-01-01 is before the start of 'row-chihouzei' (2016-01-01)",
    ),
    "ending a record on its first day": (
        {"effective_on": D, "source": SOURCE, "end": {"schedule_rows": ["row-zairyu"]}},
        "'row-zairyu' starts on 2024-05-27",
    ),
    "ending a record that has already ended": (
        {"effective_on": "2022-01-01", "source": SOURCE, "end": {"article19_items": ["art19-network"]}},
        "'art19-network' is not in force on 2022-01-01 (its last period ended on 2021-09-01)",
    ),
    "a new record setting its own start date": (
        {"effective_on": D, "source": SOURCE, "add": {"categories": [{"key": "c", "name": "x", "in_force_from": "2020-01-01"}]}},
        "add.categories[0].in_force_from: set by the change set's effective_on",
    ),
    "no effective date": (
        {"source": SOURCE, "end": {"schedule_rows": ["row-chihouzei"]}},
        "effective_on: required",
    ),
    "an effective date that is not a date": (
        {"effective_on": "27/05/2024", "source": SOURCE},
        "effective_on: not a date (YYYY-MM-DD)",
    ),
    "no source": (
        {"effective_on": D, "end": {"schedule_rows": ["row-chihouzei"]}},
        "source: required",
    ),
    "a body outside the vocabulary": (
        {"effective_on": D, "source": SOURCE, "change": {"schedule_rows": [{"key": "row-chihouzei", "bodies": [
            {"label": "村長", "kinds": ["village"], "body": "mayor"}]}]}},
        "change.schedule_rows[0].bodies[0].kinds[0]: unknown organisation kind 'village'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_it_rejects_a_bad_change_set_with_a_clear_message_and_writes_nothing(before, change_file, case):
    data, expected = BAD[case]
    lines = apply_failing(change_file(data))
    assert any(expected in line for line in lines), lines
    assert snapshot() == before
    assert not m.ChangeSet.objects.filter(kind=m.ChangeSetKind.AMENDMENT).exists()
    assert not AuditEvent.objects.filter(action="compliance.catalog.amended").exists()


def test_ending_a_row_together_with_the_permissions_that_need_it_is_accepted(loaded, change_file):
    apply(change_file({
        "effective_on": "2025-01-01", "source": SOURCE,
        "end": {"schedule_rows": ["row-jidou-teate"], "linkage_permissions": ["perm-jidou-teate-chihouzei"],
                "quasi_affairs": ["quasi-jidou-teate-like"]},
    }))  # fmt: skip
    assert not m.ScheduleRow.objects.in_force(on=dt.date(2025, 1, 1)).filter(key="row-jidou-teate").exists()


def test_ending_a_row_a_quasi_affair_is_related_to_names_the_quasi_affair(before, change_file):
    lines = apply_failing(change_file({
        "effective_on": "2025-01-01", "source": SOURCE,
        "end": {"schedule_rows": ["row-jidou-teate"], "linkage_permissions": ["perm-jidou-teate-chihouzei"]},
    }))  # fmt: skip
    assert any(
        line.startswith("change-0.yaml: quasi_affairs:quasi-jidou-teate-like.related_row: dangling")
        for line in lines
    ), lines


def test_it_rejects_a_file_that_is_not_valid_yaml(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("effective_on: [2024\n", encoding="utf-8")
    lines = apply_failing(path)
    assert "not valid YAML" in lines[0]


def test_it_rejects_a_file_that_is_not_valid_json(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"effective_on": ', encoding="utf-8")
    lines = apply_failing(path)
    assert "broken.json: not valid JSON" in lines[0]
