"""Benchmark of the check engine at national scale (about 2,000 bodies and 100,000 affairs).

For the synthetic corpus of :mod:`bench.synthetic` (2,000 organisations, 100,000 affairs),
measures, one organisation at a time (generated, serialised to JSON, then discarded):

- the evaluation rate (declared entries per second) at 10,000 and at 100,000 affairs, and
  the ratio between the two evaluation times (linear cost means about 10; target ≤ 11);
- the ratio of evaluation time to the time spent merely building the snapshots from JSON
  (``json.loads`` + :func:`snapshot_from_declaration`): the engine should cost less than
  reading its input;
- peak memory of the process (``ru_maxrss``).

Run with ``make bench`` (all ``bench/bench_*.py``) or alone: ``python -m bench.bench_checks``.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import resource
import sys
import time
from dataclasses import dataclass
from typing import Any

TARGET_RATIO = 11.0


@dataclass
class Measure:
    affairs: int = 0
    organisations: int = 0
    entries: int = 0
    findings: int = 0
    build_seconds: float = 0.0
    eval_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.entries / self.eval_seconds if self.eval_seconds else 0.0


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance.settings")
    import django

    django.setup()


def measure(affairs: int) -> Measure:
    from bench.synthetic import corpus, entry_count
    from compliance.checks.engine import evaluate
    from compliance.checks.snapshot import snapshot_from_declaration
    from compliance.law.catalog.loading import catalog_from_files

    catalog = catalog_from_files()
    as_of = dt.date(2026, 4, 1)
    result = Measure()
    clock = time.process_time  # CPU time of this process: other jobs on the machine do not count
    gc.collect()
    for data in corpus(catalog, affairs=affairs):
        text = json.dumps(data, ensure_ascii=False)
        result.entries += entry_count(data)
        result.affairs += len(data["affairs"])
        result.organisations += 1
        del data
        start = clock()
        snapshot = snapshot_from_declaration(json.loads(text))
        built = clock()
        findings = evaluate(snapshot, catalog, as_of)
        done = clock()
        result.build_seconds += built - start
        result.eval_seconds += done - built
        result.findings += len(findings)
    return result


def peak_memory_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run() -> dict[str, Any]:
    """Measure, print a small table, and return the figures (for ``bench/__main__``)."""
    _setup()
    small = measure(10_000)
    large = measure(100_000)
    ratio = large.eval_seconds / small.eval_seconds if small.eval_seconds else float("inf")
    figures = {
        "rate_10k_entries_per_s": round(small.rate),
        "rate_100k_entries_per_s": round(large.rate),
        "time_ratio_100k_over_10k": round(ratio, 2),
        "eval_over_build_100k": round(large.eval_seconds / large.build_seconds, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    rows = [
        ("", "10k affairs", "100k affairs"),
        ("organisations", f"{small.organisations:,}", f"{large.organisations:,}"),
        ("declared entries", f"{small.entries:,}", f"{large.entries:,}"),
        ("findings", f"{small.findings:,}", f"{large.findings:,}"),
        ("snapshot from JSON (cpu s)", f"{small.build_seconds:.2f}", f"{large.build_seconds:.2f}"),
        ("evaluation (cpu s)", f"{small.eval_seconds:.2f}", f"{large.eval_seconds:.2f}"),
        ("evaluation rate (entries/s)", f"{small.rate:,.0f}", f"{large.rate:,.0f}"),
        (
            "evaluation / snapshot time",
            f"{small.eval_seconds / small.build_seconds:.2f}",
            f"{large.eval_seconds / large.build_seconds:.2f}",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print("check engine (bench/bench_checks.py)")
    for label, a, b in rows:
        print(f"  {label:<{width}}  {a:>14}  {b:>14}")
    verdict = "ok" if ratio <= TARGET_RATIO else f"ABOVE TARGET {TARGET_RATIO}"
    print(f"  time ratio 100k/10k: {ratio:.2f} (target ≤ {TARGET_RATIO}: {verdict})")
    print(f"  peak memory (ru_maxrss): {figures['peak_memory_mb']} MB")
    return figures


if __name__ == "__main__":
    run()
