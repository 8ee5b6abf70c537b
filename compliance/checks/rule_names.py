"""Each rule's short name, for filters and lists that would otherwise show its ID alone.

The ID stays the contract (docs/rules.md); the name is what people choose by: 「PIA-MISSING
評価書がない」. A test keeps one name for every registered rule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.checks.rulebook import RULES

RULE_NAMES = {
    "BASIS-BODY": _("根拠の別表が利用主体に当たらない"),
    "BASIS-NONE": _("利用の根拠がない"),
    "BASIS-NOT-IN-FORCE": _("根拠が基準日に効力を持たない"),
    "BASIS-ORDINANCE-BODY": _("地方公共団体でない機関の条例事務"),
    "BASIS-ORDINANCE-SCOPE": _("条例事務の分野が範囲外"),
    "CARD-CONSENT": _("在留カード等の読取りに本人の同意の記録がない"),
    "CARD-GENDER-MINIMIZATION": _("性別を用いない事務での性別の読取り"),
    "CARD-MEDIA-TRANSFER": _("可搬記録媒体での移送に暗号化・記録がない"),
    "CARD-NOT-AVAILABLE": _("カードの仕様と合わない読取り・書込み"),
    "CARD-NUMBER-READ": _("根拠のない個人番号の読取り"),
    "CARD-RESIDENCE-OVEREXPOSURE": _("在留資格等の不要な読取り"),
    "CARD-RESIDENCE-WRITE": _("認められない端末からの住居地の書込み"),
    "CARD-RESIDENT-CODE": _("住基事務以外での住民票コードの読取り"),
    "CARD-SERIAL-LINKING": _("電子証明書の発行番号の識別子としての保存"),
    "CARD-UNSUPPORTED-INSTALL": _("住基端末での在留カード読取り"),
    "ENTRUST-SUBCONTRACT": _("許諾のない再委託"),
    "ENTRUST-SUPERVISION": _("委託先の監督がない"),
    "INTRA-GOV-NO-ORDINANCE": _("条例のない庁内連携"),
    "LINKAGE-NOT-PERMITTED": _("認められない情報連携"),
    "LINKAGE-ORDINANCE-SCOPE": _("条例事務の分野外の情報連携"),
    "LINKAGE-WITHOUT-ASSESSMENT": _("評価のない情報連携"),
    "PIA-APPROVAL": _("委員会の承認がない"),
    "PIA-CHANGE": _("重要な変更前の評価がない"),
    "PIA-COMMENT": _("意見聴取がない・短い"),
    "PIA-INCIDENT-MISMATCH": _("重大事故がしきい値判断に反映されていない"),
    "PIA-LATE": _("評価書の公表前からのファイル保有"),
    "PIA-LEVEL": _("評価の種類が足りない"),
    "PIA-MISSING": _("評価書がない"),
    "PIA-PERSONS-UNCERTAIN": _("対象人数が不確か"),
    "PIA-REVIEW": _("1年以内の見直しがない"),
    "PIA-STALE": _("公表から5年を超えた評価書"),
    "PIA-THIRD-PARTY": _("第三者点検がない"),
    "PROVISION-NO-BASIS": _("第19条の根拠のない提供"),
    "SEC-TWO-FACTOR": _("端末に二要素認証がない"),
}


def rule_choices() -> list[tuple[str, str]]:
    """(ID, 「ID 名前」) for every registered rule, in ID order."""
    import compliance.checks.rules  # noqa: F401  (registers every rule)

    return [(rule_id, f"{rule_id} {RULE_NAMES.get(rule_id, '')}".rstrip()) for rule_id in sorted(RULES)]
