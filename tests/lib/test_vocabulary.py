"""The vocabularies: every value has a Japanese label and an English one, whatever the page's language."""

from __future__ import annotations

import inspect

import pytest
from django.db import models
from django.utils import translation

from compliance.lib import vocabulary
from compliance.lib.vocabulary import RUNNING_TEXT_EN, Card, Connection, ja

VOCABULARIES = [
    value
    for _, value in inspect.getmembers(vocabulary, inspect.isclass)
    if issubclass(value, models.TextChoices) and value.__module__ == vocabulary.__name__
]


def test_the_module_declares_the_vocabularies_of_the_declaration_format() -> None:
    names = {v.__name__ for v in VOCABULARIES}
    assert {"OrdinanceField", "Card", "CardItem", "Connection", "Body", "AssessmentLevel"} <= names


@pytest.mark.parametrize("choices", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_value_has_a_japanese_label_and_an_english_translation(
    choices: type[models.TextChoices],
) -> None:
    for value, label in choices.choices:
        japanese = ja(choices, value)
        with translation.override("en"):
            english = str(label)
        assert japanese and japanese != value, value
        assert english and english != japanese, f"{choices.__name__}.{value} has no English in the .po files"
        assert english.isascii(), f"{choices.__name__}.{value}: {english}"


@pytest.mark.parametrize(("choices", "table"), RUNNING_TEXT_EN, ids=lambda v: getattr(v, "__name__", ""))
def test_every_value_a_finding_message_names_has_its_running_text_english(
    choices: type[models.TextChoices], table: dict[str, str]
) -> None:
    assert set(table) == set(choices.values)
    assert all(text.strip() and text.isascii() for text in table.values())


def test_the_japanese_label_does_not_follow_the_active_language() -> None:
    with translation.override("en"):
        assert ja(Card, "my_number_card") == "マイナンバーカード"
    assert ja(Card, "no_such_card") == "no_such_card"


def test_the_internal_lan_reads_as_the_seeds_and_forms_write_it() -> None:
    assert ja(Connection, "internal_lan") == "庁内LAN"
