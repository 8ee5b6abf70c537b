"""A change set's problems for a reader: the field path kept, the reason as a Japanese sentence.

The catalog's checks (:mod:`compliance.law.catalog.records`, :mod:`compliance.law.catalog.amendments`,
:mod:`compliance.law.catalog.values`) report ``PATH: reason`` in English, the way the commands print
them (docs/catalog-format.md, "Change sets"). The web page shows the path as it is (it names
the entry in the file) and says the reason in the interface language: each known reason has a
sentence here; one not listed gets a general sentence, never the English text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

Sentence = Callable[[re.Match[str]], str]

#: (pattern of the English reason, the sentence built from its groups); first match wins.
_REASONS: tuple[tuple[str, Sentence], ...] = (
    (r"expected a mapping with effective_on", lambda g: _("ファイル全体が、effective_on・source・add・end・change を持つ対応表（マッピング）になっていません。")),
    (r"unknown key \(expected: (?P<allowed>.*)\)$", lambda g: _("使えないキーです（使えるキー: %(allowed)s）。") % {"allowed": g["allowed"]}),
    (r"expected '(?P<format>[^']+)'$", lambda g: _("形式名は %(format)s でなければなりません。") % {"format": g["format"]}),
    (r"required \(YYYY-MM-DD\)$", lambda g: _("必須です。施行日を YYYY-MM-DD の形で書いてください。")),
    (r"required: the amending statute", lambda g: _("必須です。改正した法令・政令・告示を書いてください。")),
    (r"required: say where the record comes from", lambda g: _("必須です。記録の出典（法令の条項、文書）を書いてください。")),
    (r"^required$", lambda g: _("必須の項目が書かれていません。")),
    (r"expected a mapping of record kinds to lists", lambda g: _("記録の種類ごとのリストを持つ対応表（マッピング）でなければなりません。")),
    (r"unknown record kind \(expected one of: (?P<allowed>.*)\)$", lambda g: _("不明な記録の種類です（使える種類: %(allowed)s）。") % {"allowed": g["allowed"]}),
    (r"unknown keys in an end entry: (?P<keys>.*)$", lambda g: _("終了の指定に使えないキーがあります: %(keys)s。") % {"keys": g["keys"]}),
    (r"expected a key \(text\)", lambda g: _("終了する記録のキー（文字列）を書いてください。")),
    (r"unknown key '(?P<key>[^']*)' for (?P<kind>\w+)", lambda g: _("キー「%(key)s」の記録はこの種類（%(kind)s）にありません。") % {"key": g["key"], "kind": g["kind"]}),
    (r"'(?P<key>[^']*)' starts on (?P<day>[\d-]+): a change set cannot", lambda g: _("「%(key)s」は %(day)s に始まる記録です。始まった日に終了・変更はできません（期間が空になります）。施行日を後にしてください。") % {"key": g["key"], "day": g["day"]}),
    (r"effective_on (?P<day>[\d-]+) is before the start of '(?P<key>[^']*)' \((?P<first>[\d-]+)\)", lambda g: _("施行日 %(day)s は「%(key)s」の始まり（%(first)s）より前です。") % {"day": g["day"], "key": g["key"], "first": g["first"]}),
    (r"'(?P<key>[^']*)' is not in force on (?P<day>[\d-]+)", lambda g: _("「%(key)s」は %(day)s には効力がありません（すでに終了しています）。") % {"key": g["key"], "day": g["day"]}),
    (r"'(?P<key>[^']*)' appears more than once", lambda g: _("「%(key)s」がこの変更セットに二度以上出てきます。") % {"key": g["key"]}),
    (r"a change is a mapping", lambda g: _("変更は、キーと変わる項目を持つ対応表（マッピング）で書いてください。")),
    (r"nothing to change", lambda g: _("変わる項目が書かれていません。")),
    (r"set by the change set's effective_on", lambda g: _("開始日は変更セットの施行日（effective_on）で決まります。この項目は書かないでください。")),
    (r"'(?P<key>[^']*)' is already a key of (?P<kind>\w+)", lambda g: _("「%(key)s」はすでに別の種類（%(kind)s）のキーです。") % {"key": g["key"], "kind": g["kind"]}),
    (r"overlapping periods: '(?P<key>[^']*)' is already in force (?P<start>[\d-]+) – (?P<until>\S+)", lambda g: _("期間が重なります。「%(key)s」は %(start)s から %(until)s まで効力があります。追加ではなく終了または変更にしてください。") % {"key": g["key"], "start": g["start"], "until": g["until"].replace("(open)", _("（終期なし）"))}),
    (r"dangling reference: still in force after (?P<day>[\d-]+) but refers to (?P<what>.*), which this change set ends", lambda g: _("参照先がなくなります。この記録は %(day)s 以降も効力があるのに、この変更セットが終了する %(what)s を参照しています。同じ変更セットでこの記録も終了または変更してください。") % {"day": g["day"], "what": g["what"]}),
    (r"must be after in_force_from \((?P<start>[\d-]+)\)", lambda g: _("終期は開始日（%(start)s）より後でなければなりません。") % {"start": g["start"]}),
    (r"unknown key for (?P<kind>\w+)", lambda g: _("この種類（%(kind)s）の記録に使えないキーです。") % {"kind": g["kind"]}),
    (r"expected a mapping \(key: value\)", lambda g: _("記録は「キー: 値」の対応表（マッピング）で書いてください。")),
    (r"expected text, got", lambda g: _("文字列で書いてください。")),
    (r"contains what looks like an individual number", lambda g: _("個人番号と思われる数字が含まれているため受け付けません。")),
    (r"expected true or false", lambda g: _("true か false で書いてください。")),
    (r"not a date \(YYYY-MM-DD\): (?P<value>.*)$", lambda g: _("日付ではありません（YYYY-MM-DD の形で書いてください）: %(value)s") % {"value": g["value"]}),
    (r"unknown value (?P<value>.*) \(expected one of: (?P<allowed>.*)\)$", lambda g: _("使えない値 %(value)s です（使える値: %(allowed)s）。") % {"value": g["value"], "allowed": g["allowed"]}),
    (r"unknown organisation kind (?P<value>.*) \(expected one of: (?P<allowed>.*)\)$", lambda g: _("不明な機関の種別 %(value)s です（使える種別: %(allowed)s）。") % {"value": g["value"], "allowed": g["allowed"]}),
    (r"unknown body (?P<value>.*) \(expected one of: (?P<allowed>.*)\)$", lambda g: _("不明な機関 %(value)s です（使える値: %(allowed)s）。") % {"value": g["value"], "allowed": g["allowed"]}),
    (r"expected a non-empty list of organisation kinds", lambda g: _("機関の種別を一つ以上、リストで書いてください。")),
    (r"expected a non-empty list of bodies", lambda g: _("機関を一つ以上、リストで書いてください。")),
    (r"a body is \{label, kinds, body\}", lambda g: _("機関は label・kinds・body を持つ対応表で書いてください。")),
    (r"unknown keys: (?P<keys>.*)$", lambda g: _("使えないキーがあります: %(keys)s。") % {"keys": g["keys"]}),
    (r"expected a list", lambda g: _("リストで書いてください。")),
    (r"statute (?P<value>'[^']*') is not in statutes", lambda g: _("法令 %(value)s はその日に効力のある法令にありません。") % {"value": g["value"]}),
    (r"(?P<value>'[^']*') is a quasi affair, not a schedule row", lambda g: _("%(value)s は準法定事務で、別表の項ではありません。") % {"value": g["value"]}),
    (r"schedule row (?P<value>'[^']*') does not exist", lambda g: _("別表の項 %(value)s はその日に存在しません。") % {"value": g["value"]}),
    (r"information category (?P<value>'[^']*') does not exist", lambda g: _("情報の種類 %(value)s はその日に存在しません。") % {"value": g["value"]}),
    (r"card item (?P<value>'[^']*') does not exist", lambda g: _("カードの記載事項 %(value)s はその日に存在しません。") % {"value": g["value"]}),
    (r"card (?P<value>'[^']*') does not exist", lambda g: _("カード %(value)s はその日に存在しません。") % {"value": g["value"]}),
    (r"not valid YAML", lambda g: _("YAML として読めません。書式（字下げ、コロン、引用符）を確かめてください。")),
    (r"not valid JSON \(line (?P<line>\d+)\)", lambda g: _("JSON として読めません（%(line)s 行目）。") % {"line": g["line"]}),
    (r"cannot be read", lambda g: _("ファイルを読めません（UTF-8 のテキストファイルを選んでください）。")),
)  # fmt: skip

_COMPILED = tuple((re.compile(pattern), sentence) for pattern, sentence in _REASONS)


@dataclass(frozen=True)
class Problem:
    """One problem of a change set as the page shows it."""

    path: str
    sentence: str


def sentence_for(reason: str) -> str:
    """The Japanese sentence (translated for the active language) for one English ``reason``."""
    for pattern, sentence in _COMPILED:
        match = pattern.search(reason)
        if match:
            return sentence(match)
    return _(
        "この項目の内容を受け付けられません。docs/catalog-format.md の「Change sets」の書き方を確かめてください。"
    )


def explain(message: str) -> Problem:
    """``PATH: reason`` → the path and the sentence; a message without a path gets 「（ファイル全体）」."""
    path, separator, reason = message.partition(": ")
    if not separator or " " in path:
        return Problem(path=_("（ファイル全体）"), sentence=sentence_for(message))
    if path == "(top level)":
        path = _("（ファイル全体）")
    return Problem(path=path, sentence=sentence_for(reason))
