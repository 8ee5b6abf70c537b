"""The linkage permissions of the 2015 別表第二 (the table of the then Article 19(7)) and its
information categories, derived from :attr:`OfficialTexts.linkage_2015`.

別表第二 has four columns: 情報照会者 (the requester), 事務 (the requester's affair, one of the affairs
of 別表第一, worded its own way), 情報提供者 (the provider) and 特定個人情報 (the information). A row
may have several (provider, information) lines. Each (row, line, information) triple is one
permission: the requester's affair is the 別表第一 row the 事務 column refers to, the providers are
the bodies of the provider column and the category is one piece of the information column.

The information column names the kinds of information either by a term the table defines (「…に
関する情報（以下「地方税関係情報」という。）」, then 「地方税関係情報」) or by a description of its
own (「国民年金法による障害基礎年金の支給に関する情報」); a description is a category under its
own wording, since the Act gives it no shorter name.

Since 2024-05-27 (令和5年法律第48号) the ministerial ordinance on 利用特定個人情報 lists the pairs
(第19条第8号); the ordinance is not among the shared texts, so each pair is carried forward as its
content, unverified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from compliance.law.catalog.records import BodyValue
from compliance.law.egov.bodies import map_bodies, strip_notes
from compliance.law.egov.matching import match_key, similar
from compliance.law.egov.periods import CATALOG_START, NETWORK_START, RESTRUCTURE
from compliance.law.egov.texts import TEXT_2015, LinkageLine, OfficialTexts
from compliance.law.egov.xml import cited_statute
from compliance.law.numbers import kanji_row

#: 別表第二 takes effect with the network (番号法附則第1条第5号, see :mod:`.periods`); it gives way to
#: the ministerial ordinance with the restructure (令和5年法律第48号).
LINKAGE_START = NETWORK_START
CATEGORY_START = CATALOG_START
SUFFIX = "_table2"
ORDINANCE_SOURCE = "番号法第十九条第八号（令和5年法律第48号による改正後）・主務省令（利用特定個人情報）"

_INFO_TAIL = re.compile(r"であって主務省令で定めるもの$")
_DEFINITION = re.compile(r"（以下「(?P<term>[^」]+)」という。）")
#: A piece of the information column ends with 情報 or 事項, perhaps defined, before a list word.
_PIECE_END = re.compile(r"(?:情報|事項)(?:（以下「[^」]+」という。）)?(?=、|又は|若しくは|$)")
_LIST_WORD = re.compile(r"^(?:、|又は|若しくは)")
_AFFAIR_CORE = re.compile(r"に関する事務であって主務省令で定めるもの$")

#: Provider terms the 別表第二 defines or describes that the schedule's body table does not hold.
#: 一の項 defines 医療保険者: 全国健康保険協会、健康保険組合、日本私立学校振興・共済事業団、
#: 共済組合、市町村長又は国民健康保険組合.
_INSURERS = (
    BodyValue("医療保険者", ("independent_agency", "other"), "other_organ"),
    BodyValue("医療保険者", ("municipality", "special_ward"), "mayor"),
)
#: 「…の支給を行うこととされている者」: whoever pays the benefit under the laws cited — national
#: organs, local governments and the insurers and funds alike.
_BY_FUNCTION = re.compile(r".+(?:を行うこととされている者|を支給することとされている者)$")
_ANY_PAYER: tuple[tuple[tuple[str, ...], str], ...] = (
    (("national_body",), "minister"),
    (("prefecture",), "governor"),
    (("municipality", "special_ward"), "mayor"),
    (("wide_area_union",), "union_head"),
    (("independent_agency", "other"), "other_organ"),
)


@dataclass(frozen=True)
class InfoPiece:
    """One kind of information of the 第四欄: its name and, where the table defines it, its definition."""

    name: str
    defined: bool
    description: str  # the wording the definition gives (or the description itself)


@dataclass(frozen=True)
class Pair:
    """One permission of 別表第二 before 2024-05-27."""

    row: str  # 別表第二 項番 (``56-2``)
    line: int  # the (provider, information) line of the row, from 1
    requester_row: str  # key of the 2015 別表第一 row in schedule_rows.yaml
    requester_number: str  # its 項番
    providers: tuple[BodyValue, ...]
    provider_text: str
    category: str
    also: tuple[str, ...] = ()  # other rows of 別表第二 that give the same permission

    def identity(self) -> tuple[str, str, frozenset[tuple[str, tuple[str, ...], str]]]:
        return (
            self.requester_row,
            self.category,
            frozenset((b.label, b.kinds, b.body) for b in self.providers),
        )


def kanji(number: str) -> str:
    """``56-2`` → ``五十六の二``."""
    return kanji_row(number)


def information_pieces(text: str) -> list[InfoPiece]:
    """The kinds of information one 第四欄 cell names, in order.

    ``地方税関係情報、住民票関係情報又は介護保険給付等関係情報であって主務省令で定めるもの`` → three
    pieces. A description keeps its inner lists (「永住帰国旅費、自立支度金…の支給に関する情報」 is one
    piece): pieces end only where 情報 (or 事項 with a definition) meets a list word.
    """
    body = _INFO_TAIL.sub("", text.strip())
    pieces: list[InfoPiece] = []
    start = 0
    for match in _PIECE_END.finditer(body):
        raw = body[start : match.end()]
        start = match.end()
        raw = _LIST_WORD.sub("", raw)
        if not raw:
            continue
        if start < len(body):
            start += len(_LIST_WORD.match(body[start:]).group(0))  # type: ignore[union-attr]
        definition = _DEFINITION.search(raw)
        if definition:
            pieces.append(InfoPiece(definition.group("term"), True, raw[: definition.start()]))
        else:
            pieces.append(InfoPiece(raw, False, raw))
    return pieces


def defined_terms(lines: Iterable[LinkageLine]) -> dict[str, str]:
    """Every term the 第四欄 defines → its definition."""
    terms: dict[str, str] = {}
    for line in lines:
        for piece in information_pieces(line.information):
            if piece.defined:
                terms.setdefault(piece.name, piece.description)
    return terms


def map_providers(text: str) -> tuple[list[BodyValue], list[str]]:
    """Body references for a 情報提供者 cell, with the terms of 別表第二 the body table lacks."""
    cleaned = strip_notes(text).strip()
    if _BY_FUNCTION.fullmatch(cleaned):
        return [BodyValue(cleaned, kinds, body) for kinds, body in _ANY_PAYER], []
    if cleaned.startswith("医療保険者"):
        rest = re.sub(r"^医療保険者(?:又は|、)?", "", cleaned)
        bodies, unmapped = map_bodies(rest) if rest else ([], [])
        return [*_INSURERS, *bodies], unmapped
    return map_bodies(text)


def _pairs_of(bodies: Iterable[Any]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for b in bodies:
        kinds = b["kinds"] if isinstance(b, dict) else b.kinds
        body = b["body"] if isinstance(b, dict) else b.body
        if isinstance(b, dict) and b.get("delegated_by"):
            continue
        found.update((k, body) for k in kinds)
    return found


def _grams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(max(len(text) - 2, 1))}


def requester_rows(
    line: LinkageLine, rows: list[dict[str, Any]], defined: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The 2015 別表第一 rows (records of schedule_rows.yaml) whose affair the 第二欄 refers to.

    別表第二 words the affair without the definitions 別表第一 adds and often names only part of it
    (「児童福祉法による小児慢性特定疾病医療費の支給に関する事務」 is part of 別表第一 七): the row is
    one of the same statute (or, for an affair named by a term of 別表第一, the row defining it),
    whose bodies include the requester's, covering most of the 第二欄's wording. A requester column
    naming two bodies may refer to two rows (十六: 都道府県知事 in 七, 市町村長 in 八), so each body
    of the requester column finds its row.
    """

    statute = cited_statute(line.affair, defined)
    core = match_key(_AFFAIR_CORE.sub("", line.affair))
    pool: list[dict[str, Any]] = []
    if statute is not None:
        pool = [r for r in rows if match_key(str(r["statute"])) == match_key(statute.name)]
    if not pool:  # 「中国残留邦人等支援給付等の支給に関する事務」: a term 別表第一 defines
        term = re.match(r"^(.+?)(?:の|に関する)", line.affair)
        pool = [r for r in rows if term and f"「{term.group(1)}」" in str(r["affair"])]
    if not pool:
        return []
    grams = _grams(core)

    def score(row: dict[str, Any]) -> tuple[float, float]:
        text = match_key(str(row["affair"]))
        covered = sum(1 for g in grams if g in text) / len(grams)
        return covered, similar(str(row["affair"]), line.affair)

    by_label: dict[str, list[BodyValue]] = {}
    for body in map_bodies(line.requester)[0]:
        by_label.setdefault(body.label, []).append(body)
    whole = max(pool, key=score)
    found: list[dict[str, Any]] = []
    for bodies in by_label.values() or [[]]:
        wanted = _pairs_of(bodies)
        candidates = [r for r in pool if wanted <= _pairs_of(r["bodies"])] or [whole]
        best = max(candidates, key=score)
        if all(best is not f for f in found):
            found.append(best)
    return found


@dataclass
class Derivation:
    pairs: list[Pair]
    categories: dict[str, InfoPiece]  # name → piece, in order of first use
    problems: list[str]
    rows: int  # rows of 別表第二 read (a deleted row not counted)


def derive_pairs(texts: OfficialTexts, schedule: list[dict[str, Any]]) -> Derivation:
    """Every (row, line, information) permission of 別表第二, with the 2015 別表第一 rows of ``schedule``."""
    rows_2015 = [r for r in schedule if str(r.get("source", "")).startswith(TEXT_2015)]
    pairs: list[Pair] = []
    categories: dict[str, InfoPiece] = {}
    problems: list[str] = []
    numbers: list[str] = []
    line_no: dict[str, int] = {}
    requesters: dict[str, list[dict[str, Any]]] = {}
    defined = texts.schedule_2015.defined
    for line in texts.linkage_2015:
        if line.requester == "削除" and not line.affair:
            continue  # 三十六: a row number the Act keeps for a deleted row
        if line.row not in requesters:
            numbers.append(line.row)
            requesters[line.row] = requester_rows(line, rows_2015, defined)
            if not requesters[line.row]:
                problems.append(f"別表第二 {line.row}: no 別表第一 row for 「{line.affair}」")
        line_no[line.row] = line_no.get(line.row, 0) + 1
        found = requesters[line.row]
        providers, unmapped = map_providers(line.provider)
        pieces = information_pieces(line.information)
        if unmapped or not providers:
            problems.append(f"別表第二 {line.row}: provider not placed: {unmapped or line.provider!r}")
        if not pieces:
            problems.append(f"別表第二 {line.row}: no information in {line.information!r}")
        if not found or unmapped or not providers:
            continue
        for piece, row in ((piece, row) for piece in pieces for row in found):
            categories.setdefault(piece.name, piece)
            pairs.append(
                Pair(
                    row=line.row, line=line_no[line.row], requester_row=str(row["key"]),
                    requester_number=str(row["row_number"]), providers=tuple(providers),
                    provider_text=line.provider, category=piece.name,
                )
            )  # fmt: skip
    # A description that is, word for word, a term's definition is that term.
    terms = {p.description: name for name, p in categories.items() if p.defined}
    for name in [n for n, p in categories.items() if not p.defined and n in terms]:
        categories.pop(name)
        pairs = [Pair(**{**p.__dict__, "category": terms[name]}) if p.category == name else p for p in pairs]
    # Two rows of 別表第二 whose requesters share a 別表第一 row (二 and 三: the 協会 and the 組合 of
    # 別表第一 二) may give the same permission twice; it is one record, naming both rows.
    first: dict[Any, int] = {}
    unique: list[Pair] = []
    for pair in pairs:
        at = first.get(pair.identity())
        if at is None:
            first[pair.identity()] = len(unique)
            unique.append(pair)
        elif pair.row != unique[at].row and pair.row not in unique[at].also:
            unique[at] = Pair(**{**unique[at].__dict__, "also": (*unique[at].also, pair.row)})
    return Derivation(unique, categories, problems, len(numbers))


def _ref(b: BodyValue) -> dict[str, Any]:
    return {"label": b.label, "kinds": list(b.kinds), "body": b.body}


def _covers(providers: Iterable[Any], wanted: Iterable[Any]) -> int:
    have = _pairs_of(providers)
    return sum(1 for pair in _pairs_of(wanted) if pair in have)


def permission_records(
    derivation: Derivation,
    schedule: list[dict[str, Any]],
    existing: list[dict[str, Any]],
    aliases: dict[str, str],
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """The permission records (before and from 2024-05-27), the hand-written keys they replace and
    the hand-written keys that have no counterpart in 別表第二 (dropped)."""
    current_keys = {
        str(r["key"]) for r in schedule
        if str(r.get("in_force_from")) >= RESTRUCTURE.isoformat() or r.get("resident_register")
    }  # fmt: skip

    def canonical(name: str) -> str:
        return aliases.get(name, name)

    old = [
        r for r in existing
        if str(r.get("in_force_from")) < RESTRUCTURE.isoformat() and str(r["key"]).endswith(SUFFIX)
    ]  # fmt: skip
    keys: dict[int, str] = {}
    kept: list[str] = []
    for record in old:
        matches = [
            (i, p) for i, p in enumerate(derivation.pairs)
            if i not in keys and p.requester_row == record["requester_row"]
            and p.category == canonical(str(record["category"]))
        ]  # fmt: skip
        if not matches:
            continue
        best = max(matches, key=lambda m: (_covers(m[1].providers, record["providers"]), -m[0]))
        keys[best[0]] = str(record["key"])
        kept.append(str(record["key"]))
    # A 準法定事務 (quasi affair) requests under 19(8) as 準法定事務処理者 since 2024-05-27; its permissions
    # come from the ministerial ordinance, never from 別表第二, so they are kept as written.
    schedule_keys = {str(r["key"]) for r in schedule}
    quasi = [r for r in existing if str(r["requester_row"]) not in schedule_keys]
    replaced = set(kept) | {k.removesuffix(SUFFIX) for k in kept} | {str(r["key"]) for r in quasi}
    dropped = sorted(str(r["key"]) for r in existing if str(r["key"]) not in replaced)
    before: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for i, pair in enumerate(derivation.pairs):
        key = keys.get(i) or f"beppyo2-{pair.row}-{pair.line}-{_index(derivation.pairs, i)}{SUFFIX}"
        place = f"別表第二 {kanji(pair.row)}の項"
        providers = [_ref(b) for b in pair.providers]
        also = (
            "同じ組合せは" + "・".join(f"別表第二 {kanji(r)}の項" for r in pair.also) + "にもある。"
            if pair.also
            else ""
        )
        before.append({
            "key": key, "requester_row": pair.requester_row, "category": pair.category,
            "providers": providers,
            "in_force_from": LINKAGE_START, "in_force_until": RESTRUCTURE,
            "source": f"{TEXT_2015} {place}", "verified": True,
            "notes": f"情報照会者・事務・情報提供者（「{strip_notes(pair.provider_text)}」）・特定個人情報は2015年の条文の{place}"
            f"による（照会者の事務は別表第一 {kanji(pair.requester_number)}の項）。始期（情報提供ネットワークシステム"
            "による提供の開始、番号法附則第1条第5号の政令で定める日）と終期（令和5年法律第48号の施行日）は手元の条文では"
            "確認できない。" + also,
        })  # fmt: skip
        if pair.requester_row not in current_keys:
            continue  # the requester's row did not pass into the 2025 別表 under the same key
        after.append({
            "key": key.removesuffix(SUFFIX), "requester_row": pair.requester_row, "category": pair.category,
            "providers": providers, "in_force_from": RESTRUCTURE,
            "source": ORDINANCE_SOURCE, "verified": False,
            "notes": f"2015年の条文の{place}の組合せを、2024-05-27以後は主務省令（利用特定個人情報）が引き継いだもの"
            "として記録した。主務省令の条文は手元の条文にないため、引き継がれたかどうかは確認できない。",
        })  # fmt: skip
    return before + after + quasi, kept, dropped


def _index(pairs: list[Pair], i: int) -> int:
    """The place of pair ``i`` among the pairs of its line (one per information piece), from 1."""
    p = pairs[i]
    return sum(1 for q in pairs[: i + 1] if (q.row, q.line) == (p.row, p.line))


def category_records(derivation: Derivation, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The categories 別表第二 names, keeping the key, aliases and description of an existing one of
    the same name; then the existing categories the table does not name (later amendments)."""
    by_name = {str(c["name"]): c for c in existing}
    for c in existing:
        for alias in c.get("aliases") or []:
            by_name.setdefault(str(alias), c)
    first_row: dict[str, str] = {}
    for pair in derivation.pairs:
        first_row.setdefault(pair.category, pair.row)
    records: list[dict[str, Any]] = []
    used: set[str] = set()
    number = 0
    for name, piece in derivation.categories.items():
        was = by_name.get(name)
        if was is None:
            number += 1
        key = str(was["key"]) if was else f"beppyo2-info-{number:03d}"
        used.add(key)
        place = f"別表第二 {kanji(first_row.get(name, '1'))}の項"
        record: dict[str, Any] = {"key": key, "name": name}
        if was and was.get("aliases"):
            record["aliases"] = list(was["aliases"])
        record["description"] = (
            piece.description + "。" if piece.defined else (was or {}).get("description", piece.description)
        )
        record["in_force_from"] = CATEGORY_START
        record["source"] = f"{TEXT_2015} {place}「{piece.description}」"
        record["verified"] = True
        record["notes"] = (
            f"名称は2015年の条文の{place}の第四欄が定義する語。始期は番号の利用の開始日（番号法附則第1条第4号の政令で"
            "定める日）とし、手元の条文では確認できない。"
            if piece.defined
            else f"別表第二はこの情報に短い名称を定めていないため、{place}の第四欄の文言をそのまま名称とした。始期は"
            "番号の利用の開始日とし、手元の条文では確認できない。"
        )
        if was and was.get("aliases"):
            record["notes"] += (
                "別名（" + "、".join(was["aliases"]) + "）は自治体の資料が使う呼び名で、宣言でも受け付ける。"
            )
        records.append(record)
    records.extend(c for c in existing if str(c["key"]) not in used)
    return records
