"""Which occurrences a responsibility or a meeting cadence of a contract expects."""

from __future__ import annotations

from datetime import date

from domain.cadence import Frequency, Occurrence, occurrences
from domain.errors import NotFoundError, RuleError
from domain.terms import Activity, ContractTerms, MeetingCadence, Responsibility


def find_responsibility(terms: ContractTerms, key: str) -> tuple[Activity, Responsibility]:
    for activity in terms.activities:
        for responsibility in activity.responsibilities:
            if responsibility.key == key:
                return activity, responsibility
    raise NotFoundError(f"Kontrakten har ingen forpligtelse med nøglen '{key}'.")


def find_cadence(terms: ContractTerms, key: str) -> tuple[Activity, MeetingCadence]:
    for activity in terms.activities:
        for cadence in activity.cadences:
            if cadence.key == key:
                return activity, cadence
    raise NotFoundError(f"Kontrakten har ingen mødekadence med nøglen '{key}'.")


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
        raise RuleError(f"Forpligtelsen '{responsibility.key}' ({frequency.describe()}) har ingen frister at opfylde.")
    for occurrence in found:
        if (due is not None and occurrence.due == due) or (due is None and occurrence.contains(on)):
            return occurrence
    if due is not None:
        raise RuleError(f"Forpligtelsen '{responsibility.key}' har ingen frist {due:%d.%m.%Y}.")
    raise RuleError(f"Forpligtelsen '{responsibility.key}' har ingen frist hvis periode omfatter {on:%d.%m.%Y}.")
