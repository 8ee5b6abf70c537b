"""The mapping table from bodies as the schedule names them (上欄) to organisation kinds and bodies.

A declaring organisation of kind ``municipality``/``special_ward`` with body ``mayor`` is covered by
rows naming 市町村長; ``prefecture`` + ``governor`` by 都道府県知事; ``board_of_education`` by
教育委員会; national bodies by the minister or agency named. Independent administrative agencies
and the other corporations the schedule names (共済組合, 基金, 連合会 …) are ``other_organ`` of their
kind, here and in the shipped catalog alike.

The 上欄 often qualifies a body by a clause (「公営住宅法第二条第十六号に規定する事業主体である
都道府県知事」, 「保健所を設置する市（特別区を含む。）の長」): the body is the noun the clause
ends with, so labels are matched by their ending. Lists are split on 又は/若しくは/、/及び, but a
piece that names no body (「社債」 of 「社債、株式等の振替に関する法律…に規定する振替機関」) is joined
back to the next one. A label the table cannot place is reported by the importer, never guessed.
"""

from __future__ import annotations

import re

from compliance.law.catalog.records import BodyValue

MUNICIPAL = ("municipality", "special_ward")
NATIONAL = ("national_body",)

Mapping = tuple[tuple[tuple[str, ...], str], ...]

#: Labels whose whole text (notes removed) names the bodies.
EXACT: dict[str, Mapping] = {
    "市町村長": ((MUNICIPAL, "mayor"),),
    "市長": ((("municipality",), "mayor"),),
    "町村長": ((("municipality",), "mayor"),),
    "区長": ((("special_ward",), "mayor"),),
    "特別区の区長": ((("special_ward",), "mayor"),),
    "都道府県知事": ((("prefecture",), "governor"),),
    "知事": ((("prefecture",), "governor"),),
    "教育委員会": ((("prefecture", *MUNICIPAL), "board_of_education"),),
    "地方公共団体の長": ((MUNICIPAL, "mayor"), (("prefecture",), "governor")),
    # Row 十 of the 2025 別表 defines the term: 都道府県知事、市長（特別区の区長を含む。）又は
    # 社会福祉法に規定する福祉に関する事務所を管理する町村長.
    "都道府県知事等": ((("prefecture",), "governor"), (MUNICIPAL, "mayor")),
    # 地域通訳案内士 (通訳案内士法第五十四条第三項): the head of a consenting municipality or prefecture.
    "市町村又は都道府県の長": ((MUNICIPAL, "mayor"), (("prefecture",), "governor")),
    # 口座登録法第十条: 行政機関の長等 (national organs, local governments' organs, agencies).
    "行政機関の長等": (
        (NATIONAL, "minister"),
        (NATIONAL, "agency_head"),
        (("prefecture",), "governor"),
        (MUNICIPAL, "mayor"),
        (("independent_agency",), "other_organ"),
    ),
}

#: Endings, tried in order (the first that matches wins); a qualifying clause before them is kept in the label.
ENDINGS: tuple[tuple[re.Pattern[str], Mapping], ...] = (
    (re.compile(r".*市町村又は都道府県の長$"), EXACT["市町村又は都道府県の長"]),
    (re.compile(r".*行政機関の長等$"), EXACT["行政機関の長等"]),
    (re.compile(r".*都道府県知事等$"), EXACT["都道府県知事等"]),
    (re.compile(r".*(都道府県)?知事$"), ((("prefecture",), "governor"),)),
    (re.compile(r".*市町村長$"), ((MUNICIPAL, "mayor"),)),
    (re.compile(r".*(町村長|市長|都市の長|市の長)$"), ((("municipality",), "mayor"),)),
    (re.compile(r".*都道府県教育委員会$"), ((("prefecture",), "board_of_education"),)),
    (re.compile(r".*市町村教育委員会$"), ((MUNICIPAL, "board_of_education"),)),
    (re.compile(r".*公安委員会$"), ((("prefecture",), "other_organ"),)),
    (re.compile(r".*後期高齢者医療広域連合$|^広域連合$"), ((("wide_area_union",), "union_head"),)),
    (re.compile(r".+大臣$"), ((NATIONAL, "minister"),)),
    (re.compile(r".+庁長官$"), ((NATIONAL, "agency_head"),)),
    # Councils of a ministry (司法試験委員会, 国税審議会) and the 実施機関 of 国家公務員災害補償法.
    (re.compile(r".+(委員会|審議会)$|.*実施機関$"), ((NATIONAL, "other_organ"),)),
    (re.compile(r"^(独立行政法人|国立研究開発法人).+"), ((("independent_agency",), "other_organ"),)),
    (
        re.compile(r".+(機構|事業団|協会)$"),
        ((("independent_agency", "other"), "other_organ"),),
    ),
    (
        re.compile(r".+(組合|組合等|連合会|基金|共済会|協議会|振替機関|事業主|事業主等)$"),
        ((("other",), "other_organ"),),
    ),
)

_PARENTHESES = re.compile(r"（[^（）]*）")
_SEPARATORS = re.compile(r"(、|又は|及び|並びに|若しくは)")


def strip_notes(text: str) -> str:
    """The text without its parenthetical notes (law numbers, 「以下…という。」), innermost first."""
    previous = None
    while previous != text:
        previous, text = text, _PARENTHESES.sub("", text)
    return text


def map_label(label: str) -> list[BodyValue] | None:
    """The body references for one label, or None when the table cannot place it."""
    mapping = EXACT.get(label)
    if mapping is None:
        for pattern, candidate in ENDINGS:
            if pattern.fullmatch(label):
                mapping = candidate
                break
    if mapping is None:
        return None
    return [BodyValue(label=label, kinds=kinds, body=body) for kinds, body in mapping]


def _pieces(cleaned: str) -> list[str]:
    """The body labels of a 上欄 text: split on the list words, a piece naming no body joined to the next."""
    if map_label(cleaned) is not None and not _SEPARATORS.search(cleaned):
        return [cleaned]
    tokens = _SEPARATORS.split(cleaned)
    pieces: list[str] = []
    pending = ""
    for index in range(0, len(tokens), 2):
        text = pending + tokens[index]
        separator = tokens[index + 1] if index + 1 < len(tokens) else ""
        if map_label(text) is None and separator:
            pending = text + separator
            continue
        pieces.append(text)
        pending = ""
    return [p for p in pieces if p]


def map_bodies(text: str) -> tuple[list[BodyValue], list[str]]:
    """(body references, labels that could not be mapped) for a schedule row's 上欄 text.

    A note such as 市長（特別区の区長を含む。） or 市（特別区を含む。）の長 widens the mayor to
    special wards as well.
    """
    cleaned = strip_notes(text).strip()
    mapped: list[BodyValue] = []
    unmapped: list[str] = []
    for piece in _pieces(cleaned):
        label = piece.strip()
        if not label:
            continue
        refs = map_label(label)
        if refs is None:
            unmapped.append(label)
        else:
            mapped.extend(r for r in refs if r not in mapped)
    if "特別区の区長を含む" in text or "特別区を含む" in text:
        mapped = [
            BodyValue(r.label, (*r.kinds, "special_ward"), r.body)
            if r.label.endswith(("市長", "市の長")) and "special_ward" not in r.kinds
            else r
            for r in mapped
        ]
    return mapped, unmapped
