"""Deriving catalog records from the Act's official texts (:mod:`compliance.law.egov.texts`).

``manage.py derive_catalog`` writes what these functions return into ``fixtures/law/``; the files
are then reviewed and committed like code. Each record names the text and the place it came from
in ``source``; what a text does not settle (a date set by cabinet order, a numbering between the two
snapshots) is said in ``notes`` and leaves the record ``verified: false``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from compliance.law.egov.bodies import map_bodies
from compliance.law.egov.matching import guess_field, match_key, similar
from compliance.law.egov.periods import CATALOG_START, EMPLOYER_ITEM_START, NETWORK_START, RESTRUCTURE
from compliance.law.egov.suppl import RowAmendment
from compliance.law.egov.texts import TEXT_2015, TEXT_2025, OfficialTexts
from compliance.law.egov.xml import cited_statute
from compliance.law.numbers import int_to_kanji, kanji_row

TITLES: dict[str, str] = {
    "to_person_or_related": "個人番号利用事務実施者による本人・個人番号関係事務実施者等への提供",
    "related_affairs": "個人番号関係事務実施者による提供",
    "from_person": "本人又は代理人による提供",
    "employer_transfer": "転職時の使用者等の間の提供（本人の同意）",
    "jlis": "地方公共団体情報システム機構による機構保存本人確認情報の提供",
    "entrustment": "委託・事業の承継に伴う提供",
    "resident_register": "住民基本台帳法による提供",
    "network": "情報提供ネットワークシステムによる提供",
    "ordinance_network": "条例事務関係情報照会者による情報提供ネットワークシステムでの提供",
    "tax": "国税・地方税に関する国税庁長官・都道府県知事・市町村長の間の提供",
    "intra_government": "同一地方公共団体の他の機関への提供（条例）",
    "book_entry": "振替機関等による提供",
    "commission": "個人情報保護委員会への提供",
    "mic": "総務大臣への提供",
    "public_interest": "国会・裁判・刑事事件の捜査・会計検査院の検査その他政令で定める公益上の必要による提供",
    "life_protection": "人の生命、身体又は財産の保護のための提供",
    "commission_rule": "個人情報保護委員会規則で定める場合の提供",
}

#: (ground, 2015 text item, item 2017-05-30 … 2021-08-31, 2025 text item). None: no such item then.
#: 2015 → 2017: 平成27年法律第65号 inserted the ordinance-affair linkage item after the network item,
#: and 平成29年法律第36号 the 総務大臣 item after the commission item (its 附則第4条 gives the
#: renumbering for the case that it takes effect on or after the network day, both texts' tables
#: agree: commission 12, 総務大臣 13, public interest 14). The employer-transfer item came later.
NUMBERING: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("to_person_or_related", "1", "1", "1"),
    ("related_affairs", "2", "2", "2"),
    ("from_person", "3", "3", "3"),
    ("employer_transfer", None, None, "4"),
    ("jlis", "4", "4", "5"),
    ("entrustment", "5", "5", "6"),
    ("resident_register", "6", "6", "7"),
    ("network", None, "7", "8"),  # 2015: 第七号, not yet in force (番号法附則第1条第5号)
    ("ordinance_network", None, "8", "9"),
    ("tax", "8", "9", "10"),
    ("intra_government", "9", "10", "11"),
    ("book_entry", "10", "11", "12"),
    ("commission", "11", "12", "13"),
    ("mic", None, "13", "14"),
    ("public_interest", "12", "14", "15"),
    ("life_protection", "13", "15", "16"),
    ("commission_rule", "14", "16", "17"),
)


@dataclass(frozen=True)
class Derived:
    """Records of one catalog file, in file order."""

    name: str
    records: list[dict[str, Any]]


def _kanji(number: str) -> str:
    return int_to_kanji(number)


def article19_items(texts: OfficialTexts) -> Derived:
    """Article 19's items under stable grounds, one period row per numbering."""
    old, new = texts.article19_2015, texts.article19_2025
    records: list[dict[str, Any]] = []
    for ground, item_2015, item_2017, item_2025 in NUMBERING:
        title = TITLES[ground]
        if item_2015 is not None:
            records.append({
                "key": f"{ground}@2016", "ground": ground, "item": item_2015, "title": title,
                "meaning": old[item_2015],
                "in_force_from": CATALOG_START, "in_force_until": NETWORK_START,
                "source": f"{TEXT_2015} 第十九条第{_kanji(item_2015)}号", "verified": False,
                "notes": "号番号と文言は2015年の条文による。終期（番号法附則第1条第5号・平成27年法律第65号の施行日"
                " 2017-05-30）は政令で定める日で、手元の条文では確認できない。",
            })  # fmt: skip
        if item_2017 is not None:
            records.append({
                "key": f"{ground}@2017", "ground": ground, "item": item_2017, "title": title,
                "meaning": (old.get(item_2015 or "") or new[item_2025]) if ground != "network" else old["7"],
                "in_force_from": NETWORK_START, "in_force_until": EMPLOYER_ITEM_START,
                "source": "番号法第十九条（平成27年法律第65号・平成29年法律第36号による改正後）",
                "verified": False,
                "notes": "この期間の条文は手元にない。号番号は平成29年法律第36号附則第4条の読替表（2025年の条文の附則）"
                "から導いた。文言は前後の条文によるもので、始期・終期とも未確認。",
            })  # fmt: skip
        if ground == "network":
            records.append({
                "key": "network@2021", "ground": ground, "item": item_2025, "title": f"{title}（別表第二）",
                "meaning": old["7"],
                "in_force_from": EMPLOYER_ITEM_START, "in_force_until": RESTRUCTURE,
                "source": "番号法第十九条第八号（令和5年法律第48号による改正前）", "verified": False,
                "notes": "この期間の条文は手元にない。文言は2015年の条文の第七号（別表第二による情報連携）による。"
                "号番号は2025年の条文と同じ。始期は未確認、終期は令和5年法律第48号の施行日（政令、2024-05-27）。",
            })  # fmt: skip
            records.append({
                "key": "network@2024", "ground": ground, "item": item_2025, "title": f"{title}（主務省令）",
                "meaning": new[item_2025], "in_force_from": RESTRUCTURE,
                "source": f"{TEXT_2025} 第十九条第{_kanji(item_2025)}号", "verified": False,
                "notes": "号番号と文言は2025年の条文による。始期は令和5年法律第48号の施行日として政令で定める日"
                "（2024-05-27）で、手元の条文では確認できない。",
            })  # fmt: skip
            continue
        records.append({
            "key": f"{ground}@2021", "ground": ground, "item": item_2025, "title": title,
            "meaning": new[item_2025], "in_force_from": EMPLOYER_ITEM_START,
            "source": f"{TEXT_2025} 第十九条第{_kanji(item_2025)}号", "verified": False,
            "notes": "号番号と文言は2025年の条文による。始期（第4号の追加による繰下げ）は手元の条文では確認できない。",
        })  # fmt: skip
    return Derived("article19_items", records)


# --- Article 9(1): the schedule -----------------------------------------------------------------

#: Bodies that by law perform part of a row's affair (第9条第1項: 法令の規定により…事務の全部又は一部を
#: 行うこととされている者), by statute: (label, kinds, body, delegating statute). None of these is
#: stated by the shared texts, so the rows that carry them note it.
DELEGATED: dict[str, tuple[tuple[str, tuple[str, ...], str, str], ...]] = {
    # 国民年金法第三条第三項: 市町村長 performs part of the national pension affairs (届出の受理等).
    "国民年金法": (("市町村長", ("municipality", "special_ward"), "mayor", "国民年金法第三条第三項"),),
    # 出入国管理及び難民認定法第六十九条の二: the 法務大臣's powers delegated to the 出入国在留管理庁長官.
    "出入国管理及び難民認定法": (
        ("出入国在留管理庁長官", ("national_body",), "agency_head", "出入国管理及び難民認定法第六十九条の二"),
    ),
}


#: Keys chosen by review where text similarity picks the wrong catalog row: 別表 三十一の二 (在留資格に
#: 係る許可) is the row declarations cite as 出入国管理及び難民認定法「在留」; the catalog's
#: refugee-recognition row has no row in either text.
KEY_OVERRIDES = {"31-2": "residence_status"}


def _pair(left: list[dict[str, Any]], right: list[dict[str, Any]], *, threshold: float) -> dict[int, int]:
    """One-to-one pairs (index in left → index in right) of rows citing the same statute, best first."""

    scored = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            if match_key(a["statute"]) == match_key(b["statute"]):
                # Same bodies weigh in: short affair texts of one statute look alike.
                same_bodies = {x["label"] for x in a.get("bodies", [])} == {
                    x["label"] for x in b.get("bodies", [])
                }
                score = similar(a["affair"], b["affair"]) + (0.2 if same_bodies else 0.0)
                if score >= threshold:
                    scored.append((score, i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _score, i, j in sorted(scored, reverse=True):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _same_statute(a: str, b: str) -> bool:
    return match_key(a) == match_key(b)


def _rows_of(law: Any, *, text: str, table: str) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for parsed in law.rows:
        if parsed.body_text == "削除" and not parsed.affair:
            continue  # a row number the Act keeps for a deleted row (別表第一 二十五)
        statute = cited_statute(parsed.affair, law.defined)
        bodies, unmapped = map_bodies(parsed.body_text)
        if statute is None or unmapped:
            problems.append(f"{table} {parsed.number}: {statute and statute.name} {unmapped}")
            continue
        number_kanji = kanji_row(parsed.number)
        rows.append({
            "row_number": parsed.number, "statute": statute.name, "statute_number": statute.number,
            "affair": parsed.affair, "body_text": parsed.body_text,
            "bodies": [{"label": b.label, "kinds": list(b.kinds), "body": b.body} for b in bodies],
            "field": guess_field(statute.name, parsed.affair),
            "source": f"{text} {table} {number_kanji}の項",
        })  # fmt: skip
    return rows, problems


def schedule_rows(
    texts: OfficialTexts, existing: list[dict[str, Any]]
) -> tuple[Derived, dict[str, str], list[str]]:
    """Every row of the 2015 別表第一 and of the 2025 別表, with keys carried from ``existing`` rows.

    Returns the records, the renames of existing keys (old → new, for the records that refer to
    rows) and the problems (rows that could not be mapped; none is expected).
    """
    old, old_problems = _rows_of(texts.schedule_2015, text=TEXT_2015, table="別表第一")
    new, new_problems = _rows_of(texts.schedule_2025, text=TEXT_2025, table="別表")
    kept = [r for r in existing if r.get("resident_register")]  # 住民基本台帳法 rows, not in the 別表
    current = [r for r in existing if not r.get("resident_register") and r.get("in_force_from") and
               str(r["in_force_from"]) >= RESTRUCTURE.isoformat()]  # fmt: skip
    former = [r for r in existing if not r.get("resident_register") and r not in current]
    # Keys: a 2025 row takes the key of the catalog row it replaces; a 2015 row carried into the
    # 2025 table takes its successor's key, so the restructure is a change of one record; a row new
    # in 2025 whose predecessor the catalog had only for the 2015 table takes that one's key.
    carried = _pair(old, new, threshold=0.6)
    current_pairs = _pair(current, new, threshold=0.3)
    former_pairs = _pair(former, old, threshold=0.3)
    new_keys: dict[int, str] = {j: str(current[i]["key"]) for i, j in current_pairs.items()}
    for i, j in former_pairs.items():
        successor = carried.get(j)
        key = str(former[i]["key"]).removesuffix("_2016")
        if successor is not None and successor not in new_keys and key not in new_keys.values():
            new_keys[successor] = key
    # Catalog rows dated from 2016 that the 2015 table does not have (added by later amendments):
    # their key goes to the 2025 row, if no other catalog row named it.
    unpaired = [r for i, r in enumerate(former) if i not in former_pairs]
    free = [r if k not in new_keys else {"statute": "", "affair": ""} for k, r in enumerate(new)]
    for i, j in _pair(unpaired, free, threshold=0.3).items():
        if str(unpaired[i]["key"]).removesuffix("_2016") in new_keys.values():
            continue
        new_keys[j] = str(unpaired[i]["key"]).removesuffix("_2016")
        current.append(unpaired[i])
        current_pairs[len(current) - 1] = j
    for number, key in KEY_OVERRIDES.items():
        j = next(k for k, r in enumerate(new) if r["row_number"] == number)
        new_keys[j] = key
    for j, r in enumerate(new):
        new_keys.setdefault(j, f"row-{r['row_number']}")
    old_keys: dict[int, str] = {}
    for i, r in enumerate(old):
        old_keys[i] = new_keys[carried[i]] if i in carried else f"row2015-{r['row_number']}"
    for i, j in former_pairs.items():
        if j not in carried:
            old_keys[j] = str(former[i]["key"])
    renames: dict[str, str] = {}
    for i, j in former_pairs.items():
        renames[str(former[i]["key"])] = old_keys[j]
    for i, j in current_pairs.items():
        renames[str(current[i]["key"])] = new_keys[j]
    # A catalog row that merged or split real rows: its references go to the closest real row.
    for rows, pool, keys in ((current, new, new_keys), (former, old, old_keys)):
        for r in rows:
            if str(r["key"]) in renames:
                continue
            best = max(
                ((similar(r["affair"], p["affair"]), k) for k, p in enumerate(pool)
                 if _same_statute(r["statute"], p["statute"])),
                default=(0.0, -1),
            )  # fmt: skip
            if best[0] >= 0.3:
                renames[str(r["key"])] = keys[best[1]]
    records: list[dict[str, Any]] = []
    statute_numbers: dict[str, str] = {}

    def record(
        row: dict[str, Any], key: str, start: dt.date, until: dt.date | None, note: str
    ) -> dict[str, Any]:
        # The catalog row this one replaces, of the same table (its field and ordinance reference stay).
        pool = former if until else current
        was = next((r for r in pool if renames.get(str(r["key"])) == key), None)
        bodies = list(row["bodies"])
        delegated = [
            {"label": label, "kinds": list(kinds), "body": body, "delegated_by": by}
            for label, kinds, body, by in DELEGATED.get(row["statute"], ())
        ]
        notes = note
        if delegated:
            notes += (
                " 法令の規定により事務の一部を行う者（"
                + "、".join(f"{d['label']}: {d['delegated_by']}" for d in delegated)
                + "）は委任する法令の条文が手元にないため未確認。"
            )
        if row["statute_number"]:
            statute_numbers.setdefault(row["statute"], row["statute_number"])
        out: dict[str, Any] = {
            "key": key, "row_number": row["row_number"], "statute": row["statute"], "affair": row["affair"],
            "bodies": bodies + delegated,
            "field": (was or {}).get("field", row["field"]),
        }  # fmt: skip
        if was and was.get("ordinance_ref"):
            out["ordinance_ref"] = was["ordinance_ref"]
        out["in_force_from"] = start
        if until:
            out["in_force_until"] = until
        out.update({"source": row["source"], "verified": False, "notes": notes})
        return out

    for i, row in enumerate(old):
        records.append(record(
            row, old_keys[i], CATALOG_START, RESTRUCTURE,
            "項番・上欄・下欄は2015年の条文（別表第一）による。始期（番号法附則第1条第4号）と終期"
            "（令和5年法律第48号の施行日 2024-05-27）は政令で定める日で、手元の条文では確認できない。",
        ))  # fmt: skip
    for j, row in enumerate(new):
        records.append(record(
            row, new_keys[j], RESTRUCTURE, None,
            "項番・上欄・下欄は2025-09-24の条文（別表）による。始期は令和5年法律第48号の施行日（政令、"
            "2024-05-27）とした。その後の改正で加わった項は始期がこれより後になるが、手元の条文では日付を確認できない。",
        ))  # fmt: skip
    records = _split_at_stated_amendments(records, texts.row_amendments_2025)
    records.sort(key=lambda r: (r["key"], r["in_force_from"]))
    records.extend(kept)
    STATUTE_NUMBERS.clear()
    STATUTE_NUMBERS.update(statute_numbers)
    return Derived("schedule_rows", records), renames, old_problems + new_problems


def _split_at_stated_amendments(
    records: list[dict[str, Any]], amendments: list[RowAmendment]
) -> list[dict[str, Any]]:
    """A 2025 row whose change a supplementary provision dates after the restructure has two periods:
    the text's wording from that day, and before it the wording the amendment replaced (when the
    provision names it, see :class:`RowAmendment`), else the text's wording marked as not confirmed."""
    out: list[dict[str, Any]] = []
    for r in records:
        change = next(
            (
                a
                for a in amendments
                if a.row_number == r["row_number"] and str(r["source"]).startswith(TEXT_2025)
            ),
            None,
        )
        if change is None:
            out.append(r)
            continue
        day = change.effective.isoformat()
        before = change.wording_before(r["affair"])
        if before is not None and change.insertion is not None:
            after, inserted = change.insertion
            note = (
                f"{change.citation}（{day}施行）による改正前の文言。改正規定（「{after}」の下に「{inserted}」を加える）"
                "から復元した。始期は令和5年法律第48号の施行日（政令、2024-05-27）。"
            )
        else:
            note = (
                f"{change.citation}により{day}に改正された項。改正前の文言は手元の条文にないため改正後の文言を示す"
                "（未確認）。始期は令和5年法律第48号の施行日（政令、2024-05-27）。"
            )
        earlier = {k: v for k, v in r.items() if k not in ("source", "verified", "notes")}
        earlier.update({
            "affair": before or r["affair"], "in_force_until": change.effective,
            "source": f"{r['source']}（{change.citation}による改正前）", "verified": False, "notes": note,
        })  # fmt: skip
        later = {**r, "in_force_from": change.effective}
        later["notes"] = (
            f"項番・上欄・下欄は2025-09-24の条文（別表）による。始期は{change.citation}の定める日（{day}）。"
        )
        out.extend((earlier, later))
    return out


#: the law numbers the last :func:`schedule_rows` run read (statute name → number)
STATUTE_NUMBERS: dict[str, str] = {}


def new_statutes(
    rows: list[dict[str, Any]], existing: list[dict[str, Any]], numbers: dict[str, str]
) -> list[dict[str, Any]]:
    """Statutes the derived rows cite that ``existing`` (statutes.yaml) does not have yet."""

    known = {match_key(str(s["name"])) for s in existing}
    added: list[dict[str, Any]] = []
    for row in rows:
        name = str(row["statute"])
        if match_key(name) in known:
            continue
        known.add(match_key(name))
        added.append({
            "key": f"statute-{len(added) + 1:03d}", "name": name, "number": numbers.get(name, ""), "kind": "law",
            "in_force_from": row["in_force_from"],
            "source": f"{row['source']}に引用", "verified": False,
            "notes": "題名と法令番号は番号法の別表の引用による。in_force_from は引用する項の始期で、この法律自体の施行日ではない。",
        })  # fmt: skip
    return added
