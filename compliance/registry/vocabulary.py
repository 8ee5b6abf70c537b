"""Closed vocabularies of the declaration format (docs/domain.md §5) that only the registry uses.

The organisation kinds and bodies live in :mod:`compliance.accounts.vocabulary`; the lists
here name what an affair, a provision or a card-reader flow may declare. The values are
part of the public ``pia-declaration/1`` contract: never rename one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.accounts.vocabulary import OrganizationKind


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
