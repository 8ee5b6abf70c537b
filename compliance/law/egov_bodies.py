"""The mapping table from bodies as the schedule names them (上欄) to organisation kinds and bodies.

contracts.md §4: a declaring organisation of kind ``municipality``/``special_ward`` with body
``mayor`` is covered by rows naming 市町村長; ``prefecture`` + ``governor`` by 都道府県知事;
``board_of_education`` by 教育委員会; national bodies by the minister or agency named.
A label the table cannot place is reported by the importer, never guessed.
"""

from __future__ import annotations

import re

from compliance.law.records import BodyValue

MUNICIPAL = ("municipality", "special_ward")

#: Exact labels (after removing parenthetical notes such as （特別区の区長を含む。）).
EXACT: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "市町村長": ((MUNICIPAL, "mayor"),),
    "市長": ((("municipality",), "mayor"),),
    "町村長": ((("municipality",), "mayor"),),
    "区長": ((("special_ward",), "mayor"),),
    "特別区の区長": ((("special_ward",), "mayor"),),
    "都道府県知事": ((("prefecture",), "governor"),),
    "知事": ((("prefecture",), "governor"),),
    "教育委員会": ((("prefecture", *MUNICIPAL), "board_of_education"),),
    "都道府県教育委員会": ((("prefecture",), "board_of_education"),),
    "市町村教育委員会": ((MUNICIPAL, "board_of_education"),),
    "後期高齢者医療広域連合": ((("wide_area_union",), "union_head"),),
    "広域連合": ((("wide_area_union",), "union_head"),),
    "地方公共団体の長": ((MUNICIPAL, "mayor"), (("prefecture",), "governor")),
    "都道府県公安委員会": ((("prefecture",), "other_organ"),),
    "都道府県知事等": ((("prefecture",), "governor"), (MUNICIPAL, "mayor")),
}

#: Suffix rules, tried in order after the exact table.
PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...] = (
    (re.compile(r".+大臣$"), ("national_body",), "minister"),
    (re.compile(r".+庁長官$"), ("national_body",), "agency_head"),
    (
        re.compile(r"^(独立行政法人|国立研究開発法人).+|.+機構$|.+基金$|.+協会$"),
        ("independent_agency",),
        "agency_head",
    ),
    (re.compile(r".+(組合|連合会)$"), ("other",), "other_organ"),
)

_PARENTHESES = re.compile(r"（[^（）]*）")
_SEPARATORS = re.compile(r"、|又は|及び|並びに|若しくは|・")


def _strip_notes(text: str) -> str:
    previous = None
    while previous != text:  # nested notes: remove the innermost first
        previous, text = text, _PARENTHESES.sub("", text)
    return text


def map_label(label: str) -> list[BodyValue] | None:
    """The body references for one label, or None when the table cannot place it."""
    if label in EXACT:
        return [BodyValue(label=label, kinds=kinds, body=body) for kinds, body in EXACT[label]]
    for pattern, kinds, body in PATTERNS:
        if pattern.fullmatch(label):
            return [BodyValue(label=label, kinds=kinds, body=body)]
    return None


def map_bodies(text: str) -> tuple[list[BodyValue], list[str]]:
    """(body references, labels that could not be mapped) for a schedule row's 上欄 text.

    A note such as 市長（特別区の区長を含む。） widens the mayor to special wards as well.
    """
    cleaned = _strip_notes(text)
    mapped: list[BodyValue] = []
    unmapped: list[str] = []
    parts = [cleaned] if cleaned in EXACT else _SEPARATORS.split(cleaned)
    for part in parts:
        label = part.strip()
        if not label:
            continue
        refs = map_label(label)
        if refs is None:
            unmapped.append(label)
        else:
            mapped.extend(r for r in refs if r not in mapped)
    if "特別区の区長を含む" in text:
        mapped = [
            BodyValue(r.label, (*r.kinds, "special_ward"), r.body)
            if r.body == "mayor" and "special_ward" not in r.kinds
            else r
            for r in mapped
        ]
    return mapped, unmapped
