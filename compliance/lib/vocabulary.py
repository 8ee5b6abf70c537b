"""The closed vocabularies of the declaration format, each declared once (docs/domain.md §5).

Every layer takes its words from here: the legal catalog (compliance.law), the check rules'
finding messages (compliance.checks), the registry's models and forms, the data-flow diagram,
the templates and the public filters. The values are part of the public ``pia-declaration/1``
contract: never rename one.

Labels are Japanese gettext message ids; their English is in the message catalogs
(``locale/en`` and the apps' ``locale/en``). Finding messages are stored in both languages at
once, so they cannot use a lazy label: :func:`ja` gives the Japanese label whatever language is
active, and the ``*_EN`` tables give the English form a finding message uses in running text
(lower case, with the article where the sentence needs one). ``tests/lib/test_vocabulary.py``
checks that every value has both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("市町村")
    SPECIAL_WARD = "special_ward", _("特別区")
    PREFECTURE = "prefecture", _("都道府県")
    NATIONAL_BODY = "national_body", _("国の行政機関")
    INDEPENDENT_AGENCY = "independent_agency", _("独立行政法人等")
    WIDE_AREA_UNION = "wide_area_union", _("広域連合")
    LOCAL_INDEPENDENT_AGENCY = "local_independent_agency", _("地方独立行政法人")
    OTHER = "other", _("その他")


#: Kinds that are local governments (地方公共団体): 9(2) ordinances, 19(11), third-party review.
LOCAL_GOVERNMENT_KINDS = frozenset(
    {
        OrganizationKind.MUNICIPALITY,
        OrganizationKind.SPECIAL_WARD,
        OrganizationKind.PREFECTURE,
        OrganizationKind.WIDE_AREA_UNION,
    }
)

#: 地方公共団体等 (番号法第2条第14項 and 評価規則): the local governments' organs and 地方独立行政法人.
#: Their full assessments get a third-party review (第三者点検) instead of the commission's approval.
LOCAL_PUBLIC_BODY_KINDS = LOCAL_GOVERNMENT_KINDS | {OrganizationKind.LOCAL_INDEPENDENT_AGENCY}

#: 行政機関の長等 that are not 地方公共団体等: their full assessments need the commission's approval
#: (番号法第28条第2項).
APPROVAL_KINDS = frozenset({OrganizationKind.NATIONAL_BODY, OrganizationKind.INDEPENDENT_AGENCY})


class Body(models.TextChoices):
    MAYOR = "mayor", _("市町村長・区長")
    GOVERNOR = "governor", _("都道府県知事")
    BOARD_OF_EDUCATION = "board_of_education", _("教育委員会")
    MINISTER = "minister", _("大臣")
    AGENCY_HEAD = "agency_head", _("長官・機関の長")
    UNION_HEAD = "union_head", _("広域連合長")
    OTHER_ORGAN = "other_organ", _("その他の機関")


PREFECTURES: tuple[tuple[str, str], ...] = (
    ("01", "北海道"), ("02", "青森県"), ("03", "岩手県"), ("04", "宮城県"), ("05", "秋田県"),
    ("06", "山形県"), ("07", "福島県"), ("08", "茨城県"), ("09", "栃木県"), ("10", "群馬県"),
    ("11", "埼玉県"), ("12", "千葉県"), ("13", "東京都"), ("14", "神奈川県"), ("15", "新潟県"),
    ("16", "富山県"), ("17", "石川県"), ("18", "福井県"), ("19", "山梨県"), ("20", "長野県"),
    ("21", "岐阜県"), ("22", "静岡県"), ("23", "愛知県"), ("24", "三重県"), ("25", "滋賀県"),
    ("26", "京都府"), ("27", "大阪府"), ("28", "兵庫県"), ("29", "奈良県"), ("30", "和歌山県"),
    ("31", "鳥取県"), ("32", "島根県"), ("33", "岡山県"), ("34", "広島県"), ("35", "山口県"),
    ("36", "徳島県"), ("37", "香川県"), ("38", "愛媛県"), ("39", "高知県"), ("40", "福岡県"),
    ("41", "佐賀県"), ("42", "長崎県"), ("43", "熊本県"), ("44", "大分県"), ("45", "宮崎県"),
    ("46", "鹿児島県"), ("47", "沖縄県"),
)  # fmt: skip


class BasisKind(models.TextChoices):
    """Where the affair's number use comes from (番号法第9条)."""

    SCHEDULE = "schedule", _("別表（第9条第1項）")
    QUASI = "quasi", _("準法定事務（第9条第1項）")
    ORDINANCE = "ordinance", _("条例事務（第9条第2項）")
    RELATED = "related", _("個人番号関係事務（第9条第4項）")
    NONE = "none", _("根拠なし")


class OrdinanceField(models.TextChoices):
    """The field of an ordinance affair (条例事務の分野): 9(2) before 2023 limited it to these."""

    SOCIAL_SECURITY = "social_security", _("社会保障")
    WELFARE = "welfare", _("福祉")
    HEALTH = "health", _("保健")
    MEDICAL = "medical", _("医療")
    LOCAL_TAX = "local_tax", _("地方税")
    DISASTER = "disaster", _("防災")
    OTHER = "other", _("その他")


class CounterpartyKind(models.TextChoices):
    """Any organisation kind, a private party, or the data subject (本人) and their agent."""

    MUNICIPALITY = OrganizationKind.MUNICIPALITY.value, OrganizationKind.MUNICIPALITY.label
    SPECIAL_WARD = OrganizationKind.SPECIAL_WARD.value, OrganizationKind.SPECIAL_WARD.label
    PREFECTURE = OrganizationKind.PREFECTURE.value, OrganizationKind.PREFECTURE.label
    NATIONAL_BODY = OrganizationKind.NATIONAL_BODY.value, OrganizationKind.NATIONAL_BODY.label
    INDEPENDENT_AGENCY = OrganizationKind.INDEPENDENT_AGENCY.value, OrganizationKind.INDEPENDENT_AGENCY.label
    WIDE_AREA_UNION = OrganizationKind.WIDE_AREA_UNION.value, OrganizationKind.WIDE_AREA_UNION.label
    LOCAL_INDEPENDENT_AGENCY = (
        OrganizationKind.LOCAL_INDEPENDENT_AGENCY.value,
        OrganizationKind.LOCAL_INDEPENDENT_AGENCY.label,
    )
    OTHER = OrganizationKind.OTHER.value, OrganizationKind.OTHER.label
    PRIVATE = "private", _("民間事業者等")
    PERSON = "person", _("本人・代理人")


class Direction(models.TextChoices):
    RECEIVE = "receive", _("受領（照会）")
    PROVIDE = "provide", _("提供")


class Channel(models.TextChoices):
    """How the information moves (番号法第19条の各号)."""

    NETWORK = "network", _("情報提供ネットワークシステム（第19条第8号・第9号）")
    INTRA_GOVERNMENT = "intra_government", _("同一地方公共団体内の機関間（第19条第11号）")
    ENTRUSTMENT = "entrustment", _("委託")
    OTHER = "other", _("その他")


class Card(models.TextChoices):
    MY_NUMBER_CARD = "my_number_card", _("マイナンバーカード")
    RESIDENCE_CARD = "residence_card", _("在留カード")
    SPECIAL_RESIDENCE_CARD = "special_residence_card", _("特定在留カード")
    SPECIAL_PERMANENT_RESIDENT_CERTIFICATE = (
        "special_permanent_resident_certificate",
        _("特別永住者証明書"),
    )
    SMARTPHONE_CARD_RECORD = "smartphone_card_record", _("スマートフォン搭載（カード代替電磁的記録）")


class Application(models.TextChoices):
    """The card's IC application or area a flow touches (券面AP, JPKI-AP, 券面事項入力補助AP, …)."""

    CARD_FACE = "card_face", _("券面AP")
    JPKI_SIGNATURE = "jpki_signature", _("公的個人認証（署名用）")
    JPKI_AUTHENTICATION = "jpki_authentication", _("公的個人認証（利用者証明用）")
    INPUT_SUPPORT = "input_support", _("券面事項入力補助AP")
    RESIDENT_REGISTER = "resident_register", _("住基AP")
    FREE_AREA = "free_area", _("空き領域")
    RESIDENCE_CHIP = "residence_chip", _("在留カード等のIC")


class Operation(models.TextChoices):
    READ = "read", _("読取り")
    WRITE = "write", _("書込み")


class CardItem(models.TextChoices):
    NUMBER = "number", _("個人番号")
    NAME = "name", _("氏名")
    ADDRESS = "address", _("住所・住居地")
    BIRTH_DATE = "birth_date", _("生年月日")
    GENDER = "gender", _("性別")
    PHOTO = "photo", _("顔写真")
    STATUS_OF_RESIDENCE = "status_of_residence", _("在留資格")
    PERIOD_OF_STAY = "period_of_stay", _("在留期間")
    WORK_RESTRICTION = "work_restriction", _("就労制限の有無")
    NATIONALITY = "nationality", _("国籍・地域")
    RESIDENCE_CARD_NUMBER = "residence_card_number", _("在留カード番号")
    CERTIFICATE_SERIAL = "certificate_serial", _("電子証明書の発行番号（シリアル番号）")
    RESIDENT_CODE = "resident_code", _("住民票コード")


class Connection(models.TextChoices):
    LGWAN = "lgwan", _("LGWAN接続")
    INTERNAL_LAN = "internal_lan", _("庁内LAN")
    STANDALONE = "standalone", _("スタンドアロン")
    INTERNET = "internet", _("インターネット接続")


class Medium(models.TextChoices):
    NONE = "none", _("移送なし")
    NETWORK = "network", _("ネットワーク")
    REMOVABLE_MEDIA = "removable_media", _("外部記録媒体（USB等）")


class AssessmentLevel(models.TextChoices):
    BASIC = "basic", _("基礎項目評価")
    KEY = "key", _("重点項目評価")
    FULL = "full", _("全項目評価")


#: The vocabularies by the name templates use (``{{ row.level|label:"level" }}``).
BY_NAME: dict[str, type[models.TextChoices]] = {
    "level": AssessmentLevel,
    "kind": OrganizationKind,
    "body": Body,
    "basis": BasisKind,
    "field": OrdinanceField,
    "card": Card,
    "application": Application,
    "operation": Operation,
    "item": CardItem,
    "direction": Direction,
    "channel": Channel,
    "counterparty": CounterpartyKind,
    "medium": Medium,
    "connection": Connection,
}


def label(vocabulary: str, value: object) -> str:
    """The label of ``value`` in the active language (``prefecture`` too); unknown codes as they are, none as —."""
    if vocabulary == "prefecture":
        labels: dict[str, object] = dict(PREFECTURES)
    else:
        choices = BY_NAME.get(vocabulary)
        labels = dict(choices.choices) if choices is not None else {}
    return str(labels.get(str(value), value if value not in (None, "") else "—"))


# The English a finding message uses for a value in running text. The UI's English labels are
# the message catalogs' translations of the Japanese labels above (capitalised, standing alone).

BODY_EN: dict[str, str] = {
    Body.MAYOR: "the mayor",
    Body.GOVERNOR: "the governor",
    Body.BOARD_OF_EDUCATION: "the board of education",
    Body.MINISTER: "the minister",
    Body.AGENCY_HEAD: "the agency head",
    Body.UNION_HEAD: "the union head",
    Body.OTHER_ORGAN: "another organ",
}
FIELD_EN: dict[str, str] = {
    OrdinanceField.SOCIAL_SECURITY: "social security",
    OrdinanceField.WELFARE: "welfare",
    OrdinanceField.HEALTH: "health",
    OrdinanceField.MEDICAL: "medical care",
    OrdinanceField.LOCAL_TAX: "local tax",
    OrdinanceField.DISASTER: "disaster prevention",
    OrdinanceField.OTHER: "other",
}
CARD_EN: dict[str, str] = {
    Card.MY_NUMBER_CARD: "My Number card",
    Card.RESIDENCE_CARD: "residence card",
    Card.SPECIAL_RESIDENCE_CARD: "special residence card",
    Card.SPECIAL_PERMANENT_RESIDENT_CERTIFICATE: "special permanent resident certificate",
    Card.SMARTPHONE_CARD_RECORD: "smartphone card record",
}
ITEM_EN: dict[str, str] = {
    CardItem.NUMBER: "individual number",
    CardItem.NAME: "name",
    CardItem.ADDRESS: "address",
    CardItem.BIRTH_DATE: "date of birth",
    CardItem.GENDER: "gender",
    CardItem.PHOTO: "photo",
    CardItem.STATUS_OF_RESIDENCE: "status of residence",
    CardItem.PERIOD_OF_STAY: "period of stay",
    CardItem.WORK_RESTRICTION: "work restriction",
    CardItem.NATIONALITY: "nationality/region",
    CardItem.RESIDENCE_CARD_NUMBER: "residence card number",
    CardItem.CERTIFICATE_SERIAL: "certificate serial number",
    CardItem.RESIDENT_CODE: "resident record code",
}
LEVEL_EN: dict[str, str] = {
    AssessmentLevel.BASIC: "basic",
    AssessmentLevel.KEY: "key",
    AssessmentLevel.FULL: "full",
}

#: Every running-text English table and the vocabulary it covers (all of its values).
RUNNING_TEXT_EN: tuple[tuple[type[models.TextChoices], dict[str, str]], ...] = (
    (Body, BODY_EN),
    (OrdinanceField, FIELD_EN),
    (Card, CARD_EN),
    (CardItem, ITEM_EN),
    (AssessmentLevel, LEVEL_EN),
)


@functools.cache
def ja_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """``value → Japanese label`` of a vocabulary, whatever language is active (the message ids)."""
    with translation.override(None):
        return {str(value): str(label) for value, label in choices.choices}


def ja(choices: type[models.TextChoices], value: str | None) -> str:
    """The Japanese label of ``value`` (an unknown value is shown as it is)."""
    return ja_labels(choices).get(value or "", value or "")


def en(table: dict[str, str], value: str | None) -> str:
    """The running-text English of ``value`` from one of the ``*_EN`` tables (unknown: as it is)."""
    return table.get(value or "", value or "")


def join_ja(values: Iterable[object]) -> str:
    return "、".join(str(v) for v in values)


def join_en(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)
