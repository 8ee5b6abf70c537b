"""``python -m bench pages``: seeds, serves with gunicorn, loads every page and compares it with the floor."""

from __future__ import annotations

import pytest

from bench import bench_pages

pytestmark = pytest.mark.xdist_group("bench")

LABELS = [
    "floor",
    *(label for label, _ in bench_pages.SEARCHES),
    "assessment page",
    "transparency page",
    "API list",
]


def result(label: str, rps: float, p95_ms: float) -> bench_pages.Result:
    """``rps`` requests in one second, every latency ``p95_ms``."""
    return bench_pages.Result(label, int(rps), 0, 1.0, [p95_ms] * int(rps))


def test_it_measures_every_page_against_the_floor_on_one_gunicorn_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(bench_pages, "ROWS", 300)
    monkeypatch.setattr(bench_pages, "REQUESTS", 8)
    monkeypatch.setattr(bench_pages, "SECONDS", 2.0)
    monkeypatch.setattr(bench_pages, "WARMUP", 1)

    figures = dict(bench_pages.run())

    assert figures["database"] == "sqlite"
    assert figures["rows"] == "300"
    assert float(figures["floor req/s"]) > 0
    for label in LABELS[1:]:
        for measured in (label, f"{label} (uncached)"):
            assert float(figures[f"{measured} rps ratio"]) > 0
            assert float(figures[f"{measured} p95 ratio"]) > 0
    assert figures["goal met"] in ("yes", "no")


def test_it_meets_the_goal_at_a_third_of_the_floors_throughput_and_under_three_times_its_p95() -> None:
    figures = dict(bench_pages._table([result("floor", 300, 10.0), result("page", 100, 29.0)]))

    assert figures["page rps ratio"] == "0.33"
    assert figures["goal met"] == "yes"


def test_it_misses_the_goal_when_a_pages_p95_reaches_three_times_the_floors() -> None:
    figures = dict(bench_pages._table([result("floor", 300, 10.0), result("page", 200, 30.0)]))

    assert figures["goal met"] == "no"


def test_it_misses_the_goal_below_a_third_of_the_floors_throughput() -> None:
    figures = dict(bench_pages._table([result("floor", 300, 10.0), result("page", 90, 12.0)]))

    assert figures["goal met"] == "no"


def test_it_misses_the_goal_when_a_page_failed_requests() -> None:
    failing = bench_pages.Result("page", 300, 1, 1.0, [10.0] * 300)

    figures = dict(bench_pages._table([result("floor", 300, 10.0), failing]))

    assert figures["goal met"] == "no"


def test_the_uncached_rows_are_shown_but_do_not_decide_the_goal() -> None:
    figures = dict(
        bench_pages._table(
            [result("floor", 300, 10.0), result("page", 200, 12.0), result("page (uncached)", 50, 60.0)]
        )
    )

    assert figures["page (uncached) rps ratio"] == "0.17"
    assert figures["goal met"] == "yes"


def test_an_uncached_request_never_repeats_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(bench_pages, "WARMUP", 0)
    monkeypatch.setattr(bench_pages, "REQUESTS", 6)
    monkeypatch.setattr(
        bench_pages, "_get", lambda port, path, timeout=30.0: (asked.append(path), (200, b""))[1]
    )

    bench_pages.load(0, "page", ["/search/?q=a", "/published/1/"], uncached=True)

    warm_up, measured = asked[:2], asked[2:]
    assert warm_up == ["/search/?q=a", "/published/1/"]  # every path once
    assert len(measured) == 6 and len(set(measured)) == 6
    assert all("_bench=" in path for path in measured)
