"""Reading and validating a ``pia-declaration/1`` document (docs/domain.md §5).

Validation has two passes and reports **every** problem of both, each with the
JSON path of the offending value in the style ``files[0].persons: must be an
integer ≥ 0``:

1. the JSON Schema shipped with the product (``schema.json``,
   draft 2020-12, closed objects and vocabularies), and
2. what a schema cannot say: IDs unique per collection, references between
   entries resolve, information categories exist in the legal catalog, date
   ranges run forwards, a local government's code carries its check digit
   (全国地方公共団体コード), and no free text carries a My Number (docs/domain.md §7.2:
   free text containing a valid 個人番号 is refused, never stored).

The second pass is defensive: it looks only at the parts that have the right
shape, so a document with a schema problem still gets its semantic problems
reported in the same run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from compliance.declaration.collections import TOP_LEVEL
from compliance.declaration.limits import ShapeError, check_shape
from compliance.lib.characters import describe_character, forbidden_character, printable
from compliance.lib.lgcode import is_valid_lgcode
from compliance.lib.mynumber import contains_my_number, redact_my_numbers
from compliance.lib.vocabulary import LOCAL_GOVERNMENT_KINDS

FORMAT = "pia-declaration/1"
SCHEMA_PATH = Path(__file__).with_name("schema.json")


class CategoryCatalog(Protocol):
    """What validation needs of the legal catalog (:class:`compliance.law.catalog.Catalog` is one)."""

    def category_known(self, name: str) -> bool: ...


PathPart = str | int


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a declaration, at a JSON path (``$`` is the document itself)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DeclarationReadError(ValueError):
    """The input could not be read as JSON at all (unreadable file, bad encoding, bad syntax)."""


@cache
def declaration_schema() -> dict[str, Any]:
    """The JSON Schema of ``pia-declaration/1`` as shipped (read once per process)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = declaration_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_declaration_text(text: str) -> Any:
    """Parse JSON text strictly (no NaN/Infinity); raise :class:`DeclarationReadError` with one line.

    The limits of :mod:`compliance.declaration.limits` (nesting, entries, values) are checked on
    the text first, so an oversized structure is refused before any of it is built.
    """
    try:
        check_shape(text)
    except ShapeError as exc:
        where = format_path(exc.path) if exc.path else "the document"
        raise DeclarationReadError(f"{where} {exc.message}") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DeclarationReadError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # defensive: check_shape bounds the nesting far below the parser's limit
        raise DeclarationReadError("lists and objects nest too deep") from None
    except ValueError as exc:
        raise DeclarationReadError(f"not valid JSON: {exc}") from None


def decode_declaration_bytes(raw: bytes) -> Any:
    """UTF-8 bytes (a BOM is tolerated) to the parsed JSON value."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeclarationReadError(f"not UTF-8 text (byte {exc.start})") from None
    return parse_declaration_text(text)


# --- paths -----------------------------------------------------------------------


def format_path(parts: Iterable[PathPart]) -> str:
    """``("files", 0, "persons")`` → ``files[0].persons``; the empty path is ``$``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = printable(part)  # a key may hold a NUL or a lone surrogate: never echo it raw
            out += f".{part}" if out else part
    return out or "$"


def _sort_key(
    problem: tuple[tuple[PathPart, ...], str],
) -> tuple[tuple[tuple[int, PathPart], ...], str]:
    parts, message = problem
    return (tuple((1, p) if isinstance(p, int) else (0, p) for p in parts), message)


# --- schema errors → readable messages ---------------------------------------------


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(declaration_schema()["$defs"][ref.removeprefix("#/$defs/")])
    return node


def describe(node: dict[str, Any]) -> str:
    """What a schema node accepts, in words: ``an integer ≥ 0``, ``one of read, write``."""
    node = _resolve(node)
    if "anyOf" in node:
        return " or ".join(describe(alt) for alt in node["anyOf"])
    if "const" in node:
        return json.dumps(node["const"], ensure_ascii=False)
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        words = {"boolean": "true or false", "null": "null"}
        return " or ".join(words.get(str(k), str(k)) for k in kind)
    if kind == "integer":
        return f"an integer ≥ {node['minimum']}" if "minimum" in node else "an integer"
    if kind == "boolean":
        return "true or false"
    if kind == "null":
        return "null"
    if kind == "array":
        return "a list with at least one entry" if node.get("minItems") else "a list"
    if kind == "object":
        return "an object"
    if kind == "string":
        if node.get("format") == "date":
            return "a real date written YYYY-MM-DD"
        if "pattern" in node and "description" in node:
            return str(node["description"])
        return "a non-empty string" if node.get("minLength") else "a string"
    return "a valid value"


def _schema_problems(data: Any) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    for error in _validator().iter_errors(data):
        yield from _explain(error)


def _explain(error: ValidationError) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    path = tuple(error.absolute_path)
    instance = error.instance
    if error.validator == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                yield (*path, key), "is required"
    elif error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        if isinstance(instance, dict):
            for key in instance:
                if key not in known:
                    yield (*path, key), "unknown key (not part of pia-declaration/1)"
    elif error.validator == "maxLength":
        yield path, f"must be at most {error.validator_value} characters"
    elif error.validator == "maxItems":
        yield path, f"must have at most {error.validator_value:,} entries"
    elif not path and error.validator == "type":
        yield path, "must be a JSON object"
    else:
        yield path, f"must be {describe(error.schema)}"


# --- semantic checks ---------------------------------------------------------------


def _entries(data: dict[str, Any], collection: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(collection)
    if not isinstance(value, list):
        return []
    return [(i, entry) for i, entry in enumerate(value) if isinstance(entry, dict)]


def _ids(
    entries: list[tuple[int, dict[str, Any]]], prefix: tuple[PathPart, ...]
) -> tuple[set[str], list[tuple[tuple[PathPart, ...], str]]]:
    """The set of IDs of ``entries`` and a problem for each repeated one."""
    seen: dict[str, int] = {}
    problems = []
    for i, entry in entries:
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            where = format_path((*prefix, seen[ident]))
            problems.append(((*prefix, i, "id"), f"duplicate id {ident!r} (already used by {where})"))
        else:
            seen[ident] = i
    return set(seen), problems


def _reference(
    value: Any, known: set[str], path: tuple[PathPart, ...], what: str
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    if isinstance(value, str) and value not in known:
        yield path, f"no {what} with id {value!r} in this declaration"


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _semantic_problems(
    data: dict[str, Any], catalog: CategoryCatalog
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    ids: dict[str, set[str]] = {}
    for collection in TOP_LEVEL:  # IDs are unique per collection
        ids[collection], duplicates = _ids(_entries(data, collection), (collection,))
        yield from duplicates

    # Ordinances: their affairs and intra-government provisions (番号法第9条第2項・第19条第11号).
    ordinance_affairs: dict[str, set[str]] = {}
    for i, ordinance in _entries(data, "ordinances"):
        affair_ids, duplicates = _ids(_entries(ordinance, "affairs"), ("ordinances", i, "affairs"))
        yield from duplicates
        _, duplicates = _ids(_entries(ordinance, "intra_provisions"), ("ordinances", i, "intra_provisions"))
        yield from duplicates
        if isinstance(ordinance.get("id"), str):
            ordinance_affairs.setdefault(ordinance["id"], set()).update(affair_ids)
        start, end = _date(ordinance.get("in_force_from")), _date(ordinance.get("repealed_on"))
        if start and end and end <= start:
            yield ("ordinances", i, "repealed_on"), "must be after in_force_from"
        for j, intra in _entries(ordinance, "intra_provisions"):
            yield from _categories(intra, ("ordinances", i, "intra_provisions", j), catalog)

    for i, affair in _entries(data, "affairs"):
        basis = affair.get("basis")
        if isinstance(basis, dict) and basis.get("kind") == "ordinance":
            ordinance_id = basis.get("ordinance")
            path = ("affairs", i, "basis")
            if isinstance(ordinance_id, str) and ordinance_id not in ordinance_affairs:
                yield (*path, "ordinance"), f"no ordinance with id {ordinance_id!r} in this declaration"
            elif isinstance(ordinance_id, str):
                yield from _reference(
                    basis.get("affair"),
                    ordinance_affairs[ordinance_id],
                    (*path, "affair"),
                    f"affair of ordinance {ordinance_id!r}",
                )

    for i, file in _entries(data, "files"):
        refs = file.get("affairs")
        if isinstance(refs, list):
            for j, ref in enumerate(refs):
                yield from _reference(ref, ids["affairs"], ("files", i, "affairs", j), "affair")
    for collection in ("provisions", "card_flows", "assessments", "changes"):
        for i, entry in _entries(data, collection):
            yield from _reference(entry.get("affair"), ids["affairs"], (collection, i, "affair"), "affair")
    for i, flow in _entries(data, "card_flows"):
        yield from _reference(
            flow.get("terminal"), ids["terminals"], ("card_flows", i, "terminal"), "terminal"
        )
    for i, entrustment in _entries(data, "entrustments"):
        yield from _reference(entrustment.get("file"), ids["files"], ("entrustments", i, "file"), "file")
    for i, provision in _entries(data, "provisions"):
        yield from _categories(provision, ("provisions", i), catalog)
    for i, assessment in _entries(data, "assessments"):
        comment = assessment.get("public_comment")
        if isinstance(comment, dict):
            start, end = _date(comment.get("from")), _date(comment.get("to"))
            if start and end and end < start:
                yield ("assessments", i, "public_comment", "to"), "must not be before from"

    organization = data.get("organization")
    if isinstance(organization, dict) and organization.get("kind") in LOCAL_GOVERNMENT_KINDS:
        code = organization.get("code")
        if isinstance(code, str) and not is_valid_lgcode(code):
            yield (
                ("organization", "code"),
                "must be the 6-digit local-government code (全国地方公共団体コード) with its check digit",
            )

    yield from _my_numbers(data, ())


def _categories(
    entry: dict[str, Any], path: tuple[PathPart, ...], catalog: CategoryCatalog
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    categories = entry.get("categories")
    if not isinstance(categories, list):
        return
    for k, name in enumerate(categories):
        if isinstance(name, str) and not catalog.category_known(name):
            yield (
                (*path, "categories", k),
                f"unknown information category {name!r} (not in the legal catalog)",
            )


def _my_numbers(value: Any, path: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """Every string holding what could be a 個人番号 is refused; the message never repeats it."""
    if isinstance(value, str):
        if contains_my_number(value):
            yield path, "contains what appears to be an individual number (個人番号); it cannot be accepted"
    elif isinstance(value, int) and not isinstance(value, bool):
        if contains_my_number(str(value)):
            yield path, "is what appears to be an individual number (個人番号); it cannot be accepted"
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and contains_my_number(key):
                # The path would repeat the number: name the object that holds the key.
                yield (
                    path,
                    "has a property name containing what appears to be an individual number (個人番号)",
                )
                continue
            yield from _my_numbers(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _my_numbers(item, (*path, i))


def _alternatives(node: Any) -> list[dict[str, Any]]:
    """The schema node with its ``$ref`` resolved and its ``anyOf`` spread out."""
    if not isinstance(node, dict):
        return []
    node = _resolve(node)
    return [alt for sub in node["anyOf"] for alt in _alternatives(sub)] if "anyOf" in node else [node]


def _child(node: Any, key: PathPart) -> Any:
    """The schema node of ``key`` (a property name or a list index) under ``node``, or None."""
    for alt in _alternatives(node):
        if isinstance(key, int) and "items" in alt:
            return alt["items"]
        if isinstance(key, str) and key in alt.get("properties", {}):
            return alt["properties"][key]
    return None


def _forbidden_characters(
    value: Any, path: tuple[PathPart, ...], node: Any
) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """NUL, lone surrogates and control characters, in any string or key (see compliance.lib.characters).

    ``node`` is the schema of ``value``: a long text (``$defs/text``) may hold tab and line breaks.
    """
    if isinstance(value, str):
        text = declaration_schema()["$defs"]["text"]
        char = forbidden_character(value, multiline=any(alt is text for alt in _alternatives(node)))
        if char is not None:
            yield path, f"contains {describe_character(char)}; it cannot be accepted"
    elif isinstance(value, dict):
        for key, item in value.items():
            char = forbidden_character(key)
            if char is not None:
                yield path, f"has a key that contains {describe_character(char)}; it cannot be accepted"
                continue
            yield from _forbidden_characters(item, (*path, key), _child(node, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _forbidden_characters(item, (*path, i), _child(node, i))


def validate_declaration(data: Any, catalog: CategoryCatalog) -> list[Problem]:
    """Every problem with ``data`` as a ``pia-declaration/1`` document; empty when it is valid."""
    found: set[tuple[tuple[PathPart, ...], str]] = set(_schema_problems(data))
    found.update(_forbidden_characters(data, (), declaration_schema()))
    if isinstance(data, dict):
        found.update(_semantic_problems(data, catalog))
    # A problem never repeats a My Number: the schema's messages quote unexpected keys and values.
    return [
        Problem(redact_my_numbers(format_path(parts)), redact_my_numbers(message))
        for parts, message in sorted(found, key=_sort_key)
    ]
