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

from compliance.law.egov.texts import TEXT_2015, TEXT_2025, OfficialTexts

CATALOG_START = dt.date(2016, 1, 1)  # 番号法附則第1条第4号: use of the number (第9条, 別表第一) begins
#: 番号法附則第1条第5号 (第19条第7号, 別表第二) and 平成27年法律第65号附則第1条第5号 take effect on the
#: day a cabinet order sets; the catalog uses 2017-05-30 (not stated in the shared texts).
NETWORK_START = dt.date(2017, 5, 30)
#: The day the employer-transfer item (today's 19(4)) moved items 4… down by one; not stated in the
#: shared texts (seed documents of 2022 already quote the 2025 numbering).
EMPLOYER_ITEM_START = dt.date(2021, 9, 1)
#: 令和5年法律第48号: the 別表 restructure and 別表第二 → 主務省令, on the day the cabinet order sets.
RESTRUCTURE = dt.date(2024, 5, 27)

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
    digits = "〇一二三四五六七八九"
    value, text = int(number), ""
    for unit, name in ((100, "百"), (10, "十")):
        count, value = divmod(value, unit)
        if count:
            text += ("" if count == 1 else digits[count]) + name
    return text + (digits[value] if value else "")


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
