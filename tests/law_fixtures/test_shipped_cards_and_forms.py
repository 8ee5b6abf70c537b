"""The card specifications and PPC form definitions as shipped in ``fixtures/law/``.

Cards: the declaration's card vocabulary and where each item sits on each card.
Forms: the PPC's 様式2/3/4 as versioned data (docs/forms.md), one record per PPC revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from compliance.law.models.forms import RATING_CHOICES
from tests.law_fixtures.shipped import form_items, in_force, records

CONTRACT_DAY = dt.date(2026, 4, 1)

#: The declaration's card vocabularies (docs/catalog-format.md).
CARDS = {"my_number_card", "residence_card", "special_residence_card", "special_permanent_resident_certificate",
         "smartphone_card_record"}  # fmt: skip
APPLICATIONS = {"card_face", "jpki_signature", "jpki_authentication", "input_support", "resident_register",
                "free_area", "residence_chip"}  # fmt: skip
ITEMS = {"number", "name", "address", "birth_date", "gender", "photo", "status_of_residence", "period_of_stay",
         "work_restriction", "nationality", "residence_card_number", "certificate_serial", "resident_code"}  # fmt: skip
WHERE = {"face", "back", "chip_only", "absent"}
#: The PPC's ratings in the order its forms print them (<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている).
RATINGS = ("特に力を入れている", "十分である", "課題が残されている")
ANSWER_TYPES = {"heading", "text", "long_text", "integer", "date", "boolean", "choice", "rating", "checkbox",
                "table"}  # fmt: skip


def placement(card: str, item: str, day: dt.date) -> str:
    found = [
        p["where"]
        for p in records("cards", "placements")
        if p["card"] == card and p["item"] == item and in_force(p, day)
    ]
    assert len(found) == 1, f"{card}/{item} on {day}: {found}"
    return found[0]


def forms_in_force(day: dt.date) -> list[dict[str, Any]]:
    return [f for f in records("forms") if in_force(f, day)]


def form(level: str, day: dt.date = CONTRACT_DAY) -> dict[str, Any]:
    (found,) = [f for f in forms_in_force(day) if f["form"] == level]
    return found


# --- cards -------------------------------------------------------------------------------------------------


def test_the_cards_are_exactly_the_declaration_vocabulary() -> None:
    assert {c["key"] for c in records("cards", "cards")} == CARDS


def test_the_applications_are_exactly_the_declaration_vocabulary() -> None:
    assert {a["key"] for a in records("cards", "applications")} == APPLICATIONS


def test_every_application_sits_on_described_cards() -> None:
    apps = records("cards", "applications")
    assert all(a["cards"] for a in apps)
    assert {c for a in apps for c in a["cards"]} <= CARDS


def test_the_card_items_are_exactly_the_declaration_vocabulary() -> None:
    assert {i["key"] for i in records("cards", "items")} == ITEMS


def test_only_the_number_and_the_resident_code_need_a_legal_basis_to_read() -> None:
    assert {i["key"] for i in records("cards", "items") if i["needs_legal_basis"] is True} == {
        "number",
        "resident_code",
    }


def test_placements_name_described_cards_items_and_places() -> None:
    bad = [p["key"] for p in records("cards", "placements")
           if p["card"] not in CARDS or p["item"] not in ITEMS or p["where"] not in WHERE]  # fmt: skip
    assert bad == []


@pytest.mark.parametrize("card", sorted(CARDS))
@pytest.mark.parametrize("day", [dt.date(2026, 6, 14), dt.date(2027, 1, 1)], ids=str)
def test_every_item_has_exactly_one_place_on_every_card_in_issue(card: str, day: dt.date) -> None:
    (spec,) = [c for c in records("cards", "cards") if c["key"] == card]
    assert in_force(spec, day)
    assert {placement(card, item, day) for item in ITEMS} <= WHERE


def test_the_number_is_printed_on_the_back_of_the_my_number_card() -> None:
    assert placement("my_number_card", "number", CONTRACT_DAY) == "back"


def test_the_residence_card_carries_no_number() -> None:
    assert placement("residence_card", "number", CONTRACT_DAY) == "absent"


def test_gender_leaves_the_face_of_the_my_number_card_with_the_next_card() -> None:
    assert placement("my_number_card", "gender", dt.date(2025, 1, 1)) == "face"
    assert placement("my_number_card", "gender", dt.date(2027, 1, 1)) == "chip_only"


def test_the_special_residence_card_keeps_the_period_of_stay_on_the_chip_only() -> None:
    day = dt.date(2026, 6, 14)
    assert placement("special_residence_card", "period_of_stay", day) == "chip_only"
    assert placement("special_residence_card", "number", day) == "back"
    assert placement("special_residence_card", "status_of_residence", day) == "face"


def test_the_special_residence_card_is_not_issued_before_2026_06_14() -> None:
    (spec,) = [c for c in records("cards", "cards") if c["key"] == "special_residence_card"]
    assert spec["in_force_from"] == dt.date(2026, 6, 14)


# --- forms ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2020, 1, 1), CONTRACT_DAY], ids=str)
def test_each_form_has_exactly_one_version_in_force(day: dt.date) -> None:
    assert sorted(f["form"] for f in forms_in_force(day)) == ["basic", "full", "key"]


def test_a_new_template_is_a_new_version_not_an_edit() -> None:
    versions = {(f["form"], f["version"]) for f in records("forms")}
    assert len(versions) == len(records("forms"))
    assert {level for level, _ in versions} == {"basic", "key", "full"}


@pytest.mark.parametrize("record", records("forms"), ids=lambda f: f["key"])
def test_item_keys_are_unique_within_a_form_version(record: dict[str, Any]) -> None:
    keys = [i["key"] for i in form_items(record["sections"])]
    assert [k for k in keys if keys.count(k) > 1] == []


@pytest.mark.parametrize("record", records("forms"), ids=lambda f: f["key"])
def test_every_item_has_a_japanese_and_english_label_and_a_known_answer_type(record: dict[str, Any]) -> None:
    bad = [i["key"] for i in form_items(record["sections"])
           if not i.get("label") or not i.get("label_en") or i.get("answer_type") not in ANSWER_TYPES]  # fmt: skip
    assert bad == []


@pytest.mark.parametrize("record", records("forms"), ids=lambda f: f["key"])
def test_rating_items_take_the_three_ppc_ratings_and_declare_no_others(record: dict[str, Any]) -> None:
    ratings = [i for i in form_items(record["sections"]) if i["answer_type"] == "rating"]
    assert ratings
    assert RATING_CHOICES == RATINGS
    assert [i["key"] for i in ratings if i.get("choices") not in (None, list(RATINGS))] == []


@pytest.mark.parametrize("record", records("forms"), ids=lambda f: f["key"])
def test_choice_items_offer_choices(record: dict[str, Any]) -> None:
    assert [
        i["key"]
        for i in form_items(record["sections"])
        if i["answer_type"] == "choice" and not i.get("choices")
    ] == []


@pytest.mark.parametrize("level", ["key", "full"])
def test_the_key_and_full_forms_let_security_sensitive_items_be_withheld(level: str) -> None:
    withheld = {i["key"] for i in form_items(form(level)["sections"]) if i.get("public") is False}
    assert any("technical" in k for k in withheld)
    assert any("physical" in k for k in withheld)


def test_the_full_form_withholds_backup_details_but_publishes_the_risk_ratings() -> None:
    items = list(form_items(form("full")["sections"]))
    assert [i["public"] for i in items if i["key"] == "storage_r1_backup"] == [False]
    assert all(i["public"] for i in items if i["answer_type"] == "rating")


def test_the_full_form_has_sections_one_to_six() -> None:
    numbers = [s.get("number") for s in form("full")["sections"]]
    assert [n for n in numbers if n in {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ"}] == ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ"]


def test_the_full_form_rates_the_network_connection_risks_one_to_seven() -> None:
    keys = {i["key"] for i in form_items(form("full")["sections"])}
    assert {f"network_r{n}_rating" for n in range(1, 8)} <= keys


def test_the_basic_form_asks_the_threshold_items() -> None:
    sources = {i.get("registry_source") for i in form_items(form("basic")["sections"])}
    assert {"threshold.persons", "threshold.handlers", "threshold.serious_incident"} <= sources


def test_the_full_form_records_the_approval_date_for_national_bodies() -> None:
    sources = {i.get("registry_source") for i in form_items(form("full")["sections"])}
    assert {
        "assessment.ppc_approval_on",
        "assessment.third_party_review_on",
        "assessment.public_comment.from",
    } <= sources


def test_the_current_forms_explain_the_linkage_basis_by_the_ministerial_ordinance_not_appended_table_2() -> (
    None
):
    # The 令和5年改正 abolished 別表第二 on 2024-05-27; the pairs are now in the 主務省令.
    for level in ("basic", "key", "full"):
        (old,) = [
            i for i in form_items(form(level, dt.date(2020, 1, 1))["sections"]) if i["key"] == "linkage_basis"
        ]
        (new,) = [i for i in form_items(form(level)["sections"]) if i["key"] == "linkage_basis"]
        assert old["label"] == new["label"] == "法令上の根拠"
        assert "Appended Table 2" in old["label_en"]
        assert "ministerial ordinance" in new["label_en"]
        assert "Appended Table 2" not in new["label_en"]
