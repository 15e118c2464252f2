"""How often a meeting or duty recurs, and the occurrences that follow from it.

Rules (documented in README, "Mødekadence"):

* ``per_year`` N: each calendar year is cut into N equal windows. When N divides
  12 the windows follow whole months (3 per year: Jan-Apr, May-Aug, Sep-Dec);
  otherwise the year's days are split as evenly as possible. One occurrence is
  due per window, on the window's last day. A window counts when the active
  period covers at least half of it, so a contract starting on 2 January still
  expects the January-April network meeting, one starting on 20 April does not.
* ``every`` N days/weeks/months: occurrences are due N units apart, from an
  optional ``first_due`` date (default: one interval after the start of the active
  period); each window runs from the previous due date (exclusive) to this one, the
  first from the start. Months are counted from the first due date with
  ``relativedelta`` and clamp to month ends (31 January + 1 month = 28/29 February),
  never skip. A first due date before the start continues its rhythm: the window
  cut by the start counts by the half-window rule.
* ``once`` by a date: one occurrence, window from the period start to that date.
* ``as_needed`` ("efter behov") and ``ongoing`` (a standing duty): no occurrences,
  so never overdue.

The active period ends on the earlier of the period's end and the day the contract
ended. A window cut by that end counts by the same half-window rule, and is then due
on the end day: nothing falls due after the contract's end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from domain.bounds import Day


class _Frequency(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerYear(_Frequency):
    """N times a calendar year, one per window."""

    kind: Literal["per_year"]
    times: Annotated[int, Field(ge=1, le=365)]

    def describe(self) -> str:
        return "årligt" if self.times == 1 else f"{self.times} gange årligt"


class Every(_Frequency):
    """Every N days, weeks or months, from a first due date (default: one interval after the start)."""

    kind: Literal["every"]
    interval: Annotated[int, Field(ge=1, le=3650)]
    unit: Literal["days", "weeks", "months"]
    first_due: Day | None = None

    def describe(self) -> str:
        unit = {"days": "dag", "weeks": "uge", "months": "måned"}[self.unit]
        text = f"hver {self.interval}. {unit}" if self.interval > 1 else f"hver {unit}"
        return f"{text} fra {self.first_due:%d.%m.%Y}" if self.first_due else text

    def due(self, anchor: date, k: int) -> date:
        """The ``k``-th due date counted from ``anchor`` (negative ``k``: before it)."""
        if self.unit == "months":
            return anchor + relativedelta(months=self.interval * k)
        return anchor + timedelta(days=self.interval * k * (7 if self.unit == "weeks" else 1))


class Once(_Frequency):
    """A single occurrence due by a date."""

    kind: Literal["once"]
    by: Day

    def describe(self) -> str:
        return f"én gang, senest {self.by:%d.%m.%Y}"


class AsNeeded(_Frequency):
    """Efter behov: held when needed, never overdue."""

    kind: Literal["as_needed"]

    def describe(self) -> str:
        return "efter behov"


class Ongoing(_Frequency):
    """A standing duty without due dates (e.g. "kontakter Socialforvaltningen når ...")."""

    kind: Literal["ongoing"]

    def describe(self) -> str:
        return "løbende"


Frequency = Annotated[PerYear | Every | Once | AsNeeded | Ongoing, Field(discriminator="kind")]


@dataclass(frozen=True, order=True)
class Occurrence:
    """One due occurrence: it can be met by something dated within its window."""

    window_start: date
    due: date

    def contains(self, day: date) -> bool:
        return self.window_start <= day <= self.due


def occurrences(
    frequency: PerYear | Every | Once | AsNeeded | Ongoing,
    start: date,
    end: date | None,
    until: date | None = None,
) -> list[Occurrence]:
    """All occurrences the frequency expects while active from ``start`` to ``end`` (None: open-ended),
    due by ``until`` (default: ``end``). Windows cut by ``end`` are due on it."""
    stop = min(end, until) if end and until else end or until
    if stop is None or (end is not None and end < start):
        return []
    if isinstance(frequency, PerYear):
        windows = _per_year(frequency.times, start, stop)
    elif isinstance(frequency, Every):
        windows = _every(frequency, start, stop)
    elif isinstance(frequency, Once):
        inside = start <= frequency.by and (end is None or frequency.by <= end)
        windows = [(start, frequency.by, False)] if inside else []
    else:
        return []
    found = []
    for window_start, due, checked in windows:
        if checked and not _half_covered(window_start, due, start, end or due):
            continue
        due = min(due, end) if end else due
        if due <= stop and (end is None or window_start <= end):
            found.append(Occurrence(window_start, due))
    return found


def _half_covered(window_start: date, due: date, start: date, end: date) -> bool:
    """Whether the active period covers at least half of the window (the half-window rule)."""
    covered = (min(due, end) - max(window_start, start)).days + 1
    return covered * 2 >= (due - window_start).days + 1


def occurrence_on(
    frequency: PerYear | Every | Once | AsNeeded | Ongoing,
    start: date,
    end: date,
    day: date,
) -> Occurrence | None:
    """The occurrence whose window contains ``day``, if any."""
    for occurrence in occurrences(frequency, start, end):
        if occurrence.contains(day):
            return occurrence
    return None


Window = tuple[date, date, bool]  # start, due, and whether the half-window rule decides whether it counts


def _per_year(times: int, start: date, stop: date) -> list[Window]:
    found: list[Window] = []
    for year in range(start.year, stop.year + 2):
        for window_start, window_end in _year_windows(year, times):
            if window_start > stop:
                return found
            found.append((window_start, window_end, True))
    return found


def _year_windows(year: int, times: int) -> list[tuple[date, date]]:
    first = date(year, 1, 1)
    if 12 % times == 0:
        months = 12 // times
        starts = [first + relativedelta(months=months * i) for i in range(times + 1)]
    else:
        days = (date(year + 1, 1, 1) - first).days
        starts = [first + timedelta(days=days * i // times) for i in range(times + 1)]
    return [(starts[i], starts[i + 1] - timedelta(days=1)) for i in range(times)]


def _every(frequency: Every, start: date, stop: date) -> list[Window]:
    """Windows between due dates: from ``first_due`` (its window starts at ``start``), continuing its
    rhythm when it lies before ``start``; by default the first is due one interval after ``start``."""
    first = frequency.first_due
    anchor, k = (first, 0) if first else (start, 1)
    while first and frequency.due(anchor, k) < start:
        k += 1
    found: list[Window] = []
    while (previous := frequency.due(anchor, k - 1)) < stop:
        due = frequency.due(anchor, k)
        window_start = previous + timedelta(days=1)
        explicit = (first is None and k == 1) or (first is not None and first >= start and k == 0)
        found.append((start if explicit else window_start, due, True))
        k += 1
    return found
