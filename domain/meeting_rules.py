"""Rules for recording a meeting as held: not in the future, and only the contract's parties attend."""

from __future__ import annotations

from datetime import date

from domain.errors import MeetingHeldInFutureError, UnknownAttendeesError
from domain.terms import ContractTerms


def check_held(terms: ContractTerms, held_on: date, attendees: list[str], today: date) -> None:
    """A meeting is recorded as held on a day that has come, with attendees among the parties then."""
    if held_on > today:
        raise MeetingHeldInFutureError(held_on)
    parties = {p.key for p in terms.parties}
    unknown = [a for a in attendees if a not in parties]
    if unknown:
        raise UnknownAttendeesError(unknown)
