"""Validation of pia-declaration/1: every problem at once, each with its JSON path."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from compliance.declaration.validation import (
    DeclarationReadError,
    declaration_schema,
    parse_declaration_text,
    validate_declaration,
)
from compliance.law.catalog import Catalog
from compliance.lib.vocabulary import Body, OrganizationKind
from tests.checks.factories import clean_declaration


def messages(data: Any, catalog: Catalog) -> list[str]:
    return [str(problem) for problem in validate_declaration(data, catalog)]


def test_it_accepts_a_clean_declaration(catalog: Catalog) -> None:
    assert messages(clean_declaration(), catalog) == []


def test_it_names_the_path_of_a_negative_count(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["persons"] = -1
    assert messages(data, catalog) == ["files[0].persons: must be an integer ≥ 0"]


def test_it_refuses_a_count_that_is_not_an_integer(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["handlers"] = "60"
    assert messages(data, catalog) == ["files[0].handlers: must be an integer ≥ 0"]


def test_it_reports_every_problem_at_once(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["persons"] = -1
    data["affairs"][0]["basis"]["kind"] = "consent"
    data["card_flows"][0]["terminal"] = "t9"
    data["provisions"][0]["categories"] = ["架空関係情報"]
    found = messages(data, catalog)
    assert found == [
        "affairs[0].basis.kind: must be one of schedule, quasi, ordinance, related, none",
        "card_flows[0].terminal: no terminal with id 't9' in this declaration",
        "files[0].persons: must be an integer ≥ 0",
        "provisions[0].categories[0]: unknown information category '架空関係情報' (not in the legal catalog)",
    ]


def test_it_refuses_unknown_keys_to_catch_typos(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["persns"] = 3
    data["typo"] = True
    assert messages(data, catalog) == [
        "files[0].persns: unknown key (not part of pia-declaration/1)",
        "typo: unknown key (not part of pia-declaration/1)",
    ]


def test_it_names_missing_keys(catalog: Catalog) -> None:
    data = clean_declaration()
    del data["affairs"][0]["uses_number"]
    del data["affairs"][0]["basis"]["statute"]
    assert messages(data, catalog) == [
        "affairs[0].basis.statute: is required",
        "affairs[0].uses_number: is required",
    ]


def test_it_refuses_the_wrong_format_tag(catalog: Catalog) -> None:
    data = clean_declaration()
    data["format"] = "pia-declaration/2"
    assert messages(data, catalog) == ['format: must be "pia-declaration/1"']


def test_it_refuses_a_document_that_is_not_an_object(catalog: Catalog) -> None:
    assert messages([1, 2], catalog) == ["$: must be a JSON object"]


def test_it_refuses_dates_that_do_not_exist(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["held_from"] = "2023-02-30"
    data["changes"][0]["effective_on"] = "2024/11/01"
    assert messages(data, catalog) == [
        "changes[0].effective_on: must be a real date written YYYY-MM-DD",
        "files[0].held_from: must be a real date written YYYY-MM-DD or null",
    ]


def test_it_refuses_repeated_ids_within_a_collection(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"].append(dict(data["files"][0]))
    assert messages(data, catalog) == ["files[1].id: duplicate id 'f1' (already used by files[0])"]


def test_the_same_id_in_two_collections_is_fine(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["id"] = "a1"
    data["entrustments"][0]["file"] = "a1"
    assert messages(data, catalog) == []


@pytest.mark.parametrize(
    ("collection", "key", "expected"),
    [
        ("provisions", "affair", "provisions[0].affair: no affair with id 'zz' in this declaration"),
        ("card_flows", "affair", "card_flows[0].affair: no affair with id 'zz' in this declaration"),
        ("card_flows", "terminal", "card_flows[0].terminal: no terminal with id 'zz' in this declaration"),
        ("entrustments", "file", "entrustments[0].file: no file with id 'zz' in this declaration"),
        ("assessments", "affair", "assessments[0].affair: no affair with id 'zz' in this declaration"),
        ("changes", "affair", "changes[0].affair: no affair with id 'zz' in this declaration"),
    ],
)
def test_it_refuses_references_that_do_not_resolve(
    collection: str, key: str, expected: str, catalog: Catalog
) -> None:
    data = clean_declaration()
    data[collection][0][key] = "zz"
    assert messages(data, catalog) == [expected]


def test_it_refuses_a_file_of_an_unknown_affair(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["affairs"] = ["a1", "a7"]
    assert messages(data, catalog) == ["files[0].affairs[1]: no affair with id 'a7' in this declaration"]


def test_it_refuses_an_ordinance_basis_that_does_not_resolve(catalog: Catalog) -> None:
    data = clean_declaration()
    data["affairs"][0]["basis"] = {"kind": "ordinance", "ordinance": "o9", "affair": "oa1"}
    assert messages(data, catalog) == [
        "affairs[0].basis.ordinance: no ordinance with id 'o9' in this declaration"
    ]
    data["affairs"][0]["basis"] = {"kind": "ordinance", "ordinance": "o1", "affair": "oa9"}
    assert messages(data, catalog) == [
        "affairs[0].basis.affair: no affair of ordinance 'o1' with id 'oa9' in this declaration"
    ]


def test_it_refuses_categories_the_catalog_does_not_know(catalog: Catalog) -> None:
    data = clean_declaration()
    data["ordinances"][0]["intra_provisions"][0]["categories"] = ["地方税関係情報", "趣味関係情報"]
    assert messages(data, catalog) == [
        "ordinances[0].intra_provisions[0].categories[1]: unknown information category '趣味関係情報' "
        "(not in the legal catalog)"
    ]


def test_it_refuses_a_local_government_code_with_a_wrong_check_digit(catalog: Catalog) -> None:
    data = clean_declaration()
    data["organization"]["code"] = "012130"
    assert messages(data, catalog) == [
        "organization.code: must be the 6-digit local-government code (全国地方公共団体コード) with its check digit"
    ]


def test_a_national_body_may_use_any_stable_code(catalog: Catalog) -> None:
    data = clean_declaration()
    data["organization"] = {"name": "架空省", "code": "mhlw-01", "kind": "national_body", "body": "minister"}
    data["ordinances"] = []
    assert messages(data, catalog) == []


def test_it_refuses_free_text_holding_a_my_number_without_repeating_it(catalog: Catalog) -> None:
    data = clean_declaration()
    data["changes"][0]["summary"] = "対象者 1234 5678 9018 の記録を訂正"
    found = messages(data, catalog)
    assert found == [
        "changes[0].summary: contains what appears to be an individual number (個人番号); it cannot be accepted"
    ]
    assert "9018" not in found[0]


def test_twelve_digits_without_a_valid_check_digit_are_accepted(catalog: Catalog) -> None:
    data = clean_declaration()
    data["changes"][0]["summary"] = "見本カードの番号 123456789012 を使った研修"
    assert messages(data, catalog) == []


def test_it_refuses_date_ranges_that_run_backwards(catalog: Catalog) -> None:
    data = clean_declaration()
    data["ordinances"][0]["repealed_on"] = "2015-12-31"
    data["assessments"][0]["public_comment"] = {
        "from": "2015-08-31",
        "to": "2015-08-01",
        "shortened_reason": None,
    }
    assert messages(data, catalog) == [
        "assessments[0].public_comment.to: must not be before from",
        "ordinances[0].repealed_on: must be after in_force_from",
    ]


def test_lists_may_be_omitted(catalog: Catalog) -> None:
    data = {"format": "pia-declaration/1", "organization": clean_declaration()["organization"]}
    assert messages(data, catalog) == []


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(declaration_schema())
    assert declaration_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_vocabularies_are_the_products_vocabularies() -> None:
    defs = declaration_schema()["$defs"]
    assert defs["organization_kind"]["enum"] == list(OrganizationKind.values)
    assert defs["body"]["enum"] == list(Body.values)


def test_every_object_in_the_schema_is_closed() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(declaration_schema())


def test_it_refuses_json_with_nan() -> None:
    with pytest.raises(DeclarationReadError):
        parse_declaration_text('{"a": NaN}')


def test_it_explains_bad_json_on_one_line() -> None:
    with pytest.raises(DeclarationReadError) as info:
        parse_declaration_text('{"a": 1,\n}')
    assert "\n" not in str(info.value)
    assert "line 2" in str(info.value)


def test_the_shipped_schema_file_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("declaration_schema")
    assert json.loads(capsys.readouterr().out) == declaration_schema()
