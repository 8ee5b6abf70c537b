"""``manage.py catalog_diff --from D1 --to D2``: what changed in the law between two dates."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from compliance.law.selectors import catalog_diff


@pytest.fixture
def amended(loaded, change_file) -> None:
    path = change_file({
        "effective_on": "2024-05-27", "source": "令和5年法律第48号",
        "end": {"linkage_permissions": ["perm-seikatsu-hogo-chihouzei"]},
        "change": {"schedule_rows": [{"key": "row-chihouzei", "row_number": "24"}]},
    })  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())


def diff_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("catalog_diff", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def keys(entries: list[dict]) -> set[tuple[str, str]]:
    return {(e["kind"], e["key"]) for e in entries}


def test_it_lists_records_added_ended_and_changed_between_two_dates(amended):
    data = diff_json("--from", "2024-01-01", "--to", "2025-01-01")
    assert keys(data["added"]) == {
        ("schedule_rows", "row-zairyu"), ("quasi_affairs", "quasi-jidou-teate-like"),
        ("ordinance_scope_rules", "scope-after-2024"),
    }  # fmt: skip
    assert keys(data["ended"]) == {
        ("linkage_permissions", "perm-seikatsu-hogo-chihouzei"), ("ordinance_scope_rules", "scope-before-2024"),
    }  # fmt: skip
    [changed] = data["changed"]
    assert (changed["key"], changed["fields"]) == ("row-chihouzei", ["row_number", "source"])
    assert changed["before"] == {"in_force_from": "2016-01-01", "in_force_until": "2024-05-27"}
    assert changed["after"] == {"in_force_from": "2024-05-27", "in_force_until": None}


def test_nothing_changed_between_two_days_of_the_same_period(amended):
    data = diff_json("--from", "2018-01-01", "--to", "2019-01-01")
    assert data["added"] == data["ended"] == data["changed"] == []


def test_the_day_before_and_the_day_an_amendment_takes_effect_differ(amended):
    data = diff_json("--from", "2024-05-26", "--to", "2024-05-27")
    assert ("linkage_permissions", "perm-seikatsu-hogo-chihouzei") in keys(data["ended"])
    assert diff_json("--from", "2024-05-27", "--to", "2024-05-27")["ended"] == []


def test_the_text_format_lists_each_record_on_a_line(amended):
    out = io.StringIO()
    call_command("catalog_diff", "--from", "2024-01-01", "--to", "2025-01-01", stdout=out)
    text = out.getvalue()
    assert "added (3):" in text
    assert "  linkage_permissions perm-seikatsu-hogo-chihouzei: row-seikatsu-hogo → 地方税関係情報" in text
    assert "  schedule_rows row-chihouzei [row_number, source]:" in text


def test_it_can_be_limited_to_one_kind(amended):
    data = diff_json("--from", "2024-01-01", "--to", "2025-01-01", "--kind", "linkage_permissions")
    assert keys(data["added"]) == set()
    assert keys(data["ended"]) == {("linkage_permissions", "perm-seikatsu-hogo-chihouzei")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2024-13-01", "--to", "2025-01-01"), "argument --from: not a date"),
        (("--from", "2025-01-01", "--to", "2024-01-01"), "argument --to: must not be before --from"),
    ],
)
def test_it_rejects_bad_dates(db, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("catalog_diff", *args, stdout=io.StringIO())
    assert message in str(raised.value)
    assert raised.value.returncode == 2


def test_the_diff_costs_the_same_queries_whatever_the_catalog_size(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        catalog_diff(date_from=dt.date(2016, 1, 1), date_to=dt.date(2025, 1, 1))
