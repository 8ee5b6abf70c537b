"""Benchmark of reading hostile declarations (docs/declaration-limits.md).

Measures how long the declaration reader takes to refuse the files of the security
review, and the memory it allocates meanwhile (``tracemalloc`` peak), against a valid
declaration of a large body for comparison:

- a 3 MB file with 1,000,000 entries in one list (target: refused in under 1 s);
- a 100,000-deep nesting;
- 10 MB of adjacent strings (the worst case the size limit lets through);
- a valid declaration just under the 10 MB limit (changes with 1,800-character summaries).

Run with ``make bench`` or alone: ``python -m bench declarations``. Needs no database.
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

TARGET_SECONDS = 1.0


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    import django

    django.setup()


def _measure(read: Callable[[bytes], Any], raw: bytes) -> tuple[float, float, str]:
    """(seconds, peak MB, outcome): timed without tracing, then read again under ``tracemalloc``."""
    from compliance.declaration.validation import DeclarationReadError

    def once() -> str:
        try:
            read(raw)
        except DeclarationReadError as error:
            return f"refused: {error}"
        return "read"

    started = time.perf_counter()
    outcome = once()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    once()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, outcome


def _valid_large() -> bytes:
    data: dict[str, Any] = {
        "format": "pia-declaration/1",
        "organization": {"name": "架空市", "code": "999997", "kind": "municipality", "body": "mayor"},
        "affairs": [{"id": "a1", "name": "児童手当の支給に関する事務", "uses_number": True}],
    }
    summary = "システム更改に伴う事務手順の見直し。" * 100
    change = {"id": "", "affair": "a1", "effective_on": "2024-04-01", "important": False, "summary": summary}
    size = len(json.dumps(change, ensure_ascii=False).encode())
    data["changes"] = [dict(change, id=f"ch{n}") for n in range(min(5_000, 9_500_000 // size))]
    return json.dumps(data, ensure_ascii=False).encode()


def run() -> list[tuple[str, str]]:
    _setup()
    from compliance.declaration.validation import decode_declaration_bytes

    cases = {
        "1,000,000 entries (3 MB)": b'{"format": "pia-declaration/1", "affairs": ['
        + b"{}," * 999_999
        + b"{}]}",
        "100,000-deep nesting": b'{"affairs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "adjacent strings (10 MB)": b"[" + b'""' * 5_000_000 + b"]",
        "valid, near the size limit": _valid_large(),
    }
    figures: list[tuple[str, str]] = []
    print(f"{'file':<30} {'bytes':>11} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, raw in cases.items():
        seconds, peak, outcome = _measure(decode_declaration_bytes, raw)
        print(f"{name:<30} {len(raw):>11,} {seconds:>8.3f} {peak:>8.1f}  {outcome[:70]}")
        figures.append((f"{name}: seconds", f"{seconds:.3f}"))
        figures.append((f"{name}: peak MB", f"{peak:.1f}"))
    million = float(figures[0][1])
    figures.append(("1,000,000 entries refused within target", str(million < TARGET_SECONDS)))
    return figures


if __name__ == "__main__":
    for figure, value in run():
        print(f"{figure}: {value}")
