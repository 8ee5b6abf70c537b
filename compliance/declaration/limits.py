"""How large a ``pia-declaration/1`` document may be, and the check that runs before it is parsed.

A municipality declares 20–60 affairs, a national body a few hundred; the limits are far
above what any body declares and far below what would let one upload occupy a server:

- a file sent over the network (upload or API): :func:`max_bytes`, the setting
  ``HYOKA_DECLARATION_MAX_BYTES`` (10 MB by default), checked before it is read into memory;
- every list (and every object): at most :data:`MAX_ENTRIES` entries;
- lists and objects nest at most :data:`MAX_DEPTH` deep (the format itself needs 6: the
  document, ``ordinances``, an ordinance, ``intra_provisions``, one of them, ``categories``);
- at most :data:`MAX_VALUES` entries in all lists and objects together.

:func:`check_shape` enforces the last three on the JSON *text*, with two passes of regular
expressions and a small stack — no Python object is built for the values — and stops at
the first limit crossed, so a file with a million entries is refused after reading the
first few thousand of them, and a 100,000-deep nesting never reaches the JSON parser's
recursion. The string lengths are the schema's (``maxLength``), checked after parsing.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Entries of one list (affairs, files, categories…) or members of one object.
MAX_ENTRIES = 5_000
#: Nesting of lists and objects, the document itself counting as 1.
MAX_DEPTH = 16
#: Entries of all lists and objects together (the document's whole size in values).
MAX_VALUES = 200_000

# A whole JSON string (brackets and commas inside it are not structure), and the structure itself.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_STRUCTURE = re.compile(r"[\[\]{},]")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]', re.S)

PathPart = str | int


def max_bytes() -> int:
    """The size limit of a declaration sent over the network (upload or API body), in bytes."""
    from django.conf import settings

    return int(settings.HYOKA_DECLARATION_MAX_BYTES)


def size_label(size: int) -> str:
    """``10 MB``, ``2.5 MB``, ``512 KB``: a limit as the message names it."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, size // 1024)} KB"


def too_large_message(limit: int) -> str:
    """Why a file over the limit is refused, naming the limit and its setting."""
    return f"larger than the {size_label(limit)} limit of a declaration (HYOKA_DECLARATION_MAX_BYTES)"


_TOO_MANY = f"holds more than {MAX_VALUES:,} entries in all (the limit)"


class ShapeError(ValueError):
    """The document crosses a limit; ``path`` is where (the parts of a JSON path)."""

    def __init__(self, path: tuple[PathPart, ...], message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(message)


def check_shape(text: str) -> None:
    """Raise :class:`ShapeError` if the JSON text nests too deep or holds too many entries or values.

    Text that is not JSON passes if it crosses no limit: the parser reports it afterwards.
    The strings are cut out first (one pass in C); the loop then sees only brackets and
    commas. Only when a limit is crossed is the text read again, up to that point, to
    name the JSON path.
    """
    # Each entry has at most two strings (a key and a value): more quotes than that cannot be a
    # document within the limits, and counting them costs one pass in C.
    if text.count('"') - text.count('\\"') > 4 * (MAX_VALUES + 1):
        raise ShapeError((), _TOO_MANY)
    crossed = _first_crossing(_STRING.sub("", text))
    if crossed is not None:
        token, message = crossed
        raise ShapeError(() if message == _TOO_MANY else _path_at(text, token), message)


def _first_crossing(structure_only: str) -> tuple[int, str] | None:
    """(index of the structural character that crosses a limit, why), or None."""
    stack: list[list[int]] = []  # per open list/object: [is an object, commas so far]
    entries = 0  # commas and openings: every entry after the first of a container, and each container
    for index, match in enumerate(_STRUCTURE.finditer(structure_only)):
        char = match.group()
        if char in ",[{":
            entries += 1
            if entries > MAX_VALUES:
                return index, _TOO_MANY
        if char == ",":
            if stack:
                frame = stack[-1]
                frame[1] += 1
                if frame[1] >= MAX_ENTRIES:
                    what = "members" if frame[0] else "entries"
                    return index, f"has more than {MAX_ENTRIES:,} {what} (the limit)"
        elif char in "[{":
            if len(stack) >= MAX_DEPTH:
                return index, f"lists and objects nest more than {MAX_DEPTH} deep (the limit)"
            stack.append([char == "{", 0])
        elif stack:
            stack.pop()
    return None


def _path_at(text: str, stop: int) -> tuple[PathPart, ...]:
    """The JSON path of the container open at structural character number ``stop``."""
    # Per open list/object: [is an object, commas so far, its last key, its part of the path].
    stack: list[list[Any]] = []
    index = -1
    previous = ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"':
            if stack and stack[-1][0] and previous in "{,":
                stack[-1][2] = token
            previous = first
            continue
        index += 1
        if index == stop:
            break
        if first == ",":
            if stack:
                stack[-1][1] += 1
        elif first in "[{":
            part: PathPart | None = None
            if stack:
                parent = stack[-1]
                if not parent[0]:
                    part = parent[1]  # the index: commas seen so far in the list
                elif parent[2] is not None:
                    part = _key(parent[2])
            stack.append([first == "{", 0, None, part])
        elif stack:
            stack.pop()
        previous = first
    return tuple(frame[3] for frame in stack[1:] if frame[3] is not None)


def _key(token: str) -> str:
    try:
        key = json.loads(token)
    except ValueError:
        return "?"
    return key if isinstance(key, str) else "?"
