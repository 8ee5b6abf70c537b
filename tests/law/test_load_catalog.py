"""``manage.py load_catalog``: every catalog file into the database, in one transaction, idempotent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from compliance.audit.models import AuditEvent
from compliance.law import models as m
from tests.law.conftest import CATALOG


def load(directory: Path = CATALOG) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_catalog", "--dir", str(directory), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def load_failing(directory: Path) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_catalog", "--dir", str(directory), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 2
    return err.getvalue().splitlines()


def edit(directory: Path, name: str, change) -> None:
    path = directory / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_it_loads_every_kind_of_record(db):
    load()
    assert m.Statute.objects.count() == 5
    assert m.ScheduleRow.objects.schedule().count() == 4
    assert m.ScheduleRow.objects.quasi().count() == 1
    assert m.InformationCategory.objects.count() == 2
    assert m.LinkagePermission.objects.count() == 2
    assert m.OrdinanceLinkageLimit.objects.get().categories == ["地方税関係情報", "生活保護関係情報"]
    assert m.OrdinanceScopeRule.objects.get(key="scope-after-2024").allowed_fields is None
    assert m.Article19Item.objects.count() == 1
    assert m.Card.objects.count() == 2
    assert m.CardApplication.objects.get().cards == ["my_number_card"]
    assert m.CardItem.objects.get(key="number").needs_legal_basis is True
    assert m.CardItemPlacement.objects.get().key == "my_number_card:gender"
    form = m.FormDefinition.objects.get()
    assert [item["key"] for _section, item in form.items()] == ["affair_name", "linkage", "risk_acquisition"]


def test_it_keeps_the_bodies_a_row_names_with_their_kinds(db):
    load()
    row = m.ScheduleRow.objects.get(key="row-seikatsu-hogo")
    assert [(b.label, b.kind_list, b.body) for b in row.bodies.all()] == [
        ("都道府県知事", ["prefecture"], "governor"),
        ("市長", ["municipality", "special_ward"], "mayor"),
    ]


def test_loading_twice_changes_nothing(db):
    load()
    before = list(m.ScheduleRow.objects.values_list("pk", "updated_at"))
    out, _err = load()
    assert "0 created, 0 updated, 25 unchanged" in out
    assert list(m.ScheduleRow.objects.values_list("pk", "updated_at")) == before
    assert m.ScheduleRowBody.objects.count() == 7


def test_a_corrected_file_updates_the_record_in_place(db, catalog_copy):
    load(catalog_copy)
    edit(catalog_copy, "schedule_rows", lambda rows: rows[0].update(verified=True, bodies=[
        {"label": "市町村長", "kinds": ["municipality"], "body": "mayor"}
    ]))  # fmt: skip
    out, _err = load(catalog_copy)
    assert "1 updated" in out
    row = m.ScheduleRow.objects.get(key="row-jidou-teate")
    assert row.verified is True
    assert [b.kinds for b in row.bodies.all()] == ["municipality"]
    assert m.ScheduleRow.objects.filter(key="row-jidou-teate").count() == 1


def test_every_load_writes_one_audit_event(db):
    load()
    load()
    assert AuditEvent.objects.filter(action="compliance.catalog.loaded").count() == 2


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (
            "schedule_rows",
            lambda rows: rows[1]["bodies"][0].update(kinds=["city"]),
            "schedule_rows.yaml[1].bodies[0].kinds[0]: unknown organisation kind 'city'",
        ),
        (
            "schedule_rows",
            lambda rows: rows[2]["bodies"][1].update(body="chief"),
            "schedule_rows.yaml[2].bodies[1].body: unknown body 'chief'",
        ),
        (
            "linkage_permissions",
            lambda rows: rows[1].update(requester_row="row-missing"),
            "linkage_permissions.yaml[1].requester_row: schedule row 'row-missing' does not exist",
        ),
        (
            "linkage_permissions",
            lambda rows: rows[0].update(category="架空関係情報"),
            "linkage_permissions.yaml[0].category: information category '架空関係情報' does not exist",
        ),
        (
            "ordinance_linkage_limits",
            lambda rows: rows[0].update(categories=["地方税関係情報", "謎の情報"]),
            "ordinance_linkage_limits.yaml[0].categories[1]: information category '謎の情報' does not exist",
        ),
        (
            "schedule_rows",
            lambda rows: rows[3].update(statute="未登録法"),
            "schedule_rows.yaml[3].statute: statute '未登録法' is not in statutes",
        ),
        (
            "schedule_rows",
            lambda rows: rows[0].update(feild="tax"),
            "schedule_rows.yaml[0].feild: unknown key for schedule_rows",
        ),
        (
            "schedule_rows",
            lambda rows: rows[0].update(in_force_from="2016-13-01"),
            "schedule_rows.yaml[0].in_force_from: not a date (YYYY-MM-DD): '2016-13-01'",
        ),
        (
            "categories",
            lambda rows: rows[1].update(key="cat-chihouzei"),
            "categories.yaml[1].key: duplicate key 'cat-chihouzei' (also at categories.yaml[0])",
        ),
        (
            "quasi_affairs",
            lambda rows: rows[0].update(key="row-jidou-teate"),
            "quasi_affairs.yaml[0].key: duplicate key 'row-jidou-teate' (also at schedule_rows.yaml[0])",
        ),
        (
            "schedule_rows",
            lambda rows: rows[0].pop("source"),
            "schedule_rows.yaml[0].source: required",
        ),
    ],
)
def test_it_names_the_file_record_and_field_of_each_problem(db, catalog_copy, name, change, expected):
    edit(catalog_copy, name, change)
    lines = load_failing(catalog_copy)
    assert any(line.startswith(expected) for line in lines), lines


def test_it_names_the_list_inside_the_cards_file(db, catalog_copy):
    edit(catalog_copy, "cards", lambda data: data["placements"][0].update(item="blood_type"))
    lines = load_failing(catalog_copy)
    assert "cards.yaml:placements[0].item: card item 'blood_type' does not exist" in lines


def test_it_rejects_a_form_with_an_unknown_answer_type(db, catalog_copy):
    edit(catalog_copy, "forms", lambda forms: forms[0]["sections"][1]["items"][0].update(answer_type="stars"))
    lines = load_failing(catalog_copy)
    assert any(
        line.startswith("forms.yaml[0].sections[1].items[0].answer_type: unknown answer type")
        for line in lines
    )


def test_it_refuses_an_individual_number_in_a_record(db, catalog_copy):
    edit(catalog_copy, "categories", lambda rows: rows[0].update(description="例 123456789018"))
    lines = load_failing(catalog_copy)
    assert any(
        "categories.yaml[0].description: contains what looks like an individual number" in x for x in lines
    )


def test_nothing_is_written_when_any_file_has_a_problem(db, catalog_copy):
    edit(catalog_copy, "linkage_permissions", lambda rows: rows[1].update(requester_row="row-missing"))
    load_failing(catalog_copy)
    assert m.Statute.objects.count() == 0
    assert m.ScheduleRow.objects.count() == 0
    assert m.ChangeSet.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="compliance.catalog").count() == 0


def test_it_reports_every_problem_not_just_the_first(db, catalog_copy):
    edit(catalog_copy, "schedule_rows", lambda rows: [r.update(field="space") for r in rows])
    lines = load_failing(catalog_copy)
    assert sum("field: unknown value 'space'" in line for line in lines) == 4


def test_it_reports_invalid_yaml_with_the_file_name(db, catalog_copy):
    (catalog_copy / "categories.yaml").write_text("- key: [unclosed\n", encoding="utf-8")
    lines = load_failing(catalog_copy)
    assert lines[0].startswith("categories.yaml: not valid YAML")


def test_it_skips_an_unknown_file_and_says_so(db, catalog_copy):
    (catalog_copy / "notes.yaml").write_text("[]\n", encoding="utf-8")
    _out, err = load(catalog_copy)
    assert "notes.yaml: not a catalog file" in err


def test_reloading_keeps_an_end_date_set_by_an_amendment(db, change_file):
    load()
    path = change_file({
        "effective_on": "2024-05-27", "source": "令和5年法律第48号",
        "end": {"linkage_permissions": ["perm-seikatsu-hogo-chihouzei"]},
    })  # fmt: skip
    call_command("catalog_apply", str(path), stdout=io.StringIO())
    out, _err = load()
    assert "1 end date(s) set by amendments kept" in out
    ended = m.LinkagePermission.objects.get(key="perm-seikatsu-hogo-chihouzei")
    assert str(ended.in_force_until) == "2024-05-27"


def test_a_quasi_affair_may_be_a_linkage_requester(db, catalog_copy):
    """準法定事務処理者 are 情報照会者 too (番号法第19条第8号): the permission table keys them by the quasi affair."""

    def add(perms):
        perms.append({**perms[0], "key": "perm-quasi-chihouzei", "requester_row": "quasi-jidou-teate-like"})

    edit(catalog_copy, "linkage_permissions", add)
    load(catalog_copy)
    assert (
        m.LinkagePermission.objects.get(key="perm-quasi-chihouzei").requester_row == "quasi-jidou-teate-like"
    )
    from compliance.law.catalog import loading

    catalog = loading.catalog_from_files(catalog_copy)
    assert any(p.requester_row == "quasi-jidou-teate-like" for p in catalog.permissions)
