"""Spellings of one valid My Number that free-text surfaces must refuse (tests only).

``123456789018`` carries a valid check digit (番号法施行令第8条) and is used only to
prove refusal; ``123456789012`` does not and must be accepted.
"""

from __future__ import annotations

VALID = "123456789018"
INVALID = "123456789012"

#: The spellings an attacker got through the old filter, one per separator or script.
PAYLOADS = {
    "minus sign U+2212": "1234\u22125678\u22129018",
    "prolonged sound mark ー": "1234ー5678ー9018",
    "half-width ｰ": "1234ｰ5678ｰ9018",
    "en dash": "1234\u20135678\u20139018",
    "em dash": "1234\u20145678\u20149018",
    "hyphen U+2010": "1234\u20105678\u20109018",
    "full-width hyphen-minus": "1234\uff0d5678\uff0d9018",
    "small em dash U+FE58": "1234\ufe585678\ufe589018",
    "dots": "1234.5678.9018",
    "slashes": "1234/5678/9018",
    "double spaces": "1234  5678  9018",
    "ideographic spaces": "1234\u30005678\u30009018",
    "no-break spaces": "1234\u00a05678\u00a09018",
    "tabs": "1234\t5678\t9018",
    "newlines": "1234\n5678\n9018",
    "CRLF": "1234\r\n5678\r\n9018",
    "zero-width spaces": "1234\u200b5678\u200b9018",
    "word joiner and BOM": "1234\u20605678\ufeff9018",
    "3-3-3-3": "123-456-789-018",
    "kanji numerals": "一二三四五六七八九〇一八",
    "kanji numerals with 零, spaced": "一二三四 五六七八 九零一八",
    "full-width digits": "１２３４５６７８９０１８",
    "full-width, 4-4-4 with full-width hyphens": "１２３４－５６７８－９０１８",
    "mixed scripts": "1２三4-5６七8-9〇1八",
    "twelve straight": VALID,
    "followed by a separated digit": f"{VALID} 5",
    "inside a longer separated run": "9-1234-5678-9018-7",
}

#: The spellings the attack report lists, one per surface test (the library tests take them all).
REPORTED = {
    key: PAYLOADS[key]
    for key in (
        "minus sign U+2212", "prolonged sound mark ー", "en dash", "hyphen U+2010", "dots", "slashes",
        "double spaces", "newlines", "zero-width spaces", "3-3-3-3", "kanji numerals", "full-width digits",
    )
}  # fmt: skip
