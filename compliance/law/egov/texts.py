"""The Act's official texts the catalog is derived from and verified against.

Two snapshots of 番号法 (平成25年法律第27号, e-Gov law ID 425AC0000000027) are read:

- ``2025``: the e-Gov 法令標準XML as served on 2025-09-24 — the 別表 (Article 9(1) schedule,
  177 rows) and Article 19's items;
- ``2015``: the text as published late in 2015 (an HTML mirror of the e-Gov page of that time) —
  Article 19 as first enacted, 別表第一 (99 rows) and 別表第二 (the linkage table of the then
  Article 19(7), 120 rows), with the tables also cut out into a JSON file.

The files live outside the repository (they are the law, kept as reference data); the folder is
the setting ``HYOKA_LAW_TEXTS_DIR``. Each reader returns plain data; a missing file raises
:class:`FileNotFoundError` naming it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from compliance.law.egov.periods import RESTRUCTURE, TEXT_2025_DAY
from compliance.law.egov.suppl import RowAmendment, stated_row_amendments
from compliance.law.egov.xml import (
    ParsedLaw,
    ParsedRow,
    _parser,
    defined_laws,
    element_text,
    read_schedule,
    row_number_of,
)

LAW_ID = "425AC0000000027"
EGOV_URL = f"https://laws.e-gov.go.jp/law/{LAW_ID}"
FILE_2025 = f"{LAW_ID}_2025-09-24.xml"
FILE_2015_HTML = f"{LAW_ID}_2015.html"
FILE_2015_TABLES = "tables_2015.json"

#: How a record names the text it was taken from (its ``source`` starts with one of these).
TEXT_2025 = "番号法（e-Gov法令XML 2025-09-24）"
TEXT_2015 = "番号法（2015年公布時点の条文、最終改正 平成27年法律第65号）"

_KANJI_ROW = re.compile(r"^([一二三四五六七八九十百千〇]+(?:の[一二三四五六七八九十百千〇]+)*)[\s\u3000]+")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class LinkageLine:
    """One (provider, information) pair of a 別表第二 row, with the row's requester and affair."""

    row: str  # 項番 in arabic digits (``36-2``)
    requester: str
    affair: str
    provider: str
    information: str


def _clean(text: str) -> str:
    return _SPACE.sub("", html.unescape(_TAG.sub("", text)))


def split_row_label(label: str) -> tuple[str, str]:
    """``五十六　都道府県知事等`` → (``56``, ``都道府県知事等``)."""
    match = _KANJI_ROW.match(label)
    if not match:
        return "", _SPACE.sub("", label)
    return row_number_of(match.group(1)), _SPACE.sub("", label[match.end() :])


class OfficialTexts:
    """The texts in ``directory`` (the setting ``HYOKA_LAW_TEXTS_DIR``, docs/catalog-format.md)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, name: str) -> Path:
        path = self.directory / name
        if not path.exists():
            raise FileNotFoundError(f"{path}: the official text is not there")
        return path

    # --- 2025 ----------------------------------------------------------------------------------

    @cached_property
    def schedule_2025(self) -> ParsedLaw:
        return read_schedule(self.path(FILE_2025))

    @cached_property
    def row_amendments_2025(self) -> list[RowAmendment]:
        """Changes of 別表 rows the 2025 text's 附則 date after the restructure, up to the text's day
        (later ones are not in its wording)."""
        return [
            a
            for a in stated_row_amendments(self.path(FILE_2025))
            if RESTRUCTURE < a.effective <= TEXT_2025_DAY
        ]

    @cached_property
    def article19_2025(self) -> dict[str, str]:
        """Article 19's items in the 2025 text: ``{"1": "個人番号利用事務実施者が…", …}``."""
        tree = etree.parse(str(self.path(FILE_2025)), _parser())
        for article in tree.getroot().iter("Article"):
            if article.get("Num") == "19" and not any(
                a.tag == "SupplProvision" for a in article.iterancestors()
            ):
                items: dict[str, str] = {}
                for item in article.iter("Item"):
                    sentence = item.find("ItemSentence")
                    if sentence is not None:
                        items[str(item.get("Num"))] = element_text(sentence)
                return items
        return {}

    # --- 2015 ----------------------------------------------------------------------------------

    @cached_property
    def _tables_2015(self) -> dict[str, object]:
        data = json.loads(self.path(FILE_2015_TABLES).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    @cached_property
    def schedule_2015(self) -> ParsedLaw:
        """別表第一 of the 2015 text, in the shape the 2025 reader gives."""
        rows_raw = self._tables_2015.get("beppyo_1", [])
        rows: list[ParsedRow] = []
        for index, raw in enumerate(rows_raw if isinstance(rows_raw, list) else [], start=1):
            number, body = split_row_label(str(raw["row"]))
            rows.append(
                ParsedRow(
                    path=f"別表第一[{index}]",
                    number=number,
                    body_text=body,
                    affair=_SPACE.sub("", raw["affair"]),
                )
            )
        law = ParsedLaw(
            title="行政手続における特定の個人を識別するための番号の利用等に関する法律",
            law_num="平成二十五年法律第二十七号",
            table_title="別表第一",
            table_path="別表第一",
            rows=rows,
        )
        law.defined = defined_laws([t for r in rows for t in (r.body_text, r.affair)])
        return law

    @cached_property
    def linkage_2015(self) -> list[LinkageLine]:
        """別表第二 of the 2015 text: every (requester row, affair, provider, information) pair."""
        lines_raw = self._tables_2015.get("beppyo_2_lines", [])
        lines = lines_raw[1:] if isinstance(lines_raw, list) else []  # the first line is the header
        found: list[LinkageLine] = []
        row = requester = affair = ""
        for raw_cells in lines:
            if len(raw_cells) == 4:
                row, requester = split_row_label(str(raw_cells[0]))
                affair, provider, information = (_SPACE.sub("", str(c)) for c in raw_cells[1:])
            elif len(raw_cells) == 2 and row:
                provider, information = (_SPACE.sub("", str(c)) for c in raw_cells)
            else:
                continue
            found.append(LinkageLine(row, requester, affair, provider, information))
        return found

    @cached_property
    def article19_2015(self) -> dict[str, str]:
        """Article 19's items in the 2015 text (the HTML marks each item with an anchor)."""
        text = self.path(FILE_2015_HTML).read_text(encoding="utf-8", errors="replace")
        items: dict[str, str] = {}
        pattern = re.compile(
            r'<div class="number"><b><a name="(\d{48})19(\d{17})(\d{3})(\d{9})">[^<]*</a>\s*</b>(.*?)</div>',
            re.S,
        )
        # The anchor encodes the place: …19 (article) … 001 (paragraph) NNN (item); the main
        # provisions come first, so later matches (supplementary provisions) never override them.
        for match in pattern.finditer(text):
            if int(match.group(1)) != 10**47 or match.group(2) != "00000000001000000":
                continue
            items.setdefault(str(int(match.group(3))), _clean(match.group(5)))
        return items
