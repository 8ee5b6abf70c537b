"""``python -m bench``: discovers bench/bench_*.py, runs their run(), prints a summary table."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

import bench.__main__ as runner


@pytest.fixture
def fake_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    good = types.ModuleType("bench.bench_good")
    good.run = lambda: {"rate_per_s": 1200, "peak_mb": 35.5}  # type: ignore[attr-defined]
    pairs = types.ModuleType("bench.bench_pairs")
    pairs.run = lambda: [("ratio", 9.8)]  # type: ignore[attr-defined]
    broken = types.ModuleType("bench.bench_broken")
    broken.run = lambda: 1 / 0  # type: ignore[attr-defined]
    for module in (good, pairs, broken):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(runner, "discover", lambda: ["broken", "good", "pairs"])


def test_it_discovers_the_bench_modules_in_the_package() -> None:
    names = runner.discover()

    assert names == sorted(names)
    assert all((runner.BENCH_DIR / f"bench_{name}.py").exists() for name in names)


def test_it_prints_every_figure_in_a_summary_table(
    fake_benchmarks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert runner.main(["good", "pairs"]) == 0

    summary = capsys.readouterr().out.split("== summary ==")[1]
    assert "rate_per_s" in summary and "1200" in summary
    assert "ratio" in summary and "9.8" in summary


def test_it_fails_when_a_benchmark_raises_but_still_runs_the_others(
    fake_benchmarks: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "figures.json"

    assert runner.main(["--json", str(out)]) == 1

    figures = json.loads(out.read_text())
    assert figures["broken"]["error"] is True
    assert figures["good"]["figures"] == {"rate_per_s": "1200", "peak_mb": "35.5"}


def test_it_refuses_an_unknown_benchmark_name(fake_benchmarks: None) -> None:
    with pytest.raises(SystemExit) as excinfo:
        runner.main(["nosuch"])

    assert excinfo.value.code == 2
