"""``manage.py scan_mynumber``: search the database, the var directory and Redis for a My Number.

The product must never keep a My Number (番号法第19条, 第20条), and every free-text
path refuses or redacts one. This sweep checks the result from the outside: every
text and JSON column of every table in the configured database (found by
introspection, so tables of third-party apps count too), every text file under
``HYOKA_VAR_DIR`` (logs; binary files such as rendered PDFs and the SQLite file are
skipped), and every key and value in the Redis databases of the broker and the page
cache. It prints where a number was found (table and column, file and line, key),
never the number, and exits 1.

Hex digests and UUIDs are not free text (an audit hash holds twelve digits in a row
about once in four hundred hashes) and are skipped, as in the audit writer.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from compliance.lib.mynumber import MACHINE_ID, contains_my_number, holds_my_number

#: Files larger than this are read in overlapping pieces.
_CHUNK = 8 * 1024 * 1024
_OVERLAP = 4096


@dataclass
class Sweep:
    found: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("tables", "columns", "rows", "files", "keys"), 0)
    )


def _text_holds(text: str) -> bool:
    """A string, or a JSON document stored as text, that holds a My Number."""
    if MACHINE_ID.match(text):
        return False
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            return holds_my_number(json.loads(text), exempt=_machine_id)
        except ValueError:
            pass
    return contains_my_number(text)


def _machine_id(text: str) -> bool:
    return bool(MACHINE_ID.match(text))


def _value_holds(value: Any) -> bool:
    if isinstance(value, str):
        return _text_holds(value)
    if isinstance(value, (dict, list)):  # jsonb, decoded by the driver
        return holds_my_number(value, exempt=_machine_id)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _bytes_hold(bytes(value))
    return False


#: Celery names its result keys after the task's UUID (``celery-task-meta-<uuid>``): the UUID's
#: digit groups, read across its hyphens, hold twelve digits with a valid check digit now and then.
_EMBEDDED_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _bytes_hold(raw: bytes | str) -> bool:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if _text_holds(text):
        return True
    # A Celery message keeps the task's arguments base64-encoded in its body.
    try:
        message = json.loads(text)
    except ValueError:
        return False
    bodies = _base64_bodies(message)
    return any(_bytes_hold(body) for body in bodies)


def _base64_bodies(message: Any) -> Iterator[bytes]:
    if isinstance(message, dict):
        encoding = (
            (message.get("properties") or {}).get("body_encoding")
            if isinstance(message.get("properties"), dict)
            else None
        )
        if encoding == "base64" and isinstance(message.get("body"), str):
            with contextlib.suppress(ValueError):
                yield base64.b64decode(message["body"])
        for inner in message.values():
            yield from _base64_bodies(inner)
    elif isinstance(message, list):
        for inner in message:
            yield from _base64_bodies(inner)


def scan_database(alias: str, sweep: Sweep) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in sorted(tables):
            columns = [
                column.name for column in connection.introspection.get_table_description(cursor, table)
            ]
            sweep.counts["tables"] += 1
            sweep.counts["columns"] += len(columns)
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(
                f"SELECT {quoted} FROM {connection.ops.quote_name(table)}"
            )  # names from introspection
            hits: dict[str, int] = {}
            while rows := cursor.fetchmany(2000):
                sweep.counts["rows"] += len(rows)
                for row in rows:
                    for column, value in zip(columns, row, strict=True):
                        if value is not None and _value_holds(value):
                            hits[column] = hits.get(column, 0) + 1
            for column, count in sorted(hits.items()):
                sweep.found.append(
                    f"database {alias}: {table}.{column} ({count} row{'s' if count > 1 else ''})"
                )


def _read_pieces(path: Path) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of a file, overlapping so that no number is cut in two."""
    with path.open("rb") as handle:
        offset = 0
        carry = b""
        while piece := handle.read(_CHUNK):
            yield offset - len(carry), (carry + piece).decode("utf-8", "replace")
            carry = piece[-_OVERLAP:]
            offset += len(piece)


def _is_binary(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(8192)
    return b"\0" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"SQLite format 3"))


def scan_files(roots: Iterable[Path], excludes: list[str], sweep: Sweep) -> None:
    for root in roots:
        if not root.exists():
            continue
        for directory, subdirectories, names in os.walk(root):
            subdirectories[:] = sorted(
                d for d in subdirectories if not _excluded(Path(directory) / d, root, excludes)
            )
            for name in sorted(names):
                path = Path(directory) / name
                if _excluded(path, root, excludes) or not path.is_file() or _is_binary(path):
                    continue
                sweep.counts["files"] += 1
                for _offset, text in _read_pieces(path):
                    if contains_my_number(text):
                        lines = [n for n, line in enumerate(text.splitlines(), 1) if contains_my_number(line)]
                        where = f" (line {lines[0]})" if lines and _offset == 0 else ""
                        sweep.found.append(f"file {path}{where}")
                        break


def _excluded(path: Path, root: Path, excludes: list[str]) -> bool:
    relative = str(path.relative_to(root))
    return any(fnmatch(relative, pattern) or fnmatch(path.name, pattern) for pattern in excludes)


def scan_redis(url: str, sweep: Sweep) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=10)
    for key in client.scan_iter(count=1000):
        sweep.counts["keys"] += 1
        reply: Any = client.type(key)
        kind = reply.decode() if isinstance(reply, bytes) else str(reply)
        values: list[Any] = []
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "list":
            values = list(client.lrange(key, 0, -1))
        elif kind == "hash":
            values = [part for pair in client.hgetall(key).items() for part in pair]
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = list(client.zrange(key, 0, -1))
        if _bytes_hold(_EMBEDDED_UUID.sub("uuid", key.decode("utf-8", "replace"))):
            sweep.found.append(f"redis {_safe_url(url)}: a key name ({kind})")
        elif any(_bytes_hold(value) for value in values):
            sweep.found.append(f"redis {_safe_url(url)}: the value of key {key!r} ({kind})")


def _safe_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


class Command(BaseCommand):
    help = (
        "Search the database, the var directory (logs) and Redis for a valid My Number; exit 1 naming where."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--path",
            action="append",
            type=Path,
            help="a directory or file to search (repeatable; default: HYOKA_VAR_DIR)",
        )
        parser.add_argument(
            "--exclude",
            action="append",
            default=[],
            help="glob of files or directories to skip, relative to the searched directory or a file name",
        )
        parser.add_argument(
            "--redis",
            action="append",
            help="a Redis URL to search (repeatable; default: REDIS_URL and HYOKA_CACHE_URL when set)",
        )
        parser.add_argument("--no-redis", action="store_true", help="do not search Redis")

    def handle(self, *args: Any, **options: Any) -> None:
        sweep = Sweep()
        scan_database(options["database"], sweep)
        scan_files(options["path"] or [Path(settings.VAR_DIR)], options["exclude"], sweep)
        if not options["no_redis"]:
            urls = options["redis"] or [u for u in (settings.REDIS_URL, settings.HYOKA_CACHE_URL) if u]
            for url in dict.fromkeys(urls):
                scan_redis(url, sweep)
        counts = ", ".join(f"{n} {what}" for what, n in sweep.counts.items())
        if sweep.found:
            for line in sweep.found:
                self.stderr.write(f"My Number found: {line}")
            raise CommandError(f"scan_mynumber: {len(sweep.found)} place(s) hold a My Number ({counts})")
        self.stdout.write(f"scan_mynumber: no My Number ({counts})")
