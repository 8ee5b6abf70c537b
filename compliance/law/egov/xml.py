"""Reading the Article 9 schedule (別表) out of a law in the 法令標準XML schema published by e-Gov.

The path is ``Law/LawBody/AppdxTable/TableStruct/Table/TableRow/TableColumn``; text sits in
``Sentence`` elements (sometimes nested), with ``Ruby``/``Rt`` readings to drop and line
breaks to join. A row has two columns (body, affair) or three (number, body, affair).

Parsing is locked down: no DTD, no entity expansion, no network (the file comes from outside).
The file may be the bare ``Law`` or the download as e-Gov serves it (``DataRoot`` › ``ApplData`` ›
``LawFullText`` › ``Law``). The result is plain data; :mod:`compliance.law.egov.importer` turns it
into a change set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from compliance.law.numbers import kanji_to_int, row_number_of


class EgovXmlError(ValueError):
    """The file is not well-formed XML or not shaped like a 法令標準XML schedule; names the element path."""


@dataclass(frozen=True)
class ParsedRow:
    path: str  # element path of the TableRow, for messages
    number: str  # the row number in arabic digits ("" when the table does not number its rows)
    body_text: str
    affair: str


@dataclass
class ParsedLaw:
    title: str
    law_num: str
    table_title: str
    table_path: str
    rows: list[ParsedRow] = field(default_factory=list)
    #: Statutes the table refers to by a defined term (its law number), see :func:`defined_laws`.
    defined: dict[str, CitedStatute] = field(default_factory=dict)


_NUMBER = re.compile(r"^([一二三四五六七八九十百千〇]+(?:の[一二三四五六七八九十百千〇]+)*)[\s　]+")
_WHITESPACE = re.compile(r"[\s\u3000]+")


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def element_text(element: etree._Element, *, keep_space: bool = False) -> str:
    """The readable text of ``element``: ruby readings (``Rt``) dropped, comments skipped, lines joined.

    Japanese legal text has no spaces between words, so whitespace is layout (line breaks,
    indentation) and is removed; ``keep_space`` keeps it collapsed to one space (to find a
    leading row number such as ``一　厚生労働大臣``).
    """
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        name = _local(el.tag)
        if name == "Rt":
            return
        if name and el.text:  # comments and processing instructions have a non-string tag
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    if keep_space:
        return _WHITESPACE.sub(" ", "".join(parts)).strip()
    return _WHITESPACE.sub("", "".join(parts))


def column_sentences(column: etree._Element, *, keep_space: bool = False) -> list[str]:
    """The outermost Sentence elements of a column, each as text (a Sentence inside a Sentence is part of it)."""
    sentences: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if _local(child.tag) == "Sentence":
                text = element_text(child, keep_space=keep_space)
                if text:
                    sentences.append(text)
            elif _local(child.tag):
                walk(child)

    walk(column)
    if not sentences:
        text = element_text(column, keep_space=keep_space)
        if text:
            sentences.append(text)
    return sentences


def _path(element: etree._Element) -> str:
    """``Law/LawBody/AppdxTable[2]/TableStruct/Table/TableRow[5]`` (1-based index among same-named siblings)."""
    steps: list[str] = []
    el: etree._Element | None = element
    while el is not None:
        name = _local(el.tag)
        parent = el.getparent()
        if parent is not None:
            same = [c for c in parent if _local(c.tag) == name]
            steps.append(f"{name}[{same.index(el) + 1}]" if len(same) > 1 else name)
        else:
            steps.append(name)
        el = parent
    return "/".join(reversed(steps))


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if _local(c.tag) == name]


def _only(element: etree._Element, name: str) -> etree._Element:
    found = _children(element, name)
    if not found:
        raise EgovXmlError(f"{_path(element)}: expected a {name} element, found none")
    return found[0]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
    )


def parse_law(path: Path) -> etree._Element:
    try:
        tree = etree.parse(str(path), _parser())
    except OSError as exc:
        raise EgovXmlError(f"{path.name}: cannot be read: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise EgovXmlError(f"{path.name}: not well-formed XML (line {exc.lineno}): {exc.msg}") from None
    root = tree.getroot()
    docinfo = tree.docinfo
    if (
        docinfo.doctype
        or docinfo.internalDTD is not None
        or any(isinstance(n, etree._Entity) for n in root.iter())
    ):
        raise EgovXmlError(f"{path.name}: DTDs and entities are not accepted in a law file")
    if _local(root.tag) == "DataRoot":
        # The file as e-Gov's law API serves it: DataRoot › ApplData › LawFullText › Law.
        law = root
        for name in ("ApplData", "LawFullText", "Law"):
            law = _only(law, name)
        return law
    if _local(root.tag) != "Law":
        raise EgovXmlError(
            f"{_local(root.tag) or '(root)'}: expected the root element Law or DataRoot (法令標準XML)"
        )
    return root


def _is_article9_table(table: etree._Element) -> bool:
    related = "".join(element_text(el) for el in _children(table, "RelatedArticleNum"))
    return "第九条" in related or "第9条" in related


def _rows(table_el: etree._Element) -> Iterator[etree._Element]:
    for row in table_el:
        name = _local(row.tag)
        if name == "TableRow":
            yield row
        elif name == "TableHeaderRow" or not name:
            continue
        else:
            raise EgovXmlError(f"{_path(row)}: unexpected element {name} in Table (expected TableRow)")


def read_schedule(path: Path) -> ParsedLaw:
    """The Article 9 schedule of the law in ``path``; raises :class:`EgovXmlError` naming the element path."""
    root = parse_law(path)
    body = _only(root, "LawBody")
    title = "".join(element_text(el) for el in _children(body, "LawTitle"))
    law_num = "".join(element_text(el) for el in _children(root, "LawNum"))
    tables = _children(body, "AppdxTable")
    if not tables:
        raise EgovXmlError(f"{_path(body)}: no AppdxTable (別表) in this law")
    chosen = [t for t in tables if _is_article9_table(t)]
    if not chosen:
        raise EgovXmlError(
            f"{_path(body)}/AppdxTable: no table related to Article 9 (RelatedArticleNum containing 第九条)"
        )
    table = chosen[0]
    table_title = "".join(element_text(el) for el in _children(table, "AppdxTableTitle"))
    table_el = _only(_only(table, "TableStruct"), "Table")
    parsed = ParsedLaw(title=title, law_num=law_num, table_title=table_title, table_path=_path(table))
    for row in _rows(table_el):
        columns = _children(row, "TableColumn")
        others = [c for c in row if _local(c.tag) and _local(c.tag) != "TableColumn"]
        if others:
            raise EgovXmlError(f"{_path(others[0])}: unexpected element in TableRow (expected TableColumn)")
        texts = ["".join(column_sentences(c)) for c in columns]
        if len(columns) == 3:
            number_text, body_column, affair = texts[0], columns[1], texts[2]
        elif len(columns) == 2:
            number_text, body_column, affair = "", columns[0], texts[1]
        else:
            raise EgovXmlError(f"{_path(row)}: expected 2 or 3 TableColumn elements, found {len(columns)}")
        spaced = column_sentences(body_column, keep_space=True)
        match = _NUMBER.match(spaced[0]) if spaced and not number_text else None
        if match:
            number_text = match.group(1)
            spaced[0] = spaced[0][match.end() :]
        body_text = "、".join(_WHITESPACE.sub("", s) for s in spaced if s.strip())
        if not body_text or not affair:
            where = _path(body_column if not body_text else columns[-1])
            raise EgovXmlError(f"{where}: empty column (no Sentence text)")
        number = ""
        if number_text:
            try:
                number = row_number_of(number_text)
            except ValueError:
                number = number_text
        parsed.rows.append(ParsedRow(path=_path(row), number=number, body_text=body_text, affair=affair))
    if not parsed.rows:
        raise EgovXmlError(f"{_path(table_el)}: the table has no TableRow")
    parsed.defined = defined_laws([text for r in parsed.rows for text in (r.body_text, r.affair)])
    return parsed


# --- the cited statute --------------------------------------------------------------------------

_NUM = "[〇一二三四五六七八九十百千]+"
#: A law cited by its number: 昭和六十年法律第三十四号, 出入国管理及び難民認定法（昭和二十六年政令第三百十九号）.
LAW_NUMBER = re.compile(rf"(?:明治|大正|昭和|平成|令和)(?:{_NUM}|元)年(?:法律|政令)第{_NUM}号")

#: The leading statute name: it ends with 法/法律 and is followed by its number in brackets, an
#: article, 附則, その他 (「地方税法その他の地方税に関する法律」), 「の規定により」 or 「による」.
#: Names may contain 「、」 and 「・」 (医薬品、医療機器等の品質…に関する法律; 子ども・子育て支援法).
_STATUTE = re.compile(
    rf"^(?P<name>[^（）。「」]+?(?:法律|法))"
    rf"(?=（|による|第{_NUM}条|附則|その他|の規定|又は|及び|並びに|若しくは)"
)
_BRACKETED = re.compile(r"^（(?:[^（）]|（[^（）]*）)*）")

#: 「X法（昭和六十年法律第三十四号。以下この表において「昭和六十年法律第三十四号」という。）」:
#: the table then cites the statute by the defined term.
_DEFINED_LAW = re.compile(
    r"(?P<name>[^（）。「」]+?(?:法律|法))（(?P<number>[^（）。]*?号)。以下(?:この表において)?「(?P<term>[^」]+)」という。）"
)
_NAME_BOUNDARIES = ("又は", "若しくは", "、", "による", "。")


@dataclass(frozen=True)
class CitedStatute:
    name: str
    number: str  # e.g. 昭和四十六年法律第七十三号 ("" when the row does not give it)


def defined_laws(texts: list[str]) -> dict[str, CitedStatute]:
    """Statutes the table defines a short term for (the term → the statute), from all of its texts."""
    found: dict[str, CitedStatute] = {}
    for text in texts:
        for match in _DEFINED_LAW.finditer(text):
            name = match.group("name")
            # The regex starts at the first possible character; the name starts after the last list
            # word or clause end before it (「…の徴収又は雇用保険法等の一部を改正する法律」).
            cut = max((name.rfind(b) + len(b) for b in _NAME_BOUNDARIES if b in name), default=0)
            found[match.group("term")] = CitedStatute(name=name[cut:], number=match.group("number"))
    return found


def cited_statute(affair: str, defined: dict[str, CitedStatute] | None = None) -> CitedStatute | None:
    """The statute a schedule row's affair text starts from, e.g. ``児童手当法（昭和四十六年法律第七十三号）による…``.

    A row may cite an amending act by the number the table defined for it
    (``昭和六十年法律第三十四号附則第八十七条第二項の規定により…``): ``defined`` resolves it.
    """
    by_number = LAW_NUMBER.match(affair)
    if by_number:
        term = by_number.group(0)
        return (defined or {}).get(term)
    match = _STATUTE.match(affair)
    if not match:
        return None
    name = match.group("name")
    rest = affair[match.end() :]
    number = ""
    bracket = _BRACKETED.match(rest)
    if bracket:
        found = LAW_NUMBER.search(bracket.group(0))
        number = found.group(0) if found else ""
    elif (defined or {}).get(name):
        number = (defined or {})[name].number
    return CitedStatute(name=name, number=number)


__all__ = [
    "LAW_NUMBER",
    "CitedStatute",
    "EgovXmlError",
    "ParsedLaw",
    "ParsedRow",
    "cited_statute",
    "column_sentences",
    "defined_laws",
    "element_text",
    "kanji_to_int",
    "read_schedule",
    "row_number_of",
]
