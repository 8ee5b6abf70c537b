"""Matching the Act's rows across texts and catalog: folded text, a similarity, a first guess at the field.

Pure functions (no database): the importer, the catalog derivation and the linkage-permission
derivation all match rows the same way.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from compliance.lib.text import normalize

#: Keywords → field, first match wins; the default is ``other`` (reported for review).
FIELD_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("地方税", "tax"), ("所得税", "tax"), ("国税", "tax"), ("税", "tax"),
    ("災害", "disaster"), ("被災者", "disaster"),
    ("出入国", "residence"), ("在留", "residence"),
    ("道路運送車両", "vehicle"), ("自動車", "vehicle"),
    ("免許", "national_qualification"), ("登録を受け", "national_qualification"), ("士法", "national_qualification"),
    ("保険", "social_security"), ("年金", "social_security"), ("手当", "social_security"),
    ("保護", "social_security"), ("福祉", "social_security"), ("医療", "social_security"),
    ("障害", "social_security"), ("介護", "social_security"), ("子ども", "social_security"),
    ("児童", "social_security"), ("母子", "social_security"), ("予防接種", "social_security"),
    ("住宅", "social_security"), ("雇用", "social_security"), ("給付", "social_security"),
)  # fmt: skip


_NOTES = re.compile(r"（[^（）]*）")
_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")


def match_key(text: str) -> str:
    """Text folded for matching a row across sources: no parenthetical notes (law numbers), width,
    kana and small-kana variants folded (e-Gov writes あつて where a fixture may write あって)."""
    previous = None
    while previous != text:
        previous, text = text, _NOTES.sub("", text)
    return normalize(text).translate(_SMALL_KANA).replace(" ", "")


def guess_field(statute: str, affair: str) -> str:
    for word, value in FIELD_KEYWORDS:
        if word in statute or word in affair[:60]:
            return value
    return "other"


def similar(a: str, b: str) -> float:
    """How alike two texts are once folded (0 to 1): a reworded row keeps most of its words."""
    return SequenceMatcher(None, match_key(a), match_key(b), autojunk=False).ratio()
