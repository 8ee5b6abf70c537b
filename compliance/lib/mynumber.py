"""The individual number (個人番号, "My Number"): check digit, and keeping it out of free text.

番号法施行令第8条 defines the check digit. The product never stores a My Number
(番号法第19条, 第20条: it may be provided and kept only where the Act allows): every
free-text path runs :func:`validate_no_my_number` (or :func:`contains_my_number`),
and log records pass through :class:`RedactMyNumberFilter`.

What counts as a written number (:func:`find_my_numbers`)
-------------------------------------------------------

The text is NFKC-normalised first (full-width digits and separators, ｰ → ー, the
ideographic space and NBSP → space, U+FE63/U+FF0D → ``-``). Then:

* A **digit** is any decimal digit of any script (ASCII, ``０``–``９`` after NFKC,
  Arabic-Indic, …) or a kanji numeral ``〇一二三四五六七八九`` (and ``零`` for 0).
* A **separator** is any whitespace (spaces of every width, tabs, line breaks), any
  Unicode dash or hyphen (category Pd: U+2010–U+2015, ``-``, U+FE58, …), the minus
  sign U+2212, ``ー`` (U+30FC), dots (``.``, ``・``, ``·``), slashes (``/``, U+2044,
  U+2215), commas, and invisible characters (zero-width space and joiners U+200B–
  U+200D, U+2060, U+FEFF, the soft hyphen, every other format character Cf, and
  combining marks) — in any number and mix.
* A **run** is a stretch of digits and separators that begins and ends with a digit;
  its **groups** are the stretches of digits between separators.
* A **candidate** is any sequence of consecutive *whole* groups of a run holding
  twelve digits in total: ``1234-5678-9018``, ``123 456 789 018``, ``123456789018``,
  ``12 3456 789018`` … It is a My Number when its check digit is valid.

The rule for longer runs: digits written together (no separator between them) are
one group and are never split, so a 13-digit 法人番号 or any longer unbroken digit
string is not a candidate, and neither is a 12-digit part of it. But a separator
does not shelter a number: in ``1234-5678-9018-0000`` or ``123456789018 5`` every
twelve-digit window of whole groups is a candidate, so appending or prepending
digits after a separator cannot hide a valid number. The price is that two dates
written with only separators between them (``2024.04.01 2025.03.31``) are sometimes
refused; writing ``から``/``まで`` (or any letter) between them avoids it.
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_plus

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: What a redacted number is replaced with in logs and stored login names.
MASK = "[REDACTED]"

#: Machine identifiers (hex digests, key fingerprints of 16 hex digits or more holding a
#: letter, UUIDs) are not free text: a run of twelve digits inside a SHA-256 happens about
#: once in four hundred hashes and is not a person's number, so the audit writer and the
#: sweep exempt values that are wholly one.
MACHINE_ID = re.compile(
    r"^(?:(?=[0-9]*[a-f])[0-9a-f]{16,128}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Every code point of these categories is a separator: dashes (Pd), invisible format
# characters (Cf: zero-width space and joiners, U+2060, U+FEFF, the soft hyphen, bidi
# marks) and combining marks (Mn, Me), which draw nothing between two digits.
_SEPARATOR_CATEGORIES = frozenset({"Pd", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


def _class_of_categories() -> str:
    """The separator categories as regex class ranges, built once at import.

    Planes 0, 1 and 14 hold every dash, format character and combining mark that
    Unicode assigns (the other planes hold ideographs and private use).
    """
    ranges: list[tuple[int, int]] = []
    for code in [*range(0x20000), *range(0xE0000, 0xE1000)]:
        if unicodedata.category(chr(code)) in _SEPARATOR_CATEGORIES and not 0xD800 <= code <= 0xDFFF:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


# After NFKC. Character classes keep the scan inside the regex engine, so a large
# document is scanned at regex speed.
_DIGIT = r"\d〇零一二三四五六七八九"
_SEPARATOR = (
    r"\s"  # every Unicode whitespace: spaces of any width, tabs, line breaks
    + _class_of_categories()
    + r"\u2212\u30fc\uff70"  # minus sign, ー, ｰ
    + r"./\u2044\u2215,\u30fb\u00b7"  # dots, slashes, commas, middle dots
)
_RUN = re.compile(f"[{_DIGIT}]+(?:[{_SEPARATOR}]+[{_DIGIT}]+)*")
_GROUP = re.compile(f"[{_DIGIT}]+")
_ANY_DIGIT = re.compile(f"[{_DIGIT}]")


def _is_separator(ch: str) -> bool:
    return bool(re.fullmatch(f"[{_SEPARATOR}]", ch))


def check_digit(first_eleven: str) -> int:
    """The check digit for the first eleven digits (番号法施行令第8条)."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("expected exactly eleven ASCII digits")
    # P(n) is the n-th digit counted from the right; Q(n) = n+1 (n ≤ 6), n-5 (n ≥ 7).
    total = 0
    for n in range(1, 12):
        p = int(first_eleven[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(value: str) -> bool:
    """True if ``value`` is twelve ASCII digits whose last digit is the correct check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:11]) == int(value[11])


_KANJI_TO_ASCII = str.maketrans({kanji: str(value) for kanji, value in _KANJI_DIGITS.items()})


def _ascii_digits(group: str) -> str:
    """A group of digits of any script as ASCII (kanji numerals are already translated)."""
    return group if group.isascii() else "".join(str(unicodedata.decimal(ch)) for ch in group)


# Q(n) for the first eleven digits read left to right (番号法施行令第8条: n counts from the right).
_WEIGHTS = tuple(n + 1 if n <= 6 else n - 5 for n in range(11, 0, -1))


def _spans(normalised: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, twelve ASCII digits) of every valid My Number in NFKC text; spans may overlap."""
    # One character for one: positions in the translated text are positions in ``normalised``.
    text = normalised.translate(_KANJI_TO_ASCII)
    for run in _RUN.finditer(text):
        if run.end() - run.start() < 12:
            continue
        offset = run.start()
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(run.group())]
        digits = [int(d) for d in _ascii_digits("".join(text[offset + a : offset + b] for a, b in groups))]
        # Windows of consecutive whole groups holding exactly twelve digits (two pointers:
        # every group holds at least one digit, so the window only moves forward).
        first, total, before = 0, 0, 0  # ``before``: digits in the groups left of ``first``
        for start, end in groups:
            total += end - start
            while total > 12:
                size = groups[first][1] - groups[first][0]
                total -= size
                before += size
                first += 1
            if total == 12:
                window = digits[before : before + 12]
                remainder = sum(d * w for d, w in zip(window[:11], _WEIGHTS, strict=True)) % 11
                if window[11] == (0 if remainder <= 1 else 11 - remainder):
                    yield offset + groups[first][0], offset + end, "".join(map(str, window))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _plain_spans(text: str) -> Iterator[tuple[int, int, str]]:
    if text.isascii() and len(_ANY_DIGIT.findall(text)) < 12:
        return iter(())  # the common case, without normalising
    return _spans(_normalise(text))


def _may_be_encoded(text: str) -> bool:
    return "%" in text or "\\" in text or "+" in text


def find_my_numbers(text: str) -> list[str]:
    """Every valid My Number written in ``text``, in any spelling, as twelve ASCII digits."""
    found = [number for _, _, number in _plain_spans(text)]
    if not found and _may_be_encoded(text):
        found = [number for _, _, number in _plain_spans(decode_escapes(text))]
    return found


def contains_my_number(text: str) -> bool:
    """True if ``text`` holds a valid My Number in any spelling (see the module docstring).

    Percent-encoding and backslash escapes are seen through (:func:`decode_escapes`).
    """
    if next(_plain_spans(text), None) is not None:
        return True
    return _may_be_encoded(text) and next(_plain_spans(decode_escapes(text)), None) is not None


def validate_no_my_number(value: object) -> None:
    """Django validator for every free-text field: refuse text that contains a My Number.

    A twelve-digit string without a valid check digit (a phone number, an order
    number) is accepted; only a number that could be someone's 個人番号 is refused.
    """
    if isinstance(value, str) and contains_my_number(value):
        raise ValidationError(
            _(
                "個人番号と思われる12桁の数字が含まれています。個人番号は入力できません。"
                " (This text appears to contain an individual number; it cannot be stored.)"
            ),
            code="contains_my_number",
        )


def _redact_plain(text: str) -> str:
    normalised = _normalise(text)
    merged: list[list[int]] = []
    for start, end, _number in sorted(_spans(normalised)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return text
    out, position = [], 0
    for start, end in merged:
        out.append(normalised[position:start])
        out.append(MASK)
        position = end
    out.append(normalised[position:])
    return "".join(out)


def redact_my_numbers(text: str) -> str:
    """``text`` with every valid My Number replaced by :data:`MASK` (for logs and login names).

    Text without one comes back unchanged; text with one comes back NFKC-normalised,
    because that is the form the numbers were found in. A number found only after
    undoing percent-encoding or escapes is redacted in the decoded text, whose
    control characters are then escaped, so a decoded ``%0A`` cannot forge a log line.
    """
    if not contains_my_number(text):
        return text
    text = _redact_plain(text)
    decoded = decode_escapes(text) if _may_be_encoded(text) else text
    if decoded == text or next(_plain_spans(decoded), None) is None:
        return text
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) == "Cc" else ch
        for ch in _redact_plain(decoded)
    )


def holds_my_number(value: Any, *, exempt: Callable[[str], object] | None = None) -> bool:
    """True if any string, key or number inside a JSON-like ``value`` holds a My Number.

    ``exempt`` names strings that are not free text (the audit log's hex digests).
    """

    def holds(item: Any) -> bool:
        if isinstance(item, dict):
            return any(holds(key) or holds(inner) for key, inner in item.items())
        if isinstance(item, (list, tuple)):
            return any(holds(inner) for inner in item)
        if isinstance(item, bool) or item is None:
            return False
        if isinstance(item, (int, float)):
            return contains_my_number(str(item))
        if isinstance(item, str):
            return not (exempt and exempt(item)) and contains_my_number(item)
        return False

    return holds(value)


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([tnr]))")
_CONTROL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}


def _unescape(match: re.Match[str]) -> str:
    if match.group(4):
        return _CONTROL_ESCAPES[match.group(4)]
    code = int(next(group for group in match.groups() if group), 16)
    return chr(code) if code <= sys.maxunicode else match.group()


def decode_escapes(text: str) -> str:
    """``text`` with percent-encoding (``%E4%B8%80``, ``+``) and backslash escapes (``\\u4e00``) undone.

    Logs write a request path percent-encoded (access logs) or backslash-escaped
    (Django's "Not Found" line), and JSON may store text as ``\\uXXXX``: a number in
    those spellings is still the number. Undone up to three times, for double encoding.
    """
    for _round in range(3):
        decoded = (
            _ESCAPE.sub(_unescape, unquote_plus(text))
            if ("%" in text or "\\" in text or "+" in text)
            else text
        )
        if decoded == text:
            break
        text = decoded
    return text


class RedactMyNumberFilter(logging.Filter):
    """Logging filter: a My Number never reaches a log line.

    It rewrites the formatted message, the traceback text and the stack text of a
    record, and the ``request`` that Django's ``django.request`` logger attaches
    (a formatter or handler printing ``%(request)s`` then sees a redacted text, not
    the live request object). A number percent-encoded in a URL or backslash-escaped
    (as Django's "Not Found" line writes non-ASCII paths) is redacted too.
    Installed on every handler in ``LOGGING``, on gunicorn's loggers
    (``gunicorn.conf.py``) and on a Celery worker's (``compliance/celery.py``).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as Django would
            return True
        if contains_my_number(message):
            record.msg = redact_my_numbers(message)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and contains_my_number(record.exc_text):
            record.exc_text = redact_my_numbers(record.exc_text)
        if record.stack_info and contains_my_number(record.stack_info):
            record.stack_info = redact_my_numbers(record.stack_info)
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            described = _describe_request(request)
            if contains_my_number(described):
                record.request = redact_my_numbers(described)
        return True


def _describe_request(request: Any) -> str:
    try:
        return f"{request!r} {request.get_full_path()}"
    except Exception:
        return repr(request)
