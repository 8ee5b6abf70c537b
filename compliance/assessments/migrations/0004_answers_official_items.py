"""Stored answers moved onto the official items of the PPC forms (様式2/3/4 as published).

The form definitions now carry the official choices with their numbers (「2) 実施しない」), the
PPC's wording for 教育・啓発 and 自己点検・監査 (「2) 十分に行っている」 instead of a rating), and
変更箇所 as a six-column table. An assessment keeps its form version; only the stored answers of
its forms change. Frozen versions keep the definition they were submitted with and are not
touched. What could not be mapped is left under its old key (shown nowhere) and listed in
docs/decisions.md.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

#: Item → old choice → the official choice (numbered), for every definition that has the item.
CHOICES: dict[str, dict[str, str]] = {
    "basic_result": {
        "特定個人情報保護評価の実施が義務付けられない": "4) 特定個人情報保護評価の実施が義務付けられない（任意実施）",
        "基礎項目評価の実施が義務付けられる": "1) 基礎項目評価の実施が義務付けられる",
        "基礎項目評価及び重点項目評価の実施が義務付けられる": "2) 基礎項目評価及び重点項目評価の実施が義務付けられる",
        "基礎項目評価及び全項目評価の実施が義務付けられる": "3) 基礎項目評価及び全項目評価の実施が義務付けられる",
    },
    "entrustment": {"委託する": "1) 委託する", "委託しない": "2) 委託しない"},
    "file_type": {
        "システム用ファイル": "1) システム用ファイル",
        "その他の電子ファイル（表計算ファイル等）": "2) その他の電子ファイル（表計算ファイル等）",
    },
    "forms_submitted": {
        "基礎項目評価書及び重点項目評価書": "2) 基礎項目評価書及び重点項目評価書",
        "基礎項目評価書及び全項目評価書": "3) 基礎項目評価書及び全項目評価書",
    },
    "handlers": {"500人未満": "2) 500人未満", "500人以上": "1) 500人以上"},
    "linkage": {"実施する": "1) 実施する", "実施しない": "2) 実施しない"},
    "persons": {
        "1,000人未満（任意実施）": "1) 1,000人未満（任意実施）",
        "1,000人以上1万人未満": "2) 1,000人以上1万人未満",
        "1万人以上10万人未満": "3) 1万人以上10万人未満",
        "10万人以上30万人未満": "4) 10万人以上30万人未満",
        "30万人以上": "5) 30万人以上",
    },
    "persons_range": {"1万人以上10万人未満": "2) 1万人以上10万人未満"},
    "provision": {
        "提供を行っている": "1) 提供を行っている",
        "移転を行っている": "2) 移転を行っている",
        "行っていない": "3) 行っていない",
    },
    "reentrustment": {"再委託する": "1) 再委託する", "再委託しない": "2) 再委託しない"},
    "serious_incident": {"発生なし": "2) 発生なし", "発生あり": "1) 発生あり"},
    "storage_r1_serious_incident": {"発生なし": "2) 発生なし", "発生あり": "1) 発生あり"},
    "storage_r1_standards": {
        "政府機関ではない": "4) 政府機関ではない",
        "特に力を入れて遵守している": "1) 特に力を入れて遵守している",
        "十分に遵守している": "2) 十分に遵守している",
        "十分に遵守していない": "3) 十分に遵守していない",
    },
    "threshold_result": {
        "特定個人情報保護評価の実施が義務付けられない": "4) 特定個人情報保護評価の実施が義務付けられない（任意実施）",
        "基礎項目評価の実施が義務付けられる": "1) 基礎項目評価の実施が義務付けられる",
        "基礎項目評価及び重点項目評価の実施が義務付けられる": "2) 基礎項目評価及び重点項目評価の実施が義務付けられる",
        "基礎項目評価及び全項目評価の実施が義務付けられる": "3) 基礎項目評価及び全項目評価の実施が義務付けられる",
    },
    "users_count": {
        "10人未満": "1) 10人未満",
        "10人以上50人未満": "2) 10人以上50人未満",
        "50人以上100人未満": "3) 50人以上100人未満",
        "100人以上500人未満": "4) 100人以上500人未満",
        "500人以上1,000人未満": "5) 500人以上1,000人未満",
        "1,000人以上": "6) 1,000人以上",
    },
}
#: The rating words once used for 教育・啓発 / 自己点検 / 監査 → the PPC's own choices.
DONE = {
    "特に力を入れている": "1) 特に力を入れて行っている",
    "十分である": "2) 十分に行っている",
    "課題が残されている": "3) 十分に行っていない",
}
DONE_ITEMS = {
    "training_rating": ("basic", "key", "full"),
    "self_inspection_rating": ("full",),
    "audit_rating": ("full",),
}


def _official(form: str, answers: dict[str, Any]) -> dict[str, Any]:
    out = dict(answers)
    for key, value in answers.items():
        if key in DONE_ITEMS and form in DONE_ITEMS[key] and value in DONE:
            out[key] = DONE[value]
        elif isinstance(value, str) and value in CHOICES.get(key, {}):
            out[key] = CHOICES[key][value]
    changes = out.get("changes")
    if isinstance(changes, str) and changes.strip():
        # One free-text box → one row of the 変更箇所 table; the officer splits it into columns.
        out["changes"] = [{"変更日": "", "項目": "", "変更前の記載": "", "変更後の記載": changes.strip(),
                           "提出時期": "", "提出時期に係る説明": ""}]  # fmt: skip
    fee = out.get("disclosure_fee")
    if form == "full" and isinstance(fee, str) and fee.strip() and "disclosure_fee_kind" not in out:
        out["disclosure_fee_kind"] = "2) 無料" if "無料" in fee else "1) 有料"
    return out


def forwards(apps: Any, schema_editor: Any) -> None:
    AssessmentForm = apps.get_model("assessments", "AssessmentForm")
    for row in AssessmentForm.objects.exclude(answers={}).iterator():
        mapped = _official(row.form, row.answers or {})
        if mapped != row.answers:
            row.answers = mapped
            row.save(update_fields=["answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_frozen_versions_trigger_without_truncate_switch"),
        ("law", "0005_form_official_mark"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
