"""Server-rendered SVG line charts: the geometry is computed here, the template only draws it.

The charts must be readable without JavaScript and by screen readers (a title, a description
and a data table beside each), and must survive the Content Security Policy, which forbids
inline styles: colours and dashes are SVG presentation attributes, not ``style``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Colour-blind-safe palette (Okabe–Ito) with a distinct dash per series, so colour is never the only cue.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#0072b2", ""),
    ("#d55e00", "6 3"),
    ("#009e73", "2 3"),
    ("#cc79a7", "8 3 2 3"),
    ("#e69f00", "4 4"),
    ("#56b4e9", "10 4"),
    ("#000000", "1 2"),
    ("#999999", "12 3 3 3"),
)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    dash: str
    points: tuple[Point, ...]
    path: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ChartFrame:
    """What every chart has: its id and accessible title and description, its size and plot margins."""

    chart_id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    top: int
    bottom: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


@dataclass(frozen=True)
class LineChart(ChartFrame):
    right: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    series: tuple[Series, ...]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above ``value`` (at least 1), for a readable y axis."""
    if value <= 1:
        return 1
    exponent: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exponent >= value:
            return step * exponent
    return 10 * exponent  # pragma: no cover - the loop always returns


def tick_step(maximum: int) -> int:
    """A round step (1, 2 or 5 × 10^k) giving at most five whole-number intervals up to ``maximum``."""
    exponent = 1
    while True:
        for base in (1, 2, 5):
            step = base * exponent
            if maximum % step == 0 and maximum // step <= 5:
                return step
        exponent *= 10


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    width: int = 720,
    height: int = 320,
) -> LineChart:
    """Lay out ``series`` (name, one value per label) over the x positions of ``labels``."""
    left, right, top, bottom = 48, width - 44, 16, height - 40
    maximum = nice_ceiling(max((max(values, default=0) for _n, values in series), default=0))
    count = max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return round(left + (right - left) * i / count, 1)

    def y(v: int) -> float:
        return round(bottom - (bottom - top) * v / maximum, 1)

    drawn = []
    for index, (name, values) in enumerate(series):
        color, dash = PALETTE[index % len(PALETTE)]
        points = tuple(Point(x(i), y(v), v, labels[i]) for i, v in enumerate(values))
        path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
        drawn.append(Series(name=name, color=color, dash=dash, points=points, path=path))
    step = max(1, math.ceil(len(labels) / 12))
    x_ticks = tuple(
        Tick(x(i), label) for i, label in enumerate(labels) if i % step == 0 or i == len(labels) - 1
    )
    step = tick_step(maximum)
    y_ticks = tuple(Tick(y(v), str(v)) for v in range(0, maximum + 1, step))
    return LineChart(
        chart_id=chart_id, title=title, description=description, width=width, height=height, left=left,
        top=top, right=right, bottom=bottom, x_ticks=x_ticks, y_ticks=y_ticks, series=tuple(drawn),
    )  # fmt: skip
