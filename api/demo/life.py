"""A fictional contract's life, year by year, recorded through the tracker's use cases.

Each year is planned from the terms in force on its first day: meetings held in most windows
(some scheduled first, moved or cancelled, some missed), duties met on time, late, waived or
left open, expenses booked (a few reversed), indicators measured (a few corrected). A
revision, decided by the forum in the autumn, may change a cadence and an allocation from
the next 1 January. Every choice comes from the contract's own seeded random generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from api.demo.history import COORDINATOR, actor
from domain.duties import expected
from domain.obligation import Evidence
from domain.terms import ContractTerms, Indicator, MeetingCadence, Plan, Responsibility
from domain.tracker import Tracker
from domain.versions import Decision

FILL = 0.75  # share of a frame spent over the period, before an overspending activity's extra
TAGGED = 0.4  # share of bookings that name an activity
OVERSPEND = 2.5  # how much more an overspending activity books than its share


class Year:
    """The happenings of one year, recorded in date order when the year is done."""

    def __init__(self, tracker: Tracker, key: str, rng: random.Random, terms: ContractTerms, year: int):
        self.tracker, self.key, self.rng, self.terms = tracker, key, rng, terms
        self.first = max(date(year, 1, 1), terms.period.start)
        self.last = min(date(year, 12, 31), terms.period.end or date(year, 12, 31))
        self._steps: list[tuple[date, int, Callable[[], Any]]] = []
        self.held: set[tuple[str, date]] = set()  # the days a cadence meets: never two meetings on one day

    def claim(self, cadence: str, day: date) -> bool:
        """Take ``day`` for a meeting of ``cadence``; False when one of its meetings is held that day already."""
        if (cadence, day) in self.held:
            return False
        self.held.add((cadence, day))
        return True

    def at(self, day: date, action: Callable[[], Any]) -> None:
        self._steps.append((day, len(self._steps), action))

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def occurrences(self, frequency: Any, starts: date | None = None) -> list[Any]:
        """The occurrences due this year."""
        found = expected(self.terms, frequency, starts, self.last)
        return [o for o in found if self.first <= o.due <= self.last]

    def record(self) -> None:
        for _, _, action in sorted(self._steps, key=lambda s: (s[0], s[1])):
            action()


def record_life(tracker: Tracker, key: str, rng: random.Random) -> None:
    """The whole history of a drafted contract: signed, lived year by year, ended."""
    terms = tracker.get_contract(key).terms()
    period_end = terms.period.end or terms.period.start
    tracker.sign_contract(key, terms.period.start - timedelta(days=rng.randint(20, 90)), COORDINATOR)
    first, last = terms.period.start.year, period_end.year
    revised_in = rng.randint(first + 1, last) if last > first and rng.random() < 0.6 else None
    allocated = [a.activity for p in terms.plans for a in p.budget_frame.allocations]
    overspent = rng.choice(allocated) if allocated and rng.random() < 0.3 else None
    for number in range(first, last + 1):
        if number == revised_in:
            _revise(tracker, key, rng, number)
        year = Year(tracker, key, rng, tracker.get_contract(key).terms(date(number, 1, 1)), number)
        _meetings(year)
        _duties(year)
        _expenses(year, overspent)
        _measurements(year, period_end)
        year.record()
    tracker.end_contract(key, period_end, "Demo: Kontraktperioden er udløbet.", COORDINATOR)


# --- meetings ---------------------------------------------------------------------------


def _meetings(year: Year) -> None:
    for activity in year.terms.activities:
        for cadence in activity.cadences:
            if cadence.frequency.kind in {"as_needed", "ongoing"}:
                for _ in range(year.rng.randint(0, 3)):
                    _held(year, cadence, year.day_between(year.first, year.last))
                continue
            for occurrence in year.occurrences(cadence.frequency, cadence.starts):
                _window(year, cadence, max(occurrence.window_start, year.first), occurrence.due)


def _window(year: Year, cadence: MeetingCadence, first: date, due: date) -> None:
    """One window: held directly (most), scheduled then held, moved, cancelled or missed."""
    fate = year.rng.choices(["held", "scheduled", "moved", "cancelled", "missed"], [70, 12, 5, 5, 8])[0]
    planned = year.day_between(first, due)
    if fate == "held":
        _held(year, cadence, planned)
        return
    if fate == "missed":
        return
    held = year.day_between(first, due) if fate == "moved" else planned
    if fate != "cancelled" and not year.claim(cadence.key, held):  # the cadence meets that day already: missed
        return
    earliest = min(planned, held)  # scheduled three weeks ahead, moved one week ahead of either date
    tracker, convener = year.tracker, actor(cadence.conveners[0])
    meeting: dict[str, Any] = {}
    schedule = partial(tracker.schedule_meeting, year.key, cadence.key, planned, "", "Demo: Fast dagsorden", convener)
    year.at(earliest - timedelta(days=21), lambda: meeting.update(id=schedule()[0]))
    if fate == "cancelled":
        reason = "Demo: Aflyst – for få tilmeldte."
        year.at(planned - timedelta(days=2), lambda: tracker.cancel_meeting(meeting["id"], reason, convener))
        return
    if held != planned:
        moved = "Demo: Flyttet efter ønske fra deltagerne."
        year.at(earliest - timedelta(days=7), lambda: tracker.move_meeting(meeting["id"], held, moved, convener))
    attendees, decisions = _minutes(year, cadence)
    year.at(held, lambda: tracker.hold_meeting(meeting["id"], held, attendees, decisions, [], convener))


def _held(year: Year, cadence: MeetingCadence, day: date) -> None:
    if not year.claim(cadence.key, day):  # two draws of the same day: the tracker refuses the second
        return
    attendees, decisions = _minutes(year, cadence)
    record = partial(year.tracker.record_meeting_held, year.key, cadence.key, day, attendees, decisions, [], "")
    year.at(day, partial(record, actor(cadence.conveners[0])))


def _minutes(year: Year, cadence: MeetingCadence) -> tuple[list[str], list[str]]:
    """Who came (by party) and what was decided."""
    invited = sorted({*cadence.conveners, *cadence.participants})
    attendees = sorted({cadence.conveners[0], *year.rng.sample(invited, year.rng.randint(1, len(invited)))})
    decisions = [f"Demo: Beslutning {year.rng.randint(1, 9)} om næste skridt."] if year.rng.random() < 0.5 else []
    return attendees, decisions


# --- duties -----------------------------------------------------------------------------


def _duties(year: Year) -> None:
    for activity in year.terms.activities:
        for duty in activity.responsibilities:
            if duty.schedule.kind == "convene":
                continue  # met by the cadence's held meetings
            for occurrence in year.occurrences(duty.schedule):
                _duty(year, duty, max(occurrence.window_start, year.first), occurrence.due)


def _duty(year: Year, duty: Responsibility, first: date, due: date) -> None:
    fate = year.rng.choices(["on_time", "late", "waived", "open"], [80, 8, 5, 7])[0]
    who = actor(duty.party)
    if fate == "waived":
        reason = "Demo: Frafaldet efter aftale i forummet."
        year.at(due, partial(year.tracker.waive_obligation, year.key, duty.key, due, reason, who))
        return
    if fate == "open":
        return
    day = year.day_between(first, due)
    late = due + timedelta(days=year.rng.randint(5, 45))
    if fate == "late" and late <= year.last:  # a late fulfilment stays under this year's terms
        day = late
    evidence = Evidence(document=f"Demo: {duty.key} for perioden til {due:%d.%m.%Y}")
    year.at(day, partial(year.tracker.fulfil_obligation, year.key, duty.key, day, evidence, who, due=due))


# --- budget -----------------------------------------------------------------------------


def _expenses(year: Year, overspent: str | None) -> None:
    activities = [a.key for a in year.terms.activities]
    for plan in year.terms.plans:
        end = plan.period.end or year.last
        months = (end.year - plan.period.start.year) * 12 + end.month - plan.period.start.month + 1
        monthly = plan.budget_frame.total * FILL / months
        month = date(year.first.year, year.first.month, 1)
        while month <= year.last:
            count = year.rng.randint(1, 3)
            for _ in range(count):
                _booking(year, plan, month, monthly / count, activities, overspent)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _booking(year: Year, plan: Plan, month: date, mean: float, activities: list[str], overspent: str | None) -> None:
    rng = year.rng
    activity = rng.choice(activities) if rng.random() < TAGGED else None
    amount = max(100, int(mean * rng.uniform(0.5, 1.5)))
    if activity is not None and activity == overspent:
        amount = int(amount * OVERSPEND)
    funders = plan.budget_frame.funders
    funder = rng.choices([f.funder for f in funders], [float(f.percent) for f in funders])[0] if funders else None
    next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    day = year.day_between(max(month, year.first), min(next_month - timedelta(days=1), year.last))
    text = f"Demo: {rng.choice(['Forplejning', 'Lokaleleje', 'Materialer', 'Løn (andel)', 'Honorar'])}"
    book = partial(year.tracker.book_expense, year.key, plan.key, day, amount, text, COORDINATOR, activity, funder)
    reverse_on = day + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.03 else None
    year.at(day, partial(_book, year, plan.key, book, reverse_on))


def _book(year: Year, plan: str, book: Callable[[], tuple[int, Any]], reverse_on: date | None) -> None:
    entry, _ = book()
    if reverse_on is not None:
        reason = "Demo: Fejlbogført – tilbageført."
        year.tracker.reverse_expense(year.key, plan, entry, reverse_on, reason, COORDINATOR)


# --- goals ------------------------------------------------------------------------------


def _measurements(year: Year, period_end: date) -> None:
    for goal in year.terms.goals:
        for indicator in goal.indicators:
            quarterly = "kvartal" in indicator.unit
            periods = (
                [
                    (f"{year.first.year}-Q{q}", date(year.first.year, 3 * q, 1) + timedelta(days=45))
                    for q in (1, 2, 3, 4)
                ]
                if quarterly
                else [(str(year.first.year), date(year.first.year + 1, 1, 20))]
            )
            for period, measured_on in periods:
                if year.first <= measured_on <= period_end:
                    _measure(year, indicator, period, measured_on)


def _measure(year: Year, indicator: Indicator, period: str, measured_on: date) -> None:
    rng = year.rng
    start = year.terms.period.start
    progress = min(1.0, (measured_on - start).days / 1461)  # four years to reach the target
    base, target = float(indicator.baseline or 0), float(indicator.target or 0)
    value = Decimal(str(round(base + (target - base) * progress + rng.uniform(-0.1, 0.1) * abs(target - base), 1)))
    source = "Demo: Fiktive tal"
    record = year.tracker.record_measurement
    year.at(measured_on, partial(record, year.key, indicator.key, period, value, measured_on, source, COORDINATOR))
    if rng.random() < 0.05:
        corrected_on = measured_on + timedelta(days=30)
        fixed = value + Decimal("1")
        correction = partial(record, year.key, indicator.key, period, fixed, corrected_on, "Demo: Rettet opgørelse")
        year.at(corrected_on, partial(correction, COORDINATOR, correct=True))


# --- revision ---------------------------------------------------------------------------


def _revise(tracker: Tracker, key: str, rng: random.Random, year: int) -> None:
    """The forum's autumn decision: a cadence meets more or less often, an allocation grows."""
    effective = date(year, 1, 1)
    terms = tracker.get_contract(key).terms(effective)
    data = terms.model_dump(mode="json")
    for activity in data["activities"]:
        frequency = activity["cadences"][0]["frequency"]
        if frequency["kind"] == "per_year":
            frequency["times"] = frequency["times"] + 1
            break
        if frequency["kind"] == "every":
            frequency["interval"] = frequency["interval"] + 1
            break
    allocations = data["plans"][0]["budget_frame"]["allocations"]
    if allocations:
        allocations[0]["amount"] = allocations[0]["amount"] * 11 // 10
    decision = Decision(
        decided_by=terms.revising_forum,
        decided_on=date(year - 1, 11, rng.randint(1, 28)),
        reference=f"Demo: Referat fra forummøde, punkt {rng.randint(2, 9)}",
    )
    tracker.revise_contract(key, ContractTerms.model_validate(data), effective, decision, COORDINATOR)
