"""Hostile declarations: NUL bytes, lone surrogates, control characters, deep nesting, huge lists.

Each is refused with a message naming where, before anything is stored; none reaches a
traceback. The limits are those of docs/declaration-limits.md.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from compliance.declaration.limits import MAX_DEPTH, MAX_ENTRIES, MAX_VALUES
from compliance.declaration.validation import (
    DeclarationReadError,
    declaration_schema,
    decode_declaration_bytes,
    parse_declaration_text,
    validate_declaration,
)
from compliance.law.catalog import Catalog
from tests.checks.factories import clean_declaration


def problems_of(text: str, catalog: Catalog) -> list[str]:
    return [str(problem) for problem in validate_declaration(parse_declaration_text(text), catalog)]


def _with_affair_name(escaped_name: str) -> str:
    """The clean declaration as JSON text, the third affair named with raw JSON ``escaped_name``."""
    data = clean_declaration()
    data["affairs"] += [dict(data["affairs"][0], id="a2"), dict(data["affairs"][0], id="a3", name="@NAME@")]
    return json.dumps(data, ensure_ascii=False).replace('"@NAME@"', escaped_name)


def test_a_nul_in_a_name_is_refused_with_its_path(catalog: Catalog) -> None:
    found = problems_of(_with_affair_name('"児童\\u0000手当"'), catalog)
    assert found == ["affairs[2].name: contains U+0000 (NUL); it cannot be accepted"]


def test_a_lone_surrogate_escape_is_refused_with_its_path(catalog: Catalog) -> None:
    found = problems_of(_with_affair_name('"\\ud800"'), catalog)
    assert found == [
        "affairs[2].name: contains U+D800 (a lone surrogate, not Unicode text); it cannot be accepted"
    ]


def test_a_paired_surrogate_escape_is_an_ordinary_character(catalog: Catalog) -> None:
    assert problems_of(_with_affair_name('"\\ud842\\udfb7野家の事務"'), catalog) == []  # 𠮷


def test_raw_bytes_that_are_not_utf8_are_refused_before_parsing() -> None:
    raw = _with_affair_name('"@"').encode("utf-8").replace(b'"@"', b'"\xed\xa0\x80"')  # a surrogate in UTF-8
    with pytest.raises(DeclarationReadError) as info:
        decode_declaration_bytes(raw)
    assert str(info.value).startswith("not UTF-8 text (byte ")


def test_a_control_character_in_a_name_is_refused(catalog: Catalog) -> None:
    found = problems_of(_with_affair_name('"児童手当\\u0007"'), catalog)
    assert found == ["affairs[2].name: contains U+0007 (a control character); it cannot be accepted"]


def test_a_line_break_in_a_name_is_refused(catalog: Catalog) -> None:
    found = problems_of(_with_affair_name('"児童手当\\n支給"'), catalog)
    assert found == ["affairs[2].name: contains U+000A (a control character); it cannot be accepted"]


def test_tabs_and_line_breaks_in_a_long_text_are_kept(catalog: Catalog) -> None:
    data = clean_declaration()
    data["changes"][0]["summary"] = "システム更改\n\t委託先の変更\r\n"
    assert validate_declaration(data, catalog) == []


def test_other_control_characters_in_a_long_text_are_refused(catalog: Catalog) -> None:
    data = clean_declaration()
    data["changes"][0]["summary"] = "システム更改\x1b[2J"
    assert [str(p) for p in validate_declaration(data, catalog)] == [
        "changes[0].summary: contains U+001B (a control character); it cannot be accepted"
    ]


def test_a_nul_in_a_key_is_named_without_echoing_it(catalog: Catalog) -> None:
    data = clean_declaration()
    data["files"][0]["per\x00sons"] = 1
    found = [str(p) for p in validate_declaration(data, catalog)]
    assert "files[0]: has a key that contains U+0000 (NUL); it cannot be accepted" in found
    assert "files[0].per\\u0000sons: unknown key (not part of pia-declaration/1)" in found
    assert not any("\x00" in message for message in found)


def test_a_100000_deep_nesting_is_refused_without_recursing() -> None:
    text = '{"format": "pia-declaration/1", "affairs": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(DeclarationReadError) as info:
        parse_declaration_text(text)
    assert str(info.value) == (
        "affairs"
        + "[0]" * (MAX_DEPTH - 2)
        + f" lists and objects nest more than {MAX_DEPTH} deep (the limit)"
    )


def test_the_formats_own_nesting_is_well_within_the_limit(catalog: Catalog) -> None:
    text = json.dumps(clean_declaration(), ensure_ascii=False)
    assert validate_declaration(parse_declaration_text(text), catalog) == []


def test_a_file_with_a_million_entries_is_refused_at_the_list_that_crosses_the_limit() -> None:
    # 3 MB of bytes, built as bytes: no million Python objects in the test either.
    head = b'{"format": "pia-declaration/1", "organization": {}, "affairs": ['
    raw = head + b"{}," * 999_999 + b"{}]}"
    with pytest.raises(DeclarationReadError) as info:
        decode_declaration_bytes(raw)
    assert str(info.value) == f"affairs has more than {MAX_ENTRIES:,} entries (the limit)"


def test_a_list_of_exactly_the_limit_is_read(catalog: Catalog) -> None:
    text = '{"format": "pia-declaration/1", "affairs": [' + ",".join(["{}"] * MAX_ENTRIES) + "]}"
    assert len(parse_declaration_text(text)["affairs"]) == MAX_ENTRIES


def test_brackets_and_commas_inside_strings_are_not_counted() -> None:
    text = json.dumps({"changes": [{"summary": "[" * 50 + "," * 6_000}]})
    assert parse_declaration_text(text)["changes"][0]["summary"].startswith("[[[")


def test_too_many_entries_in_all_are_refused_even_in_small_lists() -> None:
    lists = ",".join(["[" + ",".join(["0"] * 4_000) + "]"] * (MAX_VALUES // 4_000 + 1))
    with pytest.raises(DeclarationReadError) as info:
        parse_declaration_text("[" + lists + "]")
    assert str(info.value) == f"the document holds more than {MAX_VALUES:,} entries in all (the limit)"


def test_a_flood_of_strings_is_refused_without_scanning_them() -> None:
    with pytest.raises(DeclarationReadError) as info:
        parse_declaration_text("[" + '""' * (2 * MAX_VALUES + 10) + "]")
    assert "entries in all (the limit)" in str(info.value)


def _arrays(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if node.get("type") == "array" else []
        return found + [a for value in node.values() for a in _arrays(value)]
    if isinstance(node, list):
        return [a for value in node for a in _arrays(value)]
    return []


def test_the_schema_states_the_entry_limit_on_every_list() -> None:
    arrays = _arrays(declaration_schema())
    assert arrays and {a.get("maxItems") for a in arrays} == {MAX_ENTRIES}


def test_a_list_over_the_limit_is_named_by_the_schema(catalog: Catalog) -> None:
    data = clean_declaration()
    incident = {"id": "i0", "occurred_on": "2025-09-01", "serious": False, "summary": "誤送付"}
    data["incidents"] = [dict(incident, id=f"i{n}") for n in range(MAX_ENTRIES + 1)]
    assert f"incidents: must have at most {MAX_ENTRIES:,} entries" in [
        str(p) for p in validate_declaration(data, catalog)
    ]
