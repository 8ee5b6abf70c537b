"""The shipped schedule as the Act's texts give it: both tables, one key across the restructure,
delegated bodies with the statute that delegates, and the official text where ``../shared/law/`` is."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from compliance.law.catalog import Catalog
from compliance.law.egov.texts import OfficialTexts
from tests.law_fixtures.shipped import records

TEXTS = Path(settings.HYOKA_LAW_TEXTS_DIR)
RESTRUCTURE = dt.date(2024, 5, 27)


def test_the_2015_and_2025_tables_are_in_force_on_their_sides_of_the_restructure(catalog: Catalog) -> None:
    def table(day: dt.date) -> set[str]:
        return {
            r.row_number
            for r in catalog.schedule_rows
            if r.kind == "schedule" and r.period.contains(day) and not r.resident_register
        }

    before, after = table(RESTRUCTURE - dt.timedelta(days=1)), table(RESTRUCTURE)
    assert len(before) == 98 and "36-2" in before  # 別表第一: 99 rows, 二十五 deleted
    assert len(after) == 177 and {"2-2", "19-7", "130-2"} <= after


def test_a_delegated_body_names_the_statute_that_delegates_and_stays_unverified() -> None:
    delegated = [
        (r["statute"], b["label"], b["delegated_by"], r["verified"])
        for r in records("schedule_rows")
        for b in r["bodies"]
        if b.get("delegated_by") and r["in_force_from"] == RESTRUCTURE
    ]
    assert ("国民年金法", "市町村長", "国民年金法第三条第三項", False) in delegated
    assert (
        "出入国管理及び難民認定法",
        "出入国在留管理庁長官",
        "出入国管理及び難民認定法第六十九条の二",
        False,
    ) in delegated


def test_the_residence_row_names_the_minister_and_reaches_the_agency_head_by_delegation(
    catalog: Catalog,
) -> None:
    [row] = [
        r for r in catalog.rows_for(kind="schedule", statute="出入国管理及び難民認定法", phrase="在留")
        if r.period.contains(RESTRUCTURE)
    ]  # fmt: skip
    assert row.row_number == "31-2"
    assert [(b.label, b.delegated_by != "") for b in row.bodies] == [
        ("法務大臣", False),
        ("出入国在留管理庁長官", True),
    ]
    assert row.names_body("national_body", "agency_head")


def test_the_diff_across_the_restructure_shows_a_carried_row_as_changed(db) -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command(
        "catalog_diff", "--from", "2024-05-26", "--to", "2024-05-27", "--kind", "schedule_rows", "--format", "json",
        stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    changed = {e["key"]: e for e in data["changed"]}
    assert "child_allowance" in changed
    assert "child_allowance" not in {e["key"] for e in data["added"] + data["ended"]}


@pytest.mark.skipif(not TEXTS.exists(), reason="the official texts (../shared/law/) are not beside the repo")
def test_every_shipped_row_has_the_wording_and_bodies_of_the_text_it_cites() -> None:
    from compliance.law.egov.bodies import map_bodies

    texts = OfficialTexts(TEXTS)
    tables = {"2015": texts.schedule_2015, "2025": texts.schedule_2025}
    wrong = []
    for r in records("schedule_rows"):
        if r.get("resident_register"):
            continue
        law = tables["2015" if "別表第一" in r["source"] else "2025"]
        [parsed] = [p for p in law.rows if p.number == r["row_number"]]
        named = [b["label"] for b in r["bodies"] if not b.get("delegated_by")]
        wording = parsed.affair
        # A period ending on a day a supplementary provision states: the wording that change replaced.
        change = next(
            (
                a
                for a in texts.row_amendments_2025
                if "による改正前" in r["source"] and a.row_number == r["row_number"]
            ),
            None,
        )
        if change is not None:
            wording = change.wording_before(parsed.affair) or parsed.affair
        if wording != r["affair"] or named != [b.label for b in map_bodies(parsed.body_text)[0]]:
            wrong.append(r["key"])
    assert wrong == []


@pytest.mark.skipif(not TEXTS.exists(), reason="the official texts (../shared/law/) are not beside the repo")
def test_importing_the_official_2025_text_onto_the_shipped_catalog_changes_nothing(db) -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_egov_law", str(TEXTS / "425AC0000000027_2025-09-24.xml"), "--effective-on", "2025-09-24",
        "--dry-run", "--format", "json", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert json.loads(out.getvalue()) == {
        "rows": 177, "added": 0, "changed": 0, "unchanged": 177, "ended": 0, "unmapped": []
    }  # fmt: skip


INTERNAL = re.compile(r"seed ?00\d|domain\.md|design\.md|contracts\.md|\bcat_\d+|row2015-|row-\d")


def test_the_law_browser_shows_a_row_by_its_text_place_and_a_link_to_the_act(db, client) -> None:
    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    page = re.sub(r"\s+", " ", client.get("/law/rows/child_allowance/").content.decode())
    assert "番号法（2015年の条文） 別表第一 五十六の項" in page
    assert "番号法（2025-09-24 時点の e-Gov 法令データ） 別表 八十一の項" in page
    assert 'href="https://laws.e-gov.go.jp/law/425AC0000000027"' in page
    assert "child_allowance" not in page.replace("/law/rows/child_allowance/", "")
    pension = re.sub(r"\s+", " ", client.get("/law/rows/national_pension_minister/").content.decode())
    assert "市町村長 <small" in pension and "国民年金法第三条第三項により事務の一部を行う者" in pension
    assert INTERNAL.findall(page + pension) == []


def test_a_category_is_known_by_its_statutory_name_and_by_its_alias(catalog: Catalog) -> None:
    assert catalog.canonical_category("雇用保険関係情報") == "失業等給付関係情報"
    day = dt.date(2026, 4, 1)
    for name in ("失業等給付関係情報", "雇用保険関係情報"):
        assert catalog.category_known(name) and catalog.category_in_force(name, day)
    by_statute = catalog.permissions_for(row_key="public_assistance", category="失業等給付関係情報", day=day)
    by_alias = catalog.permissions_for(row_key="public_assistance", category="雇用保険関係情報", day=day)
    assert by_statute and by_statute == by_alias
