"""Benchmark of the national re-check: every body's stored findings after the law changes.

One run, in a throw-away database (PostgreSQL when ``DATABASE_URL`` is set, else SQLite):
load the shipped catalog, import the synthetic national corpus (:mod:`bench.synthetic`,
``BENCH_RECHECK_ORGS`` organisations, default 2,000, about 50 affairs each) through the real
declaration importer (its schema validation skipped: the corpus is valid), then measure

- the **full re-check** (:func:`compliance.checks.rechecks.recheck_organizations`, what
  ``manage.py recheck`` runs), once to store every finding and index row, then again in the
  steady state (the figure): wall time, affairs per second, and queries per organisation
  (minimum and maximum: constant means equal);
- the same affairs through the **pure engine** (snapshots read from the database, then
  :func:`compliance.checks.engine.evaluate`), with the database reads timed apart;
- the **incremental re-check** after one catalog change that ends the linkage permission
  closest to 5% of the organisations (``catalog_apply``, whose re-check runs eagerly here):
  how many organisations it re-checked and how long it took.

Goals: the incremental re-check under a tenth of the full one; the full re-check no more than
twice the engine's time plus the database reads. Run: ``DATABASE_URL=postgresql://… python -m
bench recheck`` (``make bench`` runs every benchmark).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from typing import Any

ORGANISATIONS = int(os.environ.get("BENCH_RECHECK_ORGS", "2000"))
AFFAIRS_PER_ORGANISATION = 50


def _seed() -> tuple[list[int], int, float]:
    import io

    from django.core.management import call_command

    from bench.synthetic import corpus
    from compliance.law.catalog.loading import catalog_from_files
    from compliance.registry import importing

    call_command("load_catalog", stdout=io.StringIO(), stderr=io.StringIO())
    # Seeding is not what is measured: the generated corpus is valid (bench_checks reads the same
    # documents), so the schema validation of each document, a second per body, is skipped.
    importing.validate_declaration = lambda data, catalog: []  # type: ignore[assignment]
    started = time.perf_counter()
    ids: list[int] = []
    affairs = 0
    for data in corpus(
        catalog_from_files(), affairs=ORGANISATIONS * AFFAIRS_PER_ORGANISATION, organisations=ORGANISATIONS
    ):
        affairs += len(data["affairs"])
        result = importing.declaration_import(data=data, acting_user=None, schedule_refresh=False)
        assert result.organization is not None
        ids.append(result.organization.pk)
    return ids, affairs, time.perf_counter() - started


class QueryCounter:
    """Counts the queries run while it is installed (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _full_recheck(ids: list[int]) -> tuple[float, list[int]]:
    from django.db import connection

    from compliance.checks.rechecks import recheck_organizations

    counter = QueryCounter()
    per_organisation: list[int] = []
    last = 0
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        for _organization, _result in recheck_organizations(ids):
            per_organisation.append(counter.count - last)
            last = counter.count
    return time.perf_counter() - started, per_organisation


def _engine(ids: list[int]) -> tuple[float, float]:
    """(database reads, engine) seconds for the same affairs, nothing written."""
    from compliance.accounts.models import Organization
    from compliance.checks.engine import evaluate
    from compliance.checks.selectors import catalog_for_checks, findings_for_organization
    from compliance.registry.selectors import registry_snapshot

    catalog = catalog_for_checks()
    reads = engine = 0.0
    for organization in Organization.objects.filter(pk__in=ids).order_by("pk"):
        started = time.perf_counter()
        snapshot = registry_snapshot(organization=organization)
        list(findings_for_organization(organization=organization, include_resolved=True))
        read = time.perf_counter()
        evaluate(snapshot, catalog, snapshot_day())
        reads += read - started
        engine += time.perf_counter() - read
    return reads, engine


def snapshot_day() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def _change_touching_share(ids: list[int], share: float = 0.05) -> tuple[str, int]:
    """The linkage permission in force whose token the nearest to ``share`` of the bodies depend on."""
    from compliance.checks.dependencies import permission_token
    from compliance.checks.models import CatalogDependency
    from compliance.law import models as m

    counts = Counter(
        CatalogDependency.objects.filter(token__startswith="permission:").values_list("token", flat=True)
    )
    target = share * len(ids)
    day = snapshot_day()
    best: tuple[float, str, int] | None = None
    for permission in m.LinkagePermission.objects.in_force(on=day):
        depending = counts.get(permission_token(permission.requester_row, permission.category), 0)
        if not depending:
            continue
        distance = abs(depending - target)
        if best is None or distance < best[0]:
            best = (distance, permission.key, depending)
    assert best is not None, "no permission any body consulted"
    return best[1], best[2]


def _incremental(key: str) -> tuple[float, int, int]:
    from django.utils import timezone

    from compliance.checks.models import CatalogRecheck
    from compliance.law.services import catalog_apply

    change = {
        "format": "catalog-change/1",
        "effective_on": timezone.localdate().isoformat(),
        "source": "benchmark",
        "end": {"linkage_permissions": [key]},
    }
    started = time.perf_counter()
    result = catalog_apply(change_set=change, acting_user=None)  # autocommit: the re-check runs now
    elapsed = time.perf_counter() - started
    recheck = CatalogRecheck.objects.get(change_set=result.change_set)
    return elapsed, recheck.organizations_checked, recheck.impacts.count()


def worker() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, aliases={"default": {}})
    try:
        ids, affairs, seeded = _seed()
        first, _ = _full_recheck(ids)  # stores every finding and index row for the first time
        full, per_organisation = _full_recheck(ids)  # the steady state: what a national re-check costs
        reads, engine = _engine(ids)
        key, depending = _change_touching_share(ids)
        incremental, rechecked, changed = _incremental(key)
        result = {
            "vendor": connection.vendor,
            "organisations": len(ids),
            "affairs": affairs,
            "seed_s": round(seeded, 1),
            "first_s": round(first, 2),
            "full_s": round(full, 2),
            "queries_min": min(per_organisation),
            "queries_max": max(per_organisation),
            "reads_s": round(reads, 2),
            "engine_s": round(engine, 2),
            "depending": depending,
            "incremental_s": round(incremental, 2),
            "rechecked": rechecked,
            "changed": changed,
        }
    finally:
        teardown_databases(config, verbosity=0)
    print(json.dumps(result))


def run() -> list[tuple[str, str]]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # the change's re-check runs eagerly, in this process, as measured
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_recheck", "--worker"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"re-check benchmark worker failed:\n{done.stderr[-4000:]}")
    r = json.loads(done.stdout.strip().splitlines()[-1])
    rate = r["affairs"] / r["full_s"] if r["full_s"] else 0.0
    budget = 2 * (r["engine_s"] + r["reads_s"])
    share = r["incremental_s"] / r["full_s"] if r["full_s"] else 0.0
    print(
        f"national re-check on {r['vendor']}: {r['organisations']:,} organisations, {r['affairs']:,} affairs"
    )
    print(f"  seeding through the importer: {r['seed_s']} s")
    print(f"  first re-check (stores every finding and the index): {r['first_s']} s")
    print(f"  full re-check: {r['full_s']} s ({rate:,.0f} affairs/s)")
    print(f"  queries per organisation: {r['queries_min']}–{r['queries_max']}")
    print(f"  pure engine {r['engine_s']} s + database reads {r['reads_s']} s; budget (×2) {budget:.2f} s: "
          + ("ok" if r["full_s"] <= budget else "ABOVE"))  # fmt: skip
    print(
        f"  one change touching {r['depending']} organisations ({r['depending'] / r['organisations']:.1%}): "
        f"re-checked {r['rechecked']}, findings changed in {r['changed']}, {r['incremental_s']} s "
        f"= {share:.1%} of the full re-check (goal < 10%: {'ok' if share < 0.1 else 'ABOVE'})"
    )
    return [
        (f"{r['vendor']} full re-check s ({r['organisations']} orgs)", str(r["full_s"])),
        (f"{r['vendor']} full re-check affairs/s", f"{rate:.0f}"),
        (f"{r['vendor']} queries per organisation", f"{r['queries_min']}-{r['queries_max']}"),
        (f"{r['vendor']} engine + reads s", f"{r['engine_s'] + r['reads_s']:.2f}"),
        (f"{r['vendor']} incremental re-check s", str(r["incremental_s"])),
        (f"{r['vendor']} incremental / full", f"{share:.3f}"),
    ]


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
    else:
        for name, value in run():
            print(f"{name}: {value}")
