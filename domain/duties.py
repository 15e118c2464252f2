"""Which occurrences a responsibility or a meeting cadence of a contract expects."""

from __future__ import annotations

from datetime import date

from domain.cadence import Frequency, Occurrence, occurrences
from domain.errors import CadenceNotFoundError, ResponsibilityNotFoundError, RuleError
from domain.terms import Activity, ContractTerms, MeetingCadence, Responsibility


def find_responsibility(terms: ContractTerms, key: str) -> tuple[Activity, Responsibility]:
    for activity in terms.activities:
        for responsibility in activity.responsibilities:
            if responsibility.key == key:
                return activity, responsibility
    raise ResponsibilityNotFoundError(key)


def find_cadence(terms: ContractTerms, key: str) -> tuple[Activity, MeetingCadence]:
    for activity in terms.activities:
        for cadence in activity.cadences:
            if cadence.key == key:
                return activity, cadence
    raise CadenceNotFoundError(key)


def frequency_of(terms: ContractTerms, responsibility: Responsibility) -> tuple[Frequency, date | None]:
    """The frequency a responsibility recurs at (a convening duty follows its cadence)."""
    schedule = responsibility.schedule
    if schedule.kind == "convene":
        _, cadence = find_cadence(terms, schedule.cadence)
        return cadence.frequency, cadence.starts
    return schedule, None


def expected(terms: ContractTerms, frequency: Frequency, starts: date | None, until: date) -> list[Occurrence]:
    """Occurrences due from the contract period's start (or a later own start) to its end or ``until``."""
    start = max(terms.period.start, starts) if starts else terms.period.start
    end = min(terms.period.end, until) if terms.period.end else until
    return occurrences(frequency, start, end)


def occurrence_for(
    terms: ContractTerms, responsibility: Responsibility, due: date | None, on: date, until: date
) -> Occurrence:
    """The occurrence a fulfilment or waiver is about: by its due date, or the window containing ``on``."""
    frequency, starts = frequency_of(terms, responsibility)
    found = expected(terms, frequency, starts, until)
    if not found:
        raise NoDueDatesError(responsibility.key, frequency.describe())
    for occurrence in found:
        if (due is not None and occurrence.due == due) or (due is None and occurrence.contains(on)):
            return occurrence
    if due is not None:
        raise NoSuchDueDateError(responsibility.key, due)
    raise NoWindowCoveringError(responsibility.key, on)


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
    """Without a due date, the day must fall in one of the responsibility's windows."""

    def __init__(self, responsibility: str, on: date) -> None:
        self.responsibility, self.on = responsibility, on
        super().__init__(f"Forpligtelsen '{responsibility}' har ingen frist hvis periode omfatter {on:%d.%m.%Y}.")
