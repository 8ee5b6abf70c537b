"""A Japanese sentence for each problem the declaration reader finds (the web upload's list).

The problems themselves stay as the contract writes them: a JSON path and an English
message (docs/domain.md §6.2: ``check_declaration`` exits 2 naming each by its path). An
officer reading the Japanese page gets, beside the path, what is wrong in Japanese; the
English page shows the message as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

_Explain = Callable[[re.Match[str]], str]

#: (pattern of the English message, its Japanese sentence), the first match wins.
_PATTERNS: tuple[tuple[re.Pattern[str], _Explain], ...] = (
    (re.compile(r"is required$"), lambda m: _("必須の項目がありません。")),
    (re.compile(r"^unknown key"), lambda m: _("pia-declaration/1 にない項目です。")),
    (
        re.compile(r"^must be at most ([\d,]+) characters$"),
        lambda m: _("%(n)s文字以内にしてください。") % {"n": m[1]},
    ),
    (
        re.compile(r"^must have at most ([\d,]+) entries$"),
        lambda m: _("%(n)s件以内にしてください。") % {"n": m[1]},
    ),
    (re.compile(r"^must be a JSON object$"), lambda m: _("JSON のオブジェクト（{ … }）にしてください。")),
    (
        re.compile(r"^must be after in_force_from$"),
        lambda m: _("施行日（in_force_from）より後の日付にしてください。"),
    ),
    (re.compile(r"^must not be before from$"), lambda m: _("開始日（from）より前の日付にはできません。")),
    (
        re.compile(r"^must be the 6-digit local-government code"),
        lambda m: _("検査数字を含む6桁の全国地方公共団体コードにしてください。"),
    ),
    (
        re.compile(r"^must be a real date written YYYY-MM-DD"),
        lambda m: _("実在する日付を YYYY-MM-DD の形で書いてください。"),
    ),
    (
        re.compile(r"^must be (.+)$"),
        lambda m: _("値の形式が正しくありません（受け付ける値: %(what)s）。") % {"what": _what(m[1])},
    ),
    (
        re.compile(r"^duplicate id (.+?) \(already used by (.+)\)$"),
        lambda m: (
            _("ID %(id)s が重複しています（%(where)s で使われています）。") % {"id": m[1], "where": m[2]}
        ),
    ),
    (
        re.compile(r"^no (.+) with id (.+) in this declaration$"),
        lambda m: _("ID %(id)s の参照先がこの宣言ファイルにありません。") % {"id": m[2]},
    ),
    (
        re.compile(r"^unknown information category (.+) \(not in the legal catalog\)$"),
        lambda m: _("情報の種類 %(name)s は法令のカタログにありません。") % {"name": m[1]},
    ),
    (
        re.compile(r"individual number \(個人番号\)"),
        lambda m: _("個人番号と思われる値が含まれているため、受け付けられません。"),
    ),
    (
        re.compile(r"contains (?:.*?)(U\+[0-9A-F]{4,6})"),
        lambda m: _("使用できない文字（%(code)s）が含まれているため、受け付けられません。") % {"code": m[1]},
    ),
    (
        re.compile(r"has more than ([\d,]+) .+ \(the limit\)$"),
        lambda m: _("%(n)s件の上限を超えています。") % {"n": m[1]},
    ),
    (
        re.compile(r"holds more than ([\d,]+) entries in all \(the limit\)$"),
        lambda m: _("全体で%(n)s件の上限を超えています。") % {"n": m[1]},
    ),
    (
        re.compile(r"nest more than (\d+) deep"),
        lambda m: _("リストとオブジェクトの入れ子が%(n)s段の上限を超えています。") % {"n": m[1]},
    ),
    (
        re.compile(r"^larger than the (.+) limit"),
        lambda m: _("ファイルが上限（%(size)s）を超えています。") % {"size": m[1]},
    ),
    (re.compile(r"^not valid JSON"), lambda m: _("JSON として読めません。")),
    (re.compile(r"^not UTF-8 text"), lambda m: _("UTF-8 の文字として読めません。")),
)


def _what_one(words: str) -> str:
    """One alternative of :func:`compliance.declaration.validation.describe`, in Japanese."""
    if match := re.fullmatch(r"an integer ≥ (-?\d+)", words):
        return _("%(n)s以上の整数") % {"n": match[1]}
    if words.startswith("one of "):
        return _("%(values)s のいずれか") % {"values": words.removeprefix("one of ")}
    fixed = {
        "an integer": _("整数"),
        "true": "true",
        "false": "false",
        "null": "null",
        "a list with at least one entry": _("1件以上のリスト"),
        "a list": _("リスト"),
        "an object": _("オブジェクト"),
        "a non-empty string": _("空でない文字列"),
        "a string": _("文字列"),
        "a real date written YYYY-MM-DD": _("YYYY-MM-DD の形の実在する日付"),
        "a valid value": _("正しい値"),
    }
    return str(fixed.get(words, words))


def _what(words: str) -> str:
    """``true or false or null`` → 「true、false、null のいずれか」-like Japanese, alternative by alternative."""
    parts = [_what_one(part) for part in words.split(" or ")]
    return "、".join(parts) if len(parts) == 1 else _("%(values)s のいずれか") % {"values": "、".join(parts)}


class ProblemRow(str):
    """One problem as the upload page lists it. As a string it is ``path: message`` (what the
    contract prints); ``path``, ``message`` and the Japanese ``sentence`` are shown apart."""

    path: str
    message: str
    sentence: str

    def __new__(cls, path: str, message: str) -> ProblemRow:
        row = super().__new__(cls, f"{path}: {message}")
        row.path, row.message, row.sentence = path, message, problem_sentence(message)
        return row


def problem_sentence(message: str) -> str:
    """The Japanese sentence for one problem's English ``message``; a general one if none fits."""
    for pattern, explain in _PATTERNS:
        match = pattern.search(message)
        if match:
            return explain(match)
    return _("宣言ファイルのこの箇所に問題があります。")
