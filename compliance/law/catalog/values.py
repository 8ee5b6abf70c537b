"""Checking the values of a raw catalog record: text, dates, choices, body references.

Every parser takes ``(value, where, problems)`` and reports into ``problems`` instead of
raising, so that one run lists every problem of a file (see :mod:`compliance.law.catalog.records`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from compliance.lib.mynumber import contains_my_number
from compliance.lib.vocabulary import Body, OrganizationKind

ORGANIZATION_KINDS = frozenset(OrganizationKind.values)
BODIES = frozenset(Body.values)


class Problems:
    """Collects every problem instead of stopping at the first, so one run reports them all."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __len__(self) -> int:
        return len(self.messages)


class CatalogValidationError(ValueError):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, messages: Iterable[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


# --- value parsers: (value, where, problems) -> parsed value ------------------------------------

Parser = Callable[[Any, str, Problems], Any]


def parse_text(value: Any, where: str, problems: Problems) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.add(where, f"expected text, got {type(value).__name__}")
        return ""
    text = str(value).strip()
    if contains_my_number(text):
        # The catalog is public data: an individual number has no place in it (docs/domain.md §7.2).
        problems.add(where, "contains what looks like an individual number (個人番号); refused")
        return ""
    return text


def parse_bool(value: Any, where: str, problems: Problems) -> bool:
    if not isinstance(value, bool):
        problems.add(where, f"expected true or false, got {value!r}")
        return False
    return value


def parse_date(value: Any, where: str, problems: Problems) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(where, f"not a date (YYYY-MM-DD): {value!r}")
        return None


def choice_parser(choices: Iterable[str]) -> Parser:
    allowed = tuple(choices)

    def parse(value: Any, where: str, problems: Problems) -> str:
        if value not in allowed:
            problems.add(where, f"unknown value {value!r} (expected one of: {', '.join(allowed)})")
            return allowed[0]
        return str(value)

    return parse


def parse_text_list(value: Any, where: str, problems: Problems) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(where, "expected a list")
        return []
    return [parse_text(v, f"{where}[{i}]", problems) for i, v in enumerate(value)]


def choice_list_parser(choices: Iterable[str], *, nullable: bool = False) -> Parser:
    one = choice_parser(choices)

    def parse(value: Any, where: str, problems: Problems) -> list[str] | None:
        if value is None:
            return None if nullable else []
        if not isinstance(value, list):
            problems.add(where, "expected a list" + (" or null" if nullable else ""))
            return []
        return [one(v, f"{where}[{i}]", problems) for i, v in enumerate(value)]

    return parse


@dataclass(frozen=True)
class BodyValue:
    """A parsed body reference: the law's label, organisation kinds and body (docs/domain.md §5)."""

    label: str
    kinds: tuple[str, ...]
    body: str
    #: the statute that has this body perform part of the affair (a delegated body), or ""
    delegated_by: str = ""


def parse_body(raw: Any, where: str, problems: Problems) -> BodyValue | None:
    if not isinstance(raw, dict):
        problems.add(where, "a body is {label, kinds, body}")
        return None
    unknown = set(raw) - {"label", "kinds", "body", "delegated_by"}
    if unknown:
        problems.add(where, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    label = parse_text(raw.get("label"), f"{where}.label", problems)
    if not label:
        problems.add(f"{where}.label", "required")
    kinds = raw.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        problems.add(f"{where}.kinds", "expected a non-empty list of organisation kinds")
        kinds = []
    for i, kind in enumerate(kinds):
        if kind not in ORGANIZATION_KINDS:
            problems.add(
                f"{where}.kinds[{i}]",
                f"unknown organisation kind {kind!r} (expected one of: {', '.join(OrganizationKind.values)})",
            )
    body = raw.get("body")
    if body not in BODIES:
        problems.add(f"{where}.body", f"unknown body {body!r} (expected one of: {', '.join(Body.values)})")
    delegated_by = parse_text(raw.get("delegated_by"), f"{where}.delegated_by", problems)
    return BodyValue(
        label=label, kinds=tuple(str(k) for k in kinds), body=str(body), delegated_by=delegated_by
    )


def parse_bodies(value: Any, where: str, problems: Problems) -> list[BodyValue]:
    if not isinstance(value, list) or not value:
        problems.add(where, "expected a non-empty list of bodies")
        return []
    parsed = [parse_body(b, f"{where}[{i}]", problems) for i, b in enumerate(value)]
    return [b for b in parsed if b is not None]
