"""The statistics page: how many assessments, of which form, where; which findings, when.

Two aggregate queries over the search index (GROUP BY), whatever its size. The line chart
comes from the law browser (:func:`compliance.law.charts.line_chart`); the stacked bars are
laid out here with the same axis helpers, so both draw without JavaScript or inline styles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from compliance.assessments.states import Level
from compliance.law.charts import PALETTE, ChartFrame, LineChart, line_chart, nice_ceiling, tick_step
from compliance.lib.vocabulary import PREFECTURES
from compliance.public.search import current, current_findings


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    value: int


@dataclass(frozen=True)
class BarChart(ChartFrame):
    bars: tuple[Bar, ...]
    x_labels: tuple[tuple[float, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    legend: tuple[tuple[str, str], ...]


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[int]]],
    width: int = 960,
    height: int = 320,
) -> BarChart:
    """Vertical stacked bars, one per label, one segment per series."""
    left, right, top, bottom = 48, width - 12, 16, height - 48
    totals = [sum(values[i] for _n, values in series) for i in range(len(labels))]
    maximum = nice_ceiling(max(totals, default=0))
    slot = (right - left) / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        base = 0
        for index, (name, values) in enumerate(series):
            value = values[i]
            if not value:
                continue
            y_top = bottom - (bottom - top) * (base + value) / maximum
            y_base = bottom - (bottom - top) * base / maximum
            bars.append(
                Bar(
                    round(left + slot * i + slot * 0.15, 1),
                    round(y_top, 1),
                    round(slot * 0.7, 1),
                    round(y_base - y_top, 1),
                    PALETTE[index % len(PALETTE)][0],
                    f"{label} {name}",
                    value,
                )
            )
            base += value
    step = tick_step(maximum)
    y_ticks = tuple(
        (round(bottom - (bottom - top) * v / maximum, 1), str(v)) for v in range(0, maximum + 1, step)
    )
    x_labels = tuple((round(left + slot * (i + 0.5), 1), label) for i, label in enumerate(labels))
    legend = tuple((name, PALETTE[i % len(PALETTE)][0]) for i, (name, _v) in enumerate(series))
    return BarChart(
        chart_id, title, description, width, height, left, bottom, top, tuple(bars), x_labels, y_ticks, legend
    )


@dataclass
class Statistics:
    total: int
    by_level: dict[str, int]
    by_prefecture: list[tuple[str, str, dict[str, int]]]  # (code, name, {level: n})
    prefecture_chart: BarChart
    rules_by_year: list[tuple[str, list[int]]]
    years: list[str]
    rules_chart: LineChart | None


def statistics() -> Statistics:
    """Counts by form and prefecture; findings by rule per publication year (two queries).

    Current publications only: an affair re-assessed three times counts once, with its newest version."""
    names = dict(PREFECTURES)
    per_prefecture: dict[str, Counter[str]] = defaultdict(Counter)
    for row in current().values("prefecture", "level").annotate(n=Count("id")).order_by():
        per_prefecture[row["prefecture"]][row["level"]] += row["n"]
    by_level: Counter[str] = Counter()
    for counts in per_prefecture.values():
        by_level.update(counts)
    codes = sorted(per_prefecture)
    levels = list(Level.values)
    series = [(str(Level(level).label), [per_prefecture[c][level] for c in codes]) for level in levels]
    prefecture_chart = stacked_bars(
        chart_id="chart-prefecture",
        title=_("都道府県別・評価の種類別の公表件数"),
        description=_("都道府県ごとに、公表された評価書の件数を評価の種類別に積み上げた棒グラフ。"),
        labels=[names.get(c, c or "—") for c in codes],
        series=series,
    )
    per_rule_year: dict[str, Counter[int]] = defaultdict(Counter)
    for finding_row in (
        current_findings()
        .annotate(year=ExtractYear("published_on"))
        .values("rule", "year")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_rule_year[finding_row["rule"]][finding_row["year"]] += finding_row["n"]
    years = sorted({y for c in per_rule_year.values() for y in c if y})
    rules_by_year = [(rule, [per_rule_year[rule][y] for y in years]) for rule in sorted(per_rule_year)]
    rules_chart = None
    if years:
        labels = [str(y) for y in years] if len(years) > 1 else [str(years[0]), str(years[0])]
        chart_series: list[tuple[str, Any]] = [
            (rule, values if len(years) > 1 else values * 2) for rule, values in rules_by_year
        ]
        rules_chart = line_chart(
            chart_id="chart-rules",
            title=_("公表年別・ルール別の指摘件数"),
            description=_("公表された評価書に記載された指摘の件数を、公表年とルール別に示す折れ線グラフ。"),
            labels=labels,
            series=chart_series,
        )
    return Statistics(
        total=sum(by_level.values()),
        by_level={level: by_level[level] for level in levels},
        by_prefecture=[(c, names.get(c, c or "—"), dict(per_prefecture[c])) for c in codes],
        prefecture_chart=prefecture_chart,
        rules_by_year=rules_by_year,
        years=[str(y) for y in years],
        rules_chart=rules_chart,
    )
