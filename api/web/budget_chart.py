"""The budget at a glance: the geometry of a plan's spending chart, drawn as inline SVG by `_budget_glance.html`.

Two panels share one time axis of calendar months over the plan's period: above, the cumulative spending
against the frame and its linear projection to the period's end; below, the spending per month. Amounts are
in øre; every coordinate is in the SVG's own units (``WIDTH`` × ``HEIGHT``), so the page scales it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.money import format_whole_kroner

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT = 118, 12  # room for the amounts on the vertical axes
UPPER = (28, 236)  # the cumulative panel's top and bottom
LOWER = (284, 380)  # the monthly panel's top and bottom
MONTH_NAMES = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")
MAX_MONTHS = 240  # a frame over twenty years is drawn up to its twentieth year


@dataclass(frozen=True)
class Tick:
    """A gridline with its label: an amount on a vertical axis or a month on the time axis."""

    at: float
    label: str


@dataclass(frozen=True)
class Bar:
    """One month's spending: its slot on the time axis and its height from the zero line (never negative)."""

    month: str
    label: str
    x: float
    y: float
    width: float
    height: float
    amount: int
    cumulative: int
    negative: bool


@dataclass(frozen=True)
class Chart:
    """What the template draws, and the figures the table beside it lists."""

    bars: list[Bar]
    cumulative: str  # SVG points of the spending so far
    projection: tuple[float, float, float, float] | None  # from the last spending point to the period's end
    frame_y: float
    upper_ticks: list[Tick]
    lower_ticks: list[Tick]
    month_ticks: list[Tick]
    zero_y: float
    frame: int
    spent: int
    projected: int
    overspent: bool
    projected_over: bool


def month_label(month: str) -> str:
    """'2015-03' as 'mar. 2015'."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def months_between(start: date, end: date) -> list[str]:
    """Every calendar month from start's to end's, both included, as 'ÅÅÅÅ-MM' (at most ``MAX_MONTHS``)."""
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month) and len(months) < MAX_MONTHS:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def nice_step(span: int, most: int = 5) -> int:
    """A round step in øre (1, 2, 2.5 or 5 times a power of ten, whole kroner) giving at most ``most`` steps."""
    power = 100
    while True:
        for factor in (1, 2, 2.5, 5):
            step = int(power * factor)
            if step * most >= span:
                return step
        power *= 10


def budget_chart(use: Mapping[str, Any]) -> Chart:
    """The chart of one plan from budget_use.budget_use()'s answer for it, as of that answer's date."""
    as_of = date.fromisoformat(use["as_of"])
    start = date.fromisoformat(use["period_start"])
    end = date.fromisoformat(use["period_end"]) if use["period_end"] else max(as_of, start)
    months = months_between(start, end)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    shown = [m for m in months if m <= use["as_of"][:7]]
    burn: Mapping[str, int] = use["monthly_burn"]
    earlier = sum(amount for month, amount in burn.items() if month < months[0]) if months else 0
    running, sums = earlier, []
    for month in shown:
        running += burn.get(month, 0)
        sums.append(running)
    projected = use["projected_at_period_end"]
    top = max([use["frame"], projected, *sums, 1])
    upper = _scale(0, top, UPPER)
    amounts = [burn.get(m, 0) for m in shown]
    lower = _scale(min([0, *amounts]), max([1, *amounts]), LOWER)
    points = [(LEFT, upper.y(earlier))] + [(LEFT + slot * (i + 1), upper.y(s)) for i, s in enumerate(sums)]
    last_x, last_y = points[-1]
    end_x = LEFT + slot * len(months)
    return Chart(
        bars=[_bar(m, i, slot, burn.get(m, 0), sums[i], lower) for i, m in enumerate(shown)],
        cumulative=" ".join(f"{x:.1f},{y:.1f}" for x, y in points) if shown else "",
        projection=(last_x, last_y, end_x, upper.y(projected)) if shown and len(shown) < len(months) else None,
        frame_y=upper.y(use["frame"]),
        upper_ticks=upper.ticks(),
        lower_ticks=lower.ticks(),
        month_ticks=_month_ticks(months, slot),
        zero_y=lower.y(0),
        frame=use["frame"],
        spent=use["spent"],
        projected=projected,
        overspent=use["overspent"],
        projected_over=projected > use["frame"],
    )


@dataclass(frozen=True)
class _Scale:
    """Amounts from ``low`` to ``high`` (rounded out to whole steps) onto a panel from ``bottom`` up to ``top``."""

    low: int
    high: int
    step: int
    top: float
    bottom: float

    def y(self, amount: int) -> float:
        return self.bottom - (amount - self.low) * (self.bottom - self.top) / (self.high - self.low)

    def ticks(self) -> list[Tick]:
        return [Tick(self.y(v), format_whole_kroner(v)) for v in range(self.low, self.high + 1, self.step)]


def _scale(low: int, high: int, panel: tuple[int, int]) -> _Scale:
    step = nice_step(high - low)
    floor, ceiling = -(-low // step) * step if low >= 0 else (low // step) * step, -(-high // step) * step
    return _Scale(floor, max(ceiling, floor + step), step, panel[0], panel[1])


def _bar(month: str, index: int, slot: float, amount: int, cumulative: int, scale: _Scale) -> Bar:
    zero, level = scale.y(0), scale.y(amount)
    gap = min(slot * 0.15, 3)
    return Bar(
        month, month_label(month), LEFT + slot * index + gap, min(zero, level), max(slot - 2 * gap, 0.5),
        abs(zero - level), amount, cumulative, amount < 0,
    )  # fmt: skip


def _month_ticks(months: list[str], slot: float) -> list[Tick]:
    """A label every so many months that they stay at least 60 units apart, on whole quarters and years."""
    every = next((n for n in (1, 2, 3, 6, 12, 24, 60) if n * slot >= 60), 120)
    return [
        Tick(LEFT + slot * i, month_label(m))
        for i, m in enumerate(months)
        if (int(m[:4]) * 12 + int(m[5:7]) - 1) % every == 0
    ]
