"""``manage.py verify_catalog``: the shipped catalog compared with the Act's official texts."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from compliance.law.catalog.loading import catalog_dir

TEXTS = Path(settings.HYOKA_LAW_TEXTS_DIR)
pytestmark = pytest.mark.skipif(
    not TEXTS.exists(), reason="the official texts (../shared/law/) are not beside the repo"
)


def verified(*args: str) -> dict:
    out = io.StringIO()
    call_command("verify_catalog", "--format", "json", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def report() -> dict:
    return verified()


def test_nearly_every_schedule_row_is_checked_against_the_text_it_cites(report):
    rows = report["by_kind"]["schedule_rows"]
    assert rows["text_verified"] >= 0.95 * rows["records"]


def test_the_article_19_items_of_both_texts_match_them(report):
    items = report["by_kind"]["article19_items"]
    assert items["text_verified"] == 30  # 14 items of the 2015 text, 16 of the 2025 text (network: 2 rows)


def test_every_unverified_record_says_why(report):
    assert report["unverified"]
    assert [u for u in report["unverified"] if not u["reason"]] == []
    assert report["records"] == sum(k["records"] for k in report["by_kind"].values())


def test_only_the_9_2_change_and_the_stated_row_changes_have_a_date_the_texts_state(report):
    assert report["by_kind"]["ordinance_scope_rules"]["period_verified"] == 1
    # 別表 八十三 and 百二十七 from 2025-04-01: 令和6年法律第47号附則第1条第4号.
    assert report["by_kind"]["schedule_rows"]["period_verified"] == 2
    assert report["failures"] == []


def test_a_period_before_a_stated_change_is_compared_with_the_wording_it_replaced(report):
    reasons = [u["reason"] for u in report["unverified"] if u["key"] == "employment_insurance"]
    # 八十三: the provision does not say what it changed, so the earlier wording is not in the texts.
    assert "the wording before 令和6年法律第47号附則第1条第4号 (2025-04-01) is not in the texts" in reasons
    # 百二十七: an insertion the provision names; the earlier period matches the text without it.
    earlier = [u for u in report["unverified"] if u["key"] == "child_and_childcare_support"]
    assert all(not u["reason"].startswith("differs") for u in earlier)


def test_a_record_marked_verified_that_no_longer_matches_its_text_fails(tmp_path):
    target = tmp_path / "law"
    shutil.copytree(catalog_dir(), target)
    path = target / "schedule_rows.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    child = next(r for r in rows if r["key"] == "child_allowance" and r["row_number"] == "81")
    child["verified"] = True
    child["affair"] = child["affair"].replace("児童手当の支給", "児童手当の支給又は返還")
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify_catalog", "--dir", str(target), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "schedule_rows:child_allowance: marked verified but differs: the affair text" in err.getvalue()


def test_nearly_every_permission_before_2024_is_a_line_of_the_2015_linkage_table(report):
    before = {
        p["key"] for p in yaml.safe_load((catalog_dir() / "linkage_permissions.yaml").read_text(encoding="utf-8"))
        if str(p["in_force_from"]) < "2024-05-27"
    }  # fmt: skip
    # Text-verified, only their dates (set by cabinet order) unconfirmed.
    matched = {
        u["key"] for u in report["unverified"]
        if u["kind"] == "linkage_permissions" and u["reason"].startswith("its start")
    }  # fmt: skip
    assert len(matched & before) >= 0.95 * len(before)


def test_a_permission_marked_verified_that_the_table_does_not_give_fails(tmp_path):
    target = tmp_path / "law"
    shutil.copytree(catalog_dir(), target)
    path = target / "linkage_permissions.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    child = next(p for p in records if p["key"] == "child_allowance_local_tax_table2")
    assert child["verified"] is True
    child["category"] = "生活保護関係情報"
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify_catalog", "--dir", str(target), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert (
        "linkage_permissions:child_allowance_local_tax_table2: marked verified but differs: no line"
        in err.getvalue()
    )
