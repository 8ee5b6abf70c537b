"""Benchmark of the public pages: throughput and latency against the floor.

One run: seed a throw-away database with ``BENCH_PAGES_ROWS`` published assessments
(default 100,000) of 2,000 organisations (:func:`bench.seeding.seed`, the search
benchmark's seeding), start ONE gunicorn server on 127.0.0.1 (a free port, settings
:mod:`bench.settings`) and, against that same server, measure requests per second and
p50/p95 latency of:

- the floor: ``/bench/floor/``, a minimal Django view through the product's middleware;
- the search page with typical queries (two-character Japanese 委託 and 税務 included);
- an assessment page (``/published/<id>/``), a transparency page (``/organizations/<id>/``);
- the API list (``/api/assessments/``).

The load generator is bounded (``BENCH_PAGES_CONCURRENCY`` threads, default 4, each
request on a fresh ``http.client`` connection; at most ``BENCH_PAGES_REQUESTS`` requests
or ``BENCH_PAGES_SECONDS`` seconds per target). The goal: every page at least
one third of the floor's throughput and a p95 under three times the floor's.

Database: PostgreSQL when ``DATABASE_URL`` is set (a database ``hyoka_bench_pages`` created
beside it and dropped at the end), SQLite in a temporary directory otherwise.
``BENCH_PAGES_QUICK=1`` shortens the measuring (for the test with a small row count).
Page cache: the pages are measured as served (after a warm-up that asks every path once)
and uncached (a unique ``_bench`` parameter on every request). With ``REDIS_URL`` set, the
workers share the page cache in Redis (database 15), as a deployment with several workers
would (``HYOKA_CACHE_URL``); without it each worker keeps its own.
Run: ``DATABASE_URL=postgresql://… REDIS_URL=redis://… python -m bench pages``.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

ROWS = int(os.environ.get("BENCH_PAGES_ROWS", "100000"))
QUICK = os.environ.get("BENCH_PAGES_QUICK", "") not in ("", "0")
CONCURRENCY = int(os.environ.get("BENCH_PAGES_CONCURRENCY", "4"))
REQUESTS = int(os.environ.get("BENCH_PAGES_REQUESTS", "40" if QUICK else "400"))
SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", "3" if QUICK else "15"))
WARMUP = 4 if QUICK else 16
WORKERS = int(os.environ.get("BENCH_PAGES_WORKERS", "2"))
DATABASE = "hyoka_bench_pages"
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent

#: The goal: a page's throughput ≥ 1/3 of the floor's, its p95 < 3 × the floor's.
MIN_THROUGHPUT_RATIO = 1 / 3
MAX_P95_RATIO = 3.0

#: (label, search parameters) of the search page's typical queries.
SEARCHES: tuple[tuple[str, str], ...] = (
    ("search 委託", "q=委託"),
    ("search 税務", "q=税務"),
    ("search 税務 + 都道府県", "q=税務&prefecture=13"),
    ("search 児童手当", "q=児童手当"),
    ("search (newest)", ""),
)


# --- In the worker process (Django set up on the benchmark's database) -----------------


def prepare() -> None:
    """Migrate and seed the benchmark's database; print sample ids as JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.seeding import make_realistic, seed
    from compliance.public.models import SearchDocument

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    seed(ROWS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seeded = time.perf_counter()
    step = max(1, ROWS // 50)
    assessments = list(
        SearchDocument.objects.order_by("assessment_id").values_list("assessment_id", flat=True)[::step][:50]
    )
    organisations = list(
        SearchDocument.objects.order_by("organization_id")
        .values_list("organization_id", flat=True)
        .distinct()[:20]
    )
    realistic = make_realistic(
        assessments
        + list(
            SearchDocument.objects.filter(organization_id__in=organisations).values_list(
                "assessment_id", flat=True
            )
        )
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "rows": SearchDocument.objects.count(),
                "migrate_s": round(migrated - started, 1),
                "seed_s": round(seeded - migrated, 1),
                "realistic": realistic,
                "assessments": assessments,
                "organizations": organisations,
            }
        )
    )


# --- In the benchmark process: database, server, load -------------------------------------


@dataclass
class Result:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else float("nan")


def _postgres_urls(database_url: str) -> tuple[str, str]:
    """(the URL to administer from, the benchmark database's URL) beside ``database_url``."""
    parts = urlsplit(database_url)
    return database_url, urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _postgres(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type]


def _shared_cache_url(redis_url: str) -> str:
    """The page cache the server's workers share, as production runs it (``HYOKA_CACHE_URL``):
    database 15 of the Redis server ``REDIS_URL`` names, emptied first; ``""`` without Redis.

    Without a shared cache each gunicorn worker renders every page once for itself, and a
    target of fifty paths then measures mostly first renders."""
    if not redis_url:
        return ""
    import redis

    url = urlunsplit(urlsplit(redis_url)._replace(path="/15"))
    redis.Redis.from_url(url).flushdb()
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Language": "ja"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait_until_up(port: int, server: subprocess.Popen[bytes], log: Path, limit: float = 90.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-4000:]}")
        try:
            if _get(port, "/bench/floor/", timeout=2.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {limit:.0f} s:\n{log.read_text()[-4000:]}")


def load(port: int, label: str, paths: list[str], *, uncached: bool = False) -> Result:
    """Bounded closed-loop load: CONCURRENCY threads share REQUESTS requests (or SECONDS) over ``paths``.

    ``uncached``: every request carries a parameter no other request has (``_bench=N``, which
    no page reads), so the page cache never has it: each request renders the page.
    """
    # Warm-up: at least every path once, so "as served" means a warm page cache (the uncached
    # rows never hit it anyway).
    for index in range(max(WARMUP, len(paths))):
        path = paths[index % len(paths)]
        status, body = _get(port, path)
        if status != 200:
            raise RuntimeError(f"{label}: GET {path} answered {status}: {body[:300]!r}")
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + SECONDS

    def client() -> None:
        nonlocal issued
        while time.perf_counter() < deadline:
            with lock:
                if issued >= REQUESTS:
                    return
                path = paths[issued % len(paths)]
                if uncached:
                    path += f"{'&' if '?' in path else '?'}_bench={issued}"
                issued += 1
            started = time.perf_counter()
            try:
                status, _ = _get(port, path)
            except OSError as error:
                status = 0
                errors.append(f"{path}: {error}")
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        print(f"  {label}: {len(errors)} failed requests, e.g. {errors[0]}", flush=True)
    return Result(label, len(latencies), len(errors), seconds, latencies)


def targets(sample: dict[str, Any]) -> list[tuple[str, list[str], bool]]:
    """(label, paths, uncached) of every measured target, the floor first.

    Each page twice: as served (the page cache answers after the first request of a path)
    and uncached (every request renders: what a query nobody asked before costs).
    """
    pages = []
    for label, params in SEARCHES:
        encoded = "&".join(
            f"{key}={quote(value)}" for key, _, value in (p.partition("=") for p in params.split("&") if p)
        )
        pages.append((label, [f"/search/?{encoded}" if encoded else "/search/"]))
    pages.append(("assessment page", [f"/published/{pk}/" for pk in sample["assessments"]]))
    pages.append(("transparency page", [f"/organizations/{pk}/" for pk in sample["organizations"]]))
    pages.append(("API list", ["/api/assessments/"]))
    return [
        ("floor", ["/bench/floor/"], False),
        *((label, paths, False) for label, paths in pages),
        *((f"{label} (uncached)", paths, True) for label, paths in pages),
    ]


def _table(results: list[Result]) -> list[tuple[str, str]]:
    """Print the table of ratios to the floor and the goal's verdict; return the headline figures."""
    floor = results[0]
    print(
        f"\n  {'target':<34} {'req':>5} {'err':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'rps/floor':>9} {'p95/floor':>9}  goal"
    )
    figures: list[tuple[str, str]] = [
        ("floor req/s", f"{floor.rps:.1f}"),
        ("floor p95 ms", f"{floor.p95:.1f}"),
    ]
    met_all = True
    for result in results:
        rps_ratio = result.rps / floor.rps if floor.rps else 0.0
        p95_ratio = result.p95 / floor.p95 if floor.p95 else float("inf")
        met = result.errors == 0 and rps_ratio >= MIN_THROUGHPUT_RATIO and p95_ratio < MAX_P95_RATIO
        uncached = result.label.endswith("(uncached)")
        if result is not floor:
            if not uncached:  # the goal is about pages as served; uncached rows show the rendering cost
                met_all = met_all and met
            figures.append((f"{result.label} rps ratio", f"{rps_ratio:.2f}"))
            figures.append((f"{result.label} p95 ratio", f"{p95_ratio:.2f}"))
        verdict = "-" if result is floor else ("met" if met else "MISSED")
        verdict = f"({verdict.lower()})" if uncached else verdict
        print(
            f"  {result.label:<34} {result.requests:>5} {result.errors:>4} {result.rps:>7.1f}"
            f" {result.p50:>7.1f} {result.p95:>7.1f} {rps_ratio:>9.2f} {p95_ratio:>9.2f}  {verdict}"
        )
    print(
        f"\n  goal: every page ≥ {MIN_THROUGHPUT_RATIO:.2f} × the floor's req/s and p95 < {MAX_P95_RATIO:.0f}"
        f" × the floor's, as served: {'MET' if met_all else 'MISSED'}"
        "\n  (uncached rows: every request renders its page; shown for the rendering cost, not judged)"
    )
    figures.append(("goal met", "yes" if met_all else "no"))
    return figures


def run() -> list[tuple[str, str]]:
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = database_url.startswith(("postgres://", "postgresql://"))
    workdir = Path(tempfile.mkdtemp(prefix="hyoka-bench-pages-"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "0",  # no query log, production-like error pages
            "DJANGO_ENV": "development",
            "HYOKA_VAR_DIR": str(workdir / "var"),
            "BENCH_PAGES_ROWS": str(ROWS),
            # The load generator is one client address: the API's per-address throttle
            # would answer most of it 429, which measures the throttle, not the page.
            "HYOKA_API_ANON_RATE": "1000000/min",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
        }
    )
    cache_url = _shared_cache_url(os.environ.get("REDIS_URL", ""))
    if cache_url:
        env["HYOKA_CACHE_URL"] = cache_url
    admin_url = ""
    if postgres:
        admin_url, env["DATABASE_URL"] = _postgres_urls(database_url)
        _postgres(admin_url, f'DROP DATABASE IF EXISTS "{DATABASE}"', f'CREATE DATABASE "{DATABASE}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    server: subprocess.Popen[bytes] | None = None
    log = workdir / "gunicorn.log"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_pages", "--prepare"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"page benchmark seeding failed:\n{done.stderr[-4000:]}")
        sample = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"\n{sample['vendor']}: {sample['rows']:,} published assessments"
            f" (migrated in {sample['migrate_s']} s, seeded in {sample['seed_s']} s);"
            f" gunicorn {WORKERS} sync workers, page cache {'shared (Redis)' if cache_url else 'per worker'},"
            f" {CONCURRENCY} concurrent clients,"
            f" ≤ {REQUESTS} requests or {SECONDS:.0f} s per target",
            flush=True,
        )
        port = _free_port()
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "compliance.wsgi:application",
                    "--bind",
                    f"{HOST}:{port}",
                    "--workers",
                    str(WORKERS),
                    "--worker-class",
                    "sync",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "120",
                ],
                env=env,
                cwd=ROOT,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        _wait_until_up(port, server, log)
        before = os.getloadavg()[0]
        results = [load(port, label, paths, uncached=uncached) for label, paths, uncached in targets(sample)]
        # Other work on the machine shifts every figure: the ratios are only comparable at similar load.
        print(
            f"\n  machine load average (1 min): {before:.2f} before, {os.getloadavg()[0]:.2f} after", end=""
        )
        figures = [("database", sample["vendor"]), ("rows", str(sample["rows"]))]
        return figures + _table(results)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if postgres:
            _postgres(admin_url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        prepare()
    else:
        for name, value in run():
            print(f"{name}: {value}")
