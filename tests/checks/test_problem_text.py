"""Each declaration problem gets a Japanese sentence beside its JSON path (issue 14, item 3)."""

from __future__ import annotations

import pytest
from django.utils import translation

from compliance.checks.problem_text import ProblemRow, problem_sentence


@pytest.mark.parametrize(
    ("message", "sentence"),
    [
        ("is required", "必須の項目がありません。"),
        ("unknown key (not part of pia-declaration/1)", "pia-declaration/1 にない項目です。"),
        ("must be an integer ≥ 0", "値の形式が正しくありません（受け付ける値: 0以上の整数）。"),
        (
            "must be one of read, write",
            "値の形式が正しくありません（受け付ける値: read, write のいずれか）。",
        ),
        ("must be a string or null", "値の形式が正しくありません（受け付ける値: 文字列、null のいずれか）。"),
        (
            "duplicate id 'a1' (already used by affairs[0])",
            "ID 'a1' が重複しています（affairs[0] で使われています）。",
        ),
        ("no affair with id 'a9' in this declaration", "ID 'a9' の参照先がこの宣言ファイルにありません。"),
        (
            "contains U+0000 (NUL); it cannot be accepted",
            "使用できない文字（U+0000）が含まれているため、受け付けられません。",
        ),
        ("affairs has more than 5,000 entries (the limit)", "5,000件の上限を超えています。"),
        (
            "contains what appears to be an individual number (個人番号); it cannot be accepted",
            "個人番号と思われる値が含まれているため、受け付けられません。",
        ),
        ("something new", "宣言ファイルのこの箇所に問題があります。"),
    ],
)
def test_the_japanese_sentence(message: str, sentence: str) -> None:
    assert problem_sentence(message) == sentence


def test_a_row_reads_as_the_contract_prints_it_and_keeps_its_parts() -> None:
    row = ProblemRow("files[0].persons", "must be an integer ≥ 0")
    assert row == "files[0].persons: must be an integer ≥ 0"
    assert (row.path, row.message) == ("files[0].persons", "must be an integer ≥ 0")
    with translation.override("en"):
        assert problem_sentence("is required") == "A required key is missing."
