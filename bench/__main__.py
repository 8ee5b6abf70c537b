"""Run the benchmarks: ``python -m bench [NAME ...] [--json FILE]`` (``make bench``).

Protocol for a benchmark module: a file ``bench/bench_<name>.py`` with a function
``run()`` that does its measuring, may print its own detailed table, and returns
its headline figures as either a mapping ``{figure: value}`` or a list of
``(figure, value)`` pairs (values are printed with ``str``). Figures are what a
reader compares between runs: rates, ratios, peak memory. ``run()`` sets Django up
itself if it needs it and must finish in a few minutes on the 2-core machine.

This runner discovers the modules in name order, runs the ones named on the
command line (all when none are), prints a summary table of every figure and,
with ``--json``, writes them to a file. It exits 1 if a benchmark raised.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))


def as_pairs(figures: Any) -> list[tuple[str, str]]:
    if figures is None:
        return []
    items: Iterable[Any] = figures.items() if isinstance(figures, Mapping) else figures
    return [(str(name), str(value)) for name, value in items]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(discover()) or 'none'})"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    available = discover()
    unknown = sorted(set(args.names) - set(available))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")
    names = args.names or available
    if not names:
        print("no benchmarks (add bench/bench_<name>.py with a run() function)")
        return 0

    results: dict[str, dict[str, Any]] = {}
    failed = False
    for name in names:
        print(f"== bench {name} ==", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            pairs = as_pairs(module.run())
        except Exception:
            traceback.print_exc()
            failed = True
            results[name] = {"error": True, "seconds": round(time.perf_counter() - started, 1)}
            continue
        results[name] = {"figures": dict(pairs), "seconds": round(time.perf_counter() - started, 1)}

    rows = [("benchmark", "figure", "value")]
    for name, result in results.items():
        if result.get("error"):
            rows.append((name, "ERROR", f"after {result['seconds']} s"))
            continue
        for figure, value in result["figures"].items():
            rows.append((name, figure, value))
        rows.append((name, "wall time (s)", str(result["seconds"])))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print("\n== summary ==")
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
