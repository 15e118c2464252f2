"""How often a meeting or duty recurs, and the occurrences that follow from it.

Rules (documented in README, "Mødekadence"):

* ``per_year`` N: each calendar year is cut into N equal windows. When N divides
  12 the windows follow whole months (3 per year: Jan-Apr, May-Aug, Sep-Dec);
  otherwise the year's days are split as evenly as possible. One occurrence is
  due per window, on the window's last day. A window counts when the active
  period covers at least half of it, so a contract starting on 2 January still
  expects the January-April network meeting, one starting on 20 April does not.
* ``every`` N days/weeks/months: occurrences are due N units apart, counted
  from the start of the period; each window runs from the previous due date
  (exclusive) to this one. Days and weeks use ``dateutil.rrule``; months use
  ``relativedelta`` because ``rrule`` silently skips months that lack the day
  (31 January + 1 month would vanish instead of landing on 28/29 February).
* ``once`` by a date: one occurrence, window from the period start to that date.
* ``as_needed`` ("efter behov") and ``ongoing`` (a standing duty): no occurrences,
  so never overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, WEEKLY, rrule
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
    """Every N days, weeks or months from the start of the period."""

    kind: Literal["every"]
    interval: Annotated[int, Field(ge=1, le=3650)]
    unit: Literal["days", "weeks", "months"]

    def describe(self) -> str:
        unit = {"days": "dag", "weeks": "uge", "months": "måned"}[self.unit]
        return f"hver {self.interval}. {unit}" if self.interval > 1 else f"hver {unit}"


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
    end: date,
) -> list[Occurrence]:
    """All occurrences the frequency expects while active from ``start`` to ``end``."""
    if end < start:
        return []
    if isinstance(frequency, PerYear):
        return _per_year(frequency.times, start, end)
    if isinstance(frequency, Every):
        return _every(frequency, start, end)
    if isinstance(frequency, Once):
        return [Occurrence(start, frequency.by)] if start <= frequency.by <= end else []
    return []


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


def _per_year(times: int, start: date, end: date) -> list[Occurrence]:
    found = []
    for year in range(start.year, end.year + 1):
        for window_start, window_end in _year_windows(year, times):
            covered_from = max(window_start, start)
            covered_to = min(window_end, end)
            covered = (covered_to - covered_from).days + 1
            length = (window_end - window_start).days + 1
            if covered * 2 >= length:
                found.append(Occurrence(window_start, window_end))
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


def _every(frequency: Every, start: date, end: date) -> list[Occurrence]:
    if frequency.unit == "months":
        dues = []
        step = 1
        while (due := start + relativedelta(months=frequency.interval * step)) <= end:
            dues.append(due)
            step += 1
    else:
        rule = rrule(
            DAILY if frequency.unit == "days" else WEEKLY,
            interval=frequency.interval,
            dtstart=start,
            until=end,
        )
        dues = [d.date() for d in rule][1:]
    previous = start
    found = []
    for due in dues:
        found.append(Occurrence(previous if previous == start else previous + timedelta(1), due))
        previous = due
    return found
