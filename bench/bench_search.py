"""Benchmark of the public search at scale: latency of typical queries over N published assessments.

Seeds a throw-away test database (Django's test-database machinery: SQLite in memory, or
``test_<name>`` on PostgreSQL) with ``BENCH_SEARCH_ROWS`` published assessments (default
100,000) of 2,000 organisations straight into the tables (bulk inserts; the workflow is not
what is measured), then times each query of :data:`QUERIES` (the first page of results,
count included — capped at 1,000 as on the search page) and prints p50/p95 per query.

SQLite always; PostgreSQL too when ``DATABASE_URL`` is set (each in its own process, because
Django's settings pick one database per process). Run: ``python -m bench search``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from bench.seeding import seed

ROWS = int(os.environ.get("BENCH_SEARCH_ROWS", "100000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "15"))
PAGE = 20

#: (label, search parameters): two-character Japanese words, a longer phrase, filters, kana variant, English.
QUERIES: tuple[tuple[str, dict[str, str]], ...] = (
    ("委託", {"q": "委託"}),
    ("委託 (関連度順)", {"q": "委託", "sort": "relevance"}),
    ("税務", {"q": "税務"}),
    ("税務 + 都道府県", {"q": "税務", "prefecture": "13"}),
    ("児童手当", {"q": "児童手当"}),
    ("ﾏｲﾅﾝﾊﾞｰ (半角)", {"q": "ﾏｲﾅﾝﾊﾞｰ"}),
    ("lgwan", {"q": "lgwan"}),
    ("rare: 架空市1234", {"q": "架空市1234"}),
    ("filter: rule", {"rule": "CARD-NUMBER-READ"}),
    ("no query (newest)", {}),
)


def _measure() -> dict[str, Any]:
    from django.db import connection

    from compliance.public.search import CappedPaginator, SearchQuery, search

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out = {}
    for label, params in QUERIES:
        query = SearchQuery.from_params(params)
        timings = []
        hits = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            page = CappedPaginator(search(query), PAGE).get_page(1)
            rows = list(page)
            hits = page.paginator.count
            timings.append((time.perf_counter() - started) * 1000)
            assert len(rows) <= PAGE
        timings.sort()
        out[label] = {
            "hits": hits,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 1),
        }
    return out


def worker() -> None:
    """One database: create the test database, seed, measure, drop; print JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, aliases={"default": {}})
    try:
        started = time.perf_counter()
        seed(ROWS)
        seeded = time.perf_counter() - started
        result = {
            "vendor": connection.vendor,
            "rows": ROWS,
            "seed_s": round(seeded, 1),
            "queries": _measure(),
        }
    finally:
        teardown_databases(config, verbosity=0)
    print(json.dumps(result, ensure_ascii=False))


def _run_backend(database_url: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_search", "--worker"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"search benchmark worker failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, str]]:
    backends: list[str | None] = [None]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        backends.append(os.environ["DATABASE_URL"])
    figures: list[tuple[str, str]] = []
    for url in backends:
        result = _run_backend(url)
        vendor = result["vendor"]
        print(f"\n{vendor}: {result['rows']:,} published assessments (seeded in {result['seed_s']} s)")
        print(f"  {'query':<22} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for label, row in result["queries"].items():
            print(f"  {label:<22} {row['hits']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8}")
            figures.append((f"{vendor} {label} p95 ms", str(row["p95_ms"])))
        worst = max(row["p95_ms"] for row in result["queries"].values())
        figures.append((f"{vendor} worst p95 ms ({result['rows']} rows)", str(worst)))
    return figures


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        for name, value in run():
            print(f"{name}: {value}")
