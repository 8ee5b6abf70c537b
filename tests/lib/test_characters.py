"""The characters no stored text may hold: NUL, lone surrogates, control characters (tab and breaks in long text)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from compliance.lib.characters import (
    ForbiddenCharacterValidator,
    forbidden_character,
    guard_text_fields,
    printable,
)

ORDINARY = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=50
)  # any letters, marks, symbols, spaces of any script


@given(ORDINARY)
def test_ordinary_text_of_any_script_passes(text: str) -> None:
    assert forbidden_character(text) is None


@pytest.mark.parametrize("char", ["\x00", "\ud800", "\udfff", "\x01", "\x1b", "\x7f", "\x85", "\t", "\n"])
def test_a_name_refuses_nul_surrogates_and_control_characters(char: str) -> None:
    assert forbidden_character(f"児童{char}手当") == char


def test_a_long_text_keeps_tab_and_line_breaks() -> None:
    assert forbidden_character("一行目\r\n\t二行目", multiline=True) is None


@pytest.mark.parametrize("char", ["\x00", "\ud800", "\x0b", "\x1b"])
def test_a_long_text_still_refuses_the_others(char: str) -> None:
    assert forbidden_character(f"一行目{char}", multiline=True) == char


def test_printable_writes_forbidden_characters_as_escapes() -> None:
    assert printable("per\x00sons\ud800") == "per\\u0000sons\\ud800"


def test_the_validator_names_the_code_point() -> None:
    with pytest.raises(ValidationError) as info:
        ForbiddenCharacterValidator()("窓口\x07端末")
    assert info.value.messages == ["制御文字（U+0007）は使えません（改行やタブも使えない項目です）。"]


def test_guarded_forms_refuse_in_names_and_allow_breaks_in_textareas() -> None:
    class Form(forms.Form):
        name = forms.CharField()
        summary = forms.CharField(widget=forms.Textarea)

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            guard_text_fields(self.fields)

    form = Form({"name": "窓口\x1b端末", "summary": "一行目\n二行目"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
