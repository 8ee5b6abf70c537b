"""Japanese text normalisation for search and matching."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compliance.lib.text import bigrams, normalize


def test_it_folds_half_width_katakana_and_full_width_latin() -> None:
    assert normalize("ﾏｲﾅﾝﾊﾞｰ") == "マイナンバー"
    assert normalize("ＡＢＣ１２３") == "abc123"


def test_it_folds_hiragana_to_katakana() -> None:
    assert normalize("じどうてあて") == normalize("ジドウテアテ")


def test_it_collapses_whitespace_including_ideographic_spaces() -> None:
    assert normalize("  児童　 手当\n法 ") == "児童 手当 法"


def test_bigrams_are_the_sorted_distinct_pairs_of_characters() -> None:
    assert bigrams("児童手当") == ["児童", "手当", "童手"]


def test_bigrams_ignore_spaces_and_width() -> None:
    assert bigrams("児童 手当") == bigrams("児童手当")


def test_a_single_character_is_its_own_bigram_and_empty_text_has_none() -> None:
    assert bigrams("法") == ["法"]
    assert bigrams("") == []


@given(st.text())
def test_normalizing_twice_changes_nothing(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)
