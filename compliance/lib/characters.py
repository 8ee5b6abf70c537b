"""Characters no stored text may hold: NUL, lone surrogates, control characters.

A NUL byte (U+0000) cannot be stored by PostgreSQL at all and breaks the pages and
diagrams that print a name; a lone surrogate (U+D800–U+DFFF, e.g. from the JSON escape
``"\\ud800"``) is not Unicode text and cannot be encoded as UTF-8, so the first page that
shows it fails. Other control characters (U+0001–U+001F, U+007F–U+009F) have no place in
a name, an ID or a title: they cannot be seen, they break the CSV and the diagram
labels, and they let two names that look the same differ. Long texts (a summary, a
purpose, an answer) may hold tab and line breaks, nothing else of the kind.

Refused, never cleaned up: what is stored is what the officer declared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character of ``value`` no stored text may hold, or None.

    ``multiline``: a long text, where tab, line feed and carriage return are allowed.
    """
    match = (_MULTILINE if multiline else _SINGLE_LINE).search(value)
    return match.group() if match else None


def describe_character(char: str) -> str:
    """``U+0000 (NUL)``, ``U+D800 (a lone surrogate)``, ``U+0007 (a control character)``."""
    code = ord(char)
    if code == 0:
        kind = "NUL"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate, not Unicode text"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def printable(text: str) -> str:
    """``text`` with every forbidden character written as ``\\uXXXX``, safe to show in a message."""
    return _SINGLE_LINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@deconstructible
class ForbiddenCharacterValidator:
    """Form validator: refuse NUL, lone surrogates and control characters (tab and breaks in long text)."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):
            return
        char = forbidden_character(value, multiline=self.multiline)
        if char is None:
            return
        if ord(char) == 0:
            message = _("NUL文字（U+0000）は使えません。")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            message = _("文字として読めないデータ（U+%(code)04X）が含まれています。")
        elif self.multiline:
            message = _("制御文字（U+%(code)04X）は使えません（タブと改行のみ使えます）。")
        else:
            message = _("制御文字（U+%(code)04X）は使えません（改行やタブも使えない項目です）。")
        raise ValidationError(message, code="forbidden_character", params={"code": ord(char)})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ForbiddenCharacterValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


def guard_text_fields(fields: Mapping[str, forms.Field]) -> None:
    """Add the validator to every text field of a form (multi-line where the widget is a textarea)."""
    for field in fields.values():
        if isinstance(field, forms.CharField) and not any(
            isinstance(v, ForbiddenCharacterValidator) for v in field.validators
        ):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(ForbiddenCharacterValidator(multiline=multiline))
