"""Words the finding messages use for the declaration vocabularies (Japanese and English).

Messages must be the same in every process and language setting, so these are
plain strings rather than lazy translations.
"""

from __future__ import annotations

from collections.abc import Iterable

BODY_JA = {
    "mayor": "市町村長・区長",
    "governor": "都道府県知事",
    "board_of_education": "教育委員会",
    "minister": "大臣",
    "agency_head": "長官・機関の長",
    "union_head": "広域連合長",
    "other_organ": "その他の機関",
}
BODY_EN = {
    "mayor": "the mayor",
    "governor": "the governor",
    "board_of_education": "the board of education",
    "minister": "the minister",
    "agency_head": "the agency head",
    "union_head": "the union head",
    "other_organ": "another organ",
}
FIELD_JA = {
    "social_security": "社会保障",
    "welfare": "福祉",
    "health": "保健",
    "medical": "医療",
    "local_tax": "地方税",
    "disaster": "防災",
    "other": "その他",
}
FIELD_EN = {
    "social_security": "social security",
    "welfare": "welfare",
    "health": "health",
    "medical": "medical care",
    "local_tax": "local tax",
    "disaster": "disaster prevention",
    "other": "other",
}
CARD_JA = {
    "my_number_card": "マイナンバーカード",
    "residence_card": "在留カード",
    "special_residence_card": "特定在留カード",
    "special_permanent_resident_certificate": "特別永住者証明書",
    "smartphone_card_record": "スマートフォン用電子証明書等（カード代替電磁的記録）",
}
CARD_EN = {
    "my_number_card": "My Number card",
    "residence_card": "residence card",
    "special_residence_card": "special residence card",
    "special_permanent_resident_certificate": "special permanent resident certificate",
    "smartphone_card_record": "smartphone card record",
}
ITEM_JA = {
    "number": "個人番号",
    "name": "氏名",
    "address": "住所・住居地",
    "birth_date": "生年月日",
    "gender": "性別",
    "photo": "顔写真",
    "status_of_residence": "在留資格",
    "period_of_stay": "在留期間",
    "work_restriction": "就労制限の有無",
    "nationality": "国籍・地域",
    "residence_card_number": "在留カード番号",
    "certificate_serial": "電子証明書の発行番号（シリアル番号）",
    "resident_code": "住民票コード",
}
ITEM_EN = {
    "number": "individual number",
    "name": "name",
    "address": "address",
    "birth_date": "date of birth",
    "gender": "gender",
    "photo": "photo",
    "status_of_residence": "status of residence",
    "period_of_stay": "period of stay",
    "work_restriction": "work restriction",
    "nationality": "nationality/region",
    "residence_card_number": "residence card number",
    "certificate_serial": "certificate serial number",
    "resident_code": "resident record code",
}
CONNECTION_JA = {
    "lgwan": "LGWAN接続",
    "internal_lan": "庁内LAN接続",
    "standalone": "スタンドアロン",
    "internet": "インターネット接続",
}
LEVEL_JA = {"basic": "基礎項目評価", "key": "重点項目評価", "full": "全項目評価"}
LEVEL_EN = {"basic": "basic", "key": "key", "full": "full"}
KIND_JA = {
    "municipality": "市町村",
    "special_ward": "特別区",
    "prefecture": "都道府県",
    "national_body": "国の行政機関",
    "independent_agency": "独立行政法人等",
    "wide_area_union": "広域連合",
    "other": "その他の機関",
    "private": "民間事業者",
    "person": "本人・代理人",
}


def join_ja(values: Iterable[object]) -> str:
    return "、".join(str(v) for v in values)


def join_en(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)
