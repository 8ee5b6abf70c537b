"""Days the 2025 text's supplementary provisions state for changes of 別表 rows.

e-Gov's consolidated text carries each amending act's 附則 (a ``SupplProvision`` with its
``AmendLawNum``), mostly its 施行期日 article. Where an item of that article names 番号法's 別表 rows
and a day written out (``令和七年四月一日``, or ``公布の日``, the act's own date), the rows' current
wording is in force from that day, not from the restructure: e.g. 令和6年法律第47号附則第1条第4号
puts its change of 別表 八十三 and 百二十七 in force on 2025-04-01. When the item limits the change to
an insertion (「「による」の下に「妊婦のための支援給付、」を加える部分に限る。」) the wording before it
follows from the text; otherwise the texts do not give it. Days set by cabinet order (政令で定める日)
are not days the text states and are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from compliance.law.egov.xml import _parser, element_text
from compliance.law.numbers import kanji_to_int, row_number_of

ACT_NAME = "行政手続における特定の個人を識別するための番号の利用等に関する法律"
_ERAS = {"令和": 2018, "平成": 1988}
_KANJI = "〇一二三四五六七八九十百千"
_DAY = re.compile(rf"(令和|平成)([{_KANJI}元]+)年([{_KANJI}]+)月([{_KANJI}]+)日")
_LAW_NUM = re.compile(rf"^(令和|平成)([{_KANJI}元]+)年([{_KANJI}]+)月([{_KANJI}]+)日法律第([{_KANJI}]+)号$")
#: ``別表八十三の項の改正規定`` or ``同表百二十七の項の改正規定（…に限る。）``: the 2025 table (not
#: 別表第一/第二, the tables before the restructure).
_ROW_CHANGE = re.compile(
    r"(?:別表|同表)(?P<row>[一二三四五六七八九十百]+(?:の[一二三四五六七八九十百]+)*)の項の改正規定(?:（(?P<limit>[^）]*)）)?"
)
_INSERTION = re.compile(r"^「(?P<after>[^」]+)」の下に「(?P<inserted>[^」]+)」を加える部分に限る。$")


@dataclass(frozen=True)
class RowAmendment:
    """A change of one 別表 row that a supplementary provision puts in force on a stated day."""

    row_number: str  # arabic digits, as the catalog numbers rows (``83``, ``5-2``)
    effective: dt.date
    citation: str  # ``令和6年法律第47号附則第1条第4号``
    #: (after, inserted) when the change is limited to inserting ``inserted`` after ``after``
    insertion: tuple[str, str] | None = None

    def wording_before(self, wording: str) -> str | None:
        """The row's wording before this change, when the change is an insertion the text names."""
        if self.insertion is None:
            return None
        after, inserted = self.insertion
        if after + inserted not in wording:
            return None
        return wording.replace(after + inserted, after, 1)


def _number(text: str) -> int:
    """Kanji numerals as law numbers write them: ``四十七``, or digit by digit (``四七``, ``一二``)."""
    if text == "元":
        return 1
    if any(unit in text for unit in "十百千"):
        return kanji_to_int(text)
    return int("".join(str(kanji_to_int(ch)) for ch in text))


def _date(era: str, year: str, month: str, day: str) -> dt.date:
    return dt.date(_ERAS[era] + _number(year), _number(month), _number(day))


def _item_day(text: str, promulgated: dt.date) -> dt.date | None:
    if "政令で定める日" in text or "経過した日" in text or "起算して" in text:
        return None
    match = _DAY.search(text)
    if match:
        return _date(*match.groups())
    if text.endswith("公布の日"):
        return promulgated
    return None


def _row_changes(text: str) -> list[tuple[str, str | None]]:
    """The (row, limit) pairs a provision text names for 番号法's 別表."""
    start = text.find(ACT_NAME)
    if start < 0:
        return []
    rest = text[start + len(ACT_NAME) :]
    if rest.startswith("（"):
        rest = rest[rest.find("）") + 1 :]
    found: list[tuple[str, str | None]] = []
    position = 0
    while (match := _ROW_CHANGE.match(rest, position)) is not None:
        found.append((row_number_of(match.group("row")), match.group("limit")))
        position = match.end()
        for joiner in ("及び", "、", "並びに"):
            if rest.startswith(joiner, position) and _ROW_CHANGE.match(rest, position + len(joiner)):
                position += len(joiner)
                break
        else:
            break
    return found


def stated_row_amendments(path: Path) -> list[RowAmendment]:
    """Every 別表 row change with a stated day in the supplementary provisions of the law at ``path``."""
    tree = etree.parse(str(path), _parser())
    found: list[RowAmendment] = []
    for suppl in tree.getroot().iter("SupplProvision"):
        law_num = _LAW_NUM.match(suppl.get("AmendLawNum") or "")
        if law_num is None:
            continue
        era, year, month, day, number = law_num.groups()
        promulgated = _date(era, year, month, day)
        act = f"{era}{_number(year)}年法律第{_number(number)}号"
        for article in suppl.iter("Article"):
            if article.get("Num") != "1":
                continue
            for item in article.iter("Item"):
                sentence = item.find("ItemSentence")
                columns = sentence.findall("Column") if sentence is not None else []
                if len(columns) != 2:
                    continue
                effective = _item_day(element_text(columns[1]), promulgated)
                if effective is None:
                    continue
                texts = [element_text(columns[0])] + [
                    element_text(s)
                    for s in item.iter()
                    if isinstance(s.tag, str) and s.tag.startswith("Subitem") and s.tag.endswith("Sentence")
                ]
                citation = f"{act}附則第1条第{item.get('Num')}号"
                for text in texts:
                    for row, limit in _row_changes(text):
                        insertion = None
                        if limit is not None:
                            parsed = _INSERTION.match(limit)
                            insertion = (parsed["after"], parsed["inserted"]) if parsed else None
                        found.append(RowAmendment(row, effective, citation, insertion))
    return found
