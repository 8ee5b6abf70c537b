"""Searching published assessments: Japanese two-character queries, NFKC and kana variants, filters, order."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.assessments.models import AssessmentVersion
from compliance.public.indexing import search_index_version
from compliance.public.models import SearchDocument
from compliance.public.search import SearchQuery, search
from tests.public.factories import finding, published

pytestmark = pytest.mark.django_db


def titles(**params: str) -> list[str]:
    return [row.title for row in search(SearchQuery.from_params(params))]


def test_it_finds_a_two_character_japanese_word(org_a) -> None:
    published(org_a, name="税務事務", text="個人住民税の賦課に関する事務を委託する。")
    published(org_a, name="児童手当の支給に関する事務", text="窓口で受け付ける。")
    assert titles(q="委託") == ["税務事務"]


def test_it_finds_a_word_in_the_affair_name(org_a) -> None:
    published(org_a, name="税務事務")
    published(org_a, name="児童手当の支給に関する事務")
    assert titles(q="税務") == ["税務事務"]


def test_every_term_must_occur(org_a) -> None:
    published(org_a, name="税務事務", text="委託する")
    published(org_a, name="保育事務", text="委託する")
    assert titles(q="委託 税務") == ["税務事務"]


def test_bigrams_alone_do_not_make_a_match(org_a) -> None:
    """「委託先」 and 「託先委」 share bigrams in part; only the real substring matches 「委託先」."""
    published(org_a, name="甲", text="託先委")
    published(org_a, name="乙", text="委託先")
    assert titles(q="委託先") == ["乙"]


def test_full_width_and_half_width_letters_match_each_other(org_a) -> None:
    published(org_a, name="ＬＧＷＡＮ接続の事務")
    assert titles(q="lgwan") == ["ＬＧＷＡＮ接続の事務"]


def test_half_width_katakana_matches_full_width(org_a) -> None:
    published(org_a, name="マイナンバーカードの交付")
    assert titles(q="ﾏｲﾅﾝﾊﾞｰ") == ["マイナンバーカードの交付"]


def test_hiragana_matches_katakana(org_a) -> None:
    published(org_a, name="マイナポータルの利用")
    assert titles(q="まいなぽーたる") == ["マイナポータルの利用"]


def test_a_single_character_query_still_works(org_a) -> None:
    published(org_a, name="税の事務")
    published(org_a, name="保育の事務")
    assert titles(q="税") == ["税の事務"]


def test_english_text_is_searchable(org_a) -> None:
    published(org_a, name="甲", findings=[finding()])
    published(org_a, name="乙")
    assert titles(q="legal basis") == ["甲"]


def test_a_two_character_query_does_not_match_across_a_space(org_a) -> None:
    published(org_a, name="甲", text="課税 務め")
    assert titles(q="税務") == []


def test_it_filters_by_prefecture(org_a, org_b) -> None:
    published(org_a, name="苫小牧の委託事務", text="委託")
    published(org_b, name="秋田の委託事務", text="委託")
    assert titles(q="委託", prefecture="05") == ["秋田の委託事務"]


def test_it_filters_by_form(org_a) -> None:
    published(org_a, name="基礎の事務", level="basic")
    published(org_a, name="全項目の事務", level="full")
    assert titles(level="full") == ["全項目の事務"]


def test_it_filters_by_finding_rule(org_a) -> None:
    published(org_a, name="指摘あり", findings=[finding("CARD-GENDER-MINIMIZATION", severity="warning")])
    published(org_a, name="指摘なし")
    assert titles(rule="CARD-GENDER-MINIMIZATION") == ["指摘あり"]


def test_it_filters_by_information_category_and_card_item(org_a) -> None:
    provisions = [
        {
            "id": "p1",
            "affair": "a1",
            "direction": "receive",
            "channel": "network",
            "categories": ["地方税関係情報"],
            "counterparty": {
                "name": "他市町村長",
                "kind": "municipality",
                "body": "mayor",
                "same_government": False,
            },
        }
    ]
    flows = [
        {
            "id": "c1",
            "affair": "a1",
            "card": "my_number_card",
            "application": "input_support",
            "operation": "read",
            "items": ["number", "name"],
            "transfer": {"medium": "none", "encrypted": False, "logged": False},
            "consent_recorded": True,
            "persistent_key": False,
        }
    ]
    published(org_a, name="連携あり", registry_extra={"provisions": provisions, "card_flows": flows})
    published(org_a, name="連携なし")
    assert titles(category="地方税関係情報") == ["連携あり"]
    assert titles(card_item="number") == ["連携あり"]
    assert titles(category="地方税") == []  # whole values only


def test_it_filters_by_statute(org_a) -> None:
    published(org_a, name="児童手当")
    assert titles(statute="児童手当法") == ["児童手当"]
    assert titles(statute="地方税法") == []


def test_it_filters_by_publication_date(org_a) -> None:
    published(org_a, name="古い", published_on=dt.date(2020, 1, 1))
    published(org_a, name="新しい", published_on=dt.date(2026, 1, 1))
    assert titles(published_from="2025-01-01") == ["新しい"]
    assert titles(published_to="2021-01-01") == ["古い"]


def test_the_default_order_puts_the_newest_first(org_a) -> None:
    published(org_a, name="古い税務", published_on=dt.date(2020, 1, 1))
    published(org_a, name="新しい税務", published_on=dt.date(2026, 1, 1))
    assert titles(q="税務") == ["新しい税務", "古い税務"]


def test_relevance_puts_a_match_in_the_name_before_one_in_the_text(org_a) -> None:
    published(org_a, name="保育の事務", text="税務署への照会", published_on=dt.date(2026, 1, 1))
    published(org_a, name="税務の事務", published_on=dt.date(2020, 1, 1))
    assert titles(q="税務", sort="relevance") == ["税務の事務", "保育の事務"]


def test_an_assessment_no_longer_public_leaves_the_index_when_reindexed(org_a) -> None:
    assessment = published(org_a, name="税務事務")
    type(assessment).objects.filter(pk=assessment.pk).update(state="withdrawn")
    search_index_version(version=AssessmentVersion.objects.get(assessment=assessment))
    assert titles(q="税務") == []


def test_an_ended_assessment_is_still_found(org_a) -> None:
    published(org_a, name="税務事務", state="ended")
    assert titles(q="税務") == ["税務事務"]


def test_the_bigram_column_delimits_every_bigram(org_a) -> None:
    """The LIKE pattern ``%|委託|%`` is four characters: long enough for a trigram index."""
    published(org_a, name="委託")
    assert "|委託|" in SearchDocument.objects.get().bigrams
