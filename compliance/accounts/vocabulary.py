"""Closed vocabularies shared by the registry, the catalog and the declaration format.

They are the lists of docs/domain.md §5; the values are part of the public contract.
"""

from __future__ import annotations

from django.db import models
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
