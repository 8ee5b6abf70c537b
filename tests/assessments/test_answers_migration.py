"""Stored answers moved onto the official items when the form definitions were corrected."""

from __future__ import annotations

import importlib

migration = importlib.import_module("compliance.assessments.migrations.0004_answers_official_items")


def test_old_choices_become_the_official_numbered_choices() -> None:
    mapped = migration._official("basic", {"linkage": "実施しない", "handlers": "500人以上"})
    assert mapped == {"linkage": "2) 実施しない", "handlers": "1) 500人以上"}


def test_training_rated_with_the_risk_words_gets_the_forms_own_choice() -> None:
    assert migration._official("key", {"training_rating": "十分である"}) == {
        "training_rating": "2) 十分に行っている"
    }
    assert migration._official("full", {"audit_rating": "特に力を入れている"}) == {
        "audit_rating": "1) 特に力を入れて行っている"
    }


def test_free_text_changes_become_one_row_of_the_table_and_unmapped_answers_are_kept() -> None:
    mapped = migration._official("basic", {"changes": "Ⅰ1②を修正", "risk_measures_notes": "根拠の説明"})
    assert mapped["changes"] == [
        {
            "変更日": "",
            "項目": "",
            "変更前の記載": "",
            "変更後の記載": "Ⅰ1②を修正",
            "提出時期": "",
            "提出時期に係る説明": "",
        }
    ]
    assert mapped["risk_measures_notes"] == "根拠の説明"  # not an item of the form: kept, shown nowhere


def test_a_fee_text_of_the_full_form_chooses_paid_or_free() -> None:
    assert migration._official("full", {"disclosure_fee": "無料"})["disclosure_fee_kind"] == "2) 無料"
    assert migration._official("full", {"disclosure_fee": "1件300円"})["disclosure_fee_kind"] == "1) 有料"
