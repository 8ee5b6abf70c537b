"""Kanji numerals of law texts and row numbers (項番): one home for the conversions.

Schedule rows and Article 19 items are numbered in kanji in the official texts (``八十二の二``) and
in digits in the catalog (``82-2``); a declaration may give either. Everything that converts between
the two (the e-Gov importer, the catalog derivation, the check engine) uses these functions.
"""

from __future__ import annotations

import re
import unicodedata

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGITS = "〇一二三四五六七八九"
_DIGIT_ROW = re.compile(r"^\d+(?:-\d+)*$")


def kanji_to_int(text: str) -> int:
    """``百二十三`` → 123 (the numerals law texts use for row and item numbers)."""
    total, digit = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a kanji numeral: {text!r}")
    return total + digit


def int_to_kanji(number: int | str) -> str:
    """123 → ``百二十三`` (below 10,000)."""
    value, text = int(number), ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        count, value = divmod(value, unit)
        if count:
            text += ("" if count == 1 else _DIGITS[count]) + name
    return text + (_DIGITS[value] if value else "") or "〇"


def row_number_of(text: str) -> str:
    """``二十三`` → ``23``; ``五の二`` (a row inserted by an amendment) → ``5-2``."""
    return "-".join(str(kanji_to_int(part)) for part in text.split("の"))


def kanji_row(number: str) -> str:
    """``56-2`` → ``五十六の二``."""
    return "の".join(int_to_kanji(p) for p in number.split("-"))


def normalize_row_number(text: str) -> str | None:
    """A row number as printed (``八十二の二``, ``八十二の二の項``) or in digits (``82-2``, ``８２の２``)
    → the catalog's form ``82-2``; None when it is neither."""
    value = unicodedata.normalize("NFKC", text or "").strip().removesuffix("の項").removesuffix("項")
    value = value.replace("の", "-").replace("－", "-").replace("‐", "-")
    if _DIGIT_ROW.match(value):
        return "-".join(str(int(p)) for p in value.split("-"))
    try:
        return "-".join(str(kanji_to_int(p)) for p in value.split("-")) if value else None
    except ValueError:
        return None
