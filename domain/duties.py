"""Which occurrences a responsibility or a meeting cadence of a contract expects, under which rule, while in force."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from domain.cadence import Frequency, Occurrence, occurrences
from domain.errors import CadenceNotFoundError, ResponsibilityNotFoundError, RuleError
from domain.terms import Activity, ContractTerms, MeetingCadence, Responsibility


def find_responsibility(terms: ContractTerms, key: str) -> tuple[Activity, Responsibility]:
    """The responsibility with this key and the activity it belongs to."""
    found = next(((a, r) for a in terms.activities for r in a.responsibilities if r.key == key), None)
    if found is None:
        raise ResponsibilityNotFoundError(key)
    return found


def find_cadence(terms: ContractTerms, key: str) -> tuple[Activity, MeetingCadence]:
    """The meeting cadence with this key and the activity it belongs to."""
    found = next(((a, c) for a in terms.activities for c in a.cadences if c.key == key), None)
    if found is None:
        raise CadenceNotFoundError(key)
    return found


def frequency_of(terms: ContractTerms, responsibility: Responsibility) -> tuple[Frequency, date | None]:
    """The frequency a responsibility recurs at (a convening duty follows its cadence)."""
    schedule = responsibility.schedule
    if schedule.kind == "convene":
        _, cadence = find_cadence(terms, schedule.cadence)
        return cadence.frequency, cadence.starts
    return schedule, None


def expected(
    terms: ContractTerms, frequency: Frequency, starts: date | None, until: date, ended_on: date | None = None
) -> list[Occurrence]:
    """Occurrences while the contract is in force: from the period's start (or a later own start) to the
    earlier of the period's end and the day it ended, due by ``until``."""
    start, end = active_span(terms, starts, ended_on)
    return occurrences(frequency, start, end, until)


def active_span(terms: ContractTerms, starts: date | None, ended_on: date | None) -> tuple[date, date | None]:
    """The first and last day (None: open-ended) a schedule of the contract is in force."""
    start = max(terms.period.start, starts) if starts else terms.period.start
    ends = [d for d in (terms.period.end, ended_on) if d is not None]
    return start, min(ends) if ends else None


def rule_spans(effective_dates: Iterable[date]) -> list[tuple[date, date | None]]:
    """The spans of effective dates in each of which one version of the terms is in force."""
    bounds = [date.min, *sorted(set(effective_dates))]
    return [(s, bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else None) for i, s in enumerate(bounds)]


def governs(span: tuple[date, date | None], due: date) -> bool:
    """Whether the terms in force over ``span`` govern an occurrence due on ``due``."""
    start, end = span
    return start <= due and (end is None or due <= end)


Segments = Sequence[tuple[date, date | None, ContractTerms]]


def governed(segments: Segments, responsibility: str, until: date, ended_on: date | None) -> list[Occurrence]:
    """A responsibility's occurrences, each under the version of the rule in force on its due date."""
    found: list[Occurrence] = []
    for start, end, terms in segments:
        try:
            _, duty = find_responsibility(terms, responsibility)
        except ResponsibilityNotFoundError:
            continue
        frequency, starts = frequency_of(terms, duty)
        found += [o for o in expected(terms, frequency, starts, until, ended_on) if governs((start, end), o.due)]
    return partitioned(found)


def partitioned(found: Iterable[Occurrence]) -> list[Occurrence]:
    """One schedule's occurrences in due order, with windows that never overlap.

    Under the rule in force on each due date, a revision can make a window reach back over the
    previous rule's last one (a yearly window from 1 January after a quarterly rule that governed
    until 30 April). Such a window starts the day after the previous due date, so a meeting or a
    fulfilment falls in one window only, in every view.
    """
    result: list[Occurrence] = []
    for o in sorted(set(found), key=lambda o: o.due):
        if result and o.window_start <= result[-1].due:
            o = Occurrence(result[-1].due + timedelta(days=1), o.due)
        result.append(o)
    return result


# --- rule errors


class NoDueDatesError(RuleError):
    """A responsibility without due dates (as needed, or outside the period) has nothing to settle."""

    def __init__(self, responsibility: str, frequency: str) -> None:
        self.responsibility, self.frequency = responsibility, frequency
        super().__init__(f"Forpligtelsen '{responsibility}' ({frequency}) har ingen frister at opfylde.")


class NoSuchDueDateError(RuleError):
    """A due date given must be one of the responsibility's."""

    def __init__(self, responsibility: str, due: date) -> None:
        self.responsibility, self.due = responsibility, due
        super().__init__(f"Forpligtelsen '{responsibility}' har ingen frist {due:%d.%m.%Y}.")


class NoWindowCoveringError(RuleError):
    """Without a due date, the day must fall in one of the responsibility's windows (or after an open one)."""

    def __init__(self, responsibility: str, on: date) -> None:
        self.responsibility, self.on = responsibility, on
        super().__init__(f"Forpligtelsen '{responsibility}' har ingen frist hvis periode omfatter {on:%d.%m.%Y}.")
