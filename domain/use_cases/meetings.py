"""Meeting use cases: schedule, record held (scheduled or not), move and cancel a meeting of a cadence.

A held meeting is itself the evidence for its conveners' duty to call it: which window it meets is
decided when a question is asked (domain/evidence.py), so no fulfilment is recorded beside it.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from domain.contract import Contract
from domain.duties import find_cadence
from domain.errors import MeetingAlreadyRecordedError
from domain.meeting import Meeting
from domain.meeting_rules import check_held
from domain.permissions import Actor, acting, require_convene, require_read
from domain.use_cases.records import Outcome, Records, current, use_case


def held_meeting_id(contract: UUID, cadence: str, held_on: date) -> UUID:
    """A meeting recorded as held after the fact: one per cadence and day, so recording it twice is refused."""
    return uuid5(contract, f"held/{cadence}/{held_on.isoformat()}")


class MeetingUseCases(Records):
    """Meetings of a contract's cadences; a held meeting is the evidence of its conveners' duty to call it."""

    @use_case
    def schedule_meeting(
        self, key: str, cadence: str, on: date, location: str, agenda: str, actor: Actor | str
    ) -> tuple[UUID, Outcome]:
        """Put a meeting of a cadence in the calendar."""
        contract = self._contract(key, "read")
        require_convene(acting(actor), contract.terms(on), key, cadence)
        meeting = self._new_meeting(contract, cadence, on, location, agenda, acting(actor).name)
        return meeting.id, self._save(meeting, subject=meeting)

    @use_case
    def hold_meeting(
        self,
        meeting_id: UUID,
        held_on: date,
        attendees: list[str],
        decisions: list[str],
        agreements: list[str],
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> Outcome:
        """Record a scheduled meeting as held: the evidence of its conveners' duty to call it."""
        meeting, contract = self._convened(meeting_id, acting(actor), expected_version)
        check_held(contract.terms(held_on), held_on, attendees, self.clock())
        meeting.hold(held_on, attendees, decisions, agreements, acting(actor).name)
        return self._save(meeting, subject=meeting)

    @use_case
    def record_meeting_held(
        self,
        key: str,
        cadence: str,
        held_on: date,
        attendees: list[str],
        decisions: list[str],
        agreements: list[str],
        location: str,
        actor: Actor | str,
    ) -> tuple[UUID, Outcome]:
        """Record a meeting that was held without being scheduled here first (once per cadence and day)."""
        who = acting(actor)
        contract = self._contract(key, "read")
        terms = contract.terms(held_on)
        require_convene(who, terms, key, cadence)
        check_held(terms, held_on, attendees, self.clock())
        meeting_id = held_meeting_id(contract.id, cadence, held_on)
        if self._maybe(meeting_id, Meeting, "read") is not None:
            raise MeetingAlreadyRecordedError(cadence, held_on)
        meeting = self._new_meeting(contract, cadence, held_on, location, "", who.name, meeting_id)
        meeting.hold(held_on, attendees, decisions, agreements, who.name)
        return meeting.id, self._save(meeting, subject=meeting)

    @use_case
    def move_meeting(
        self, meeting_id: UUID, to: date, reason: str, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Move a scheduled meeting to another day, with the reason."""
        meeting, _ = self._convened(meeting_id, acting(actor), expected_version)
        meeting.move(to, reason, acting(actor).name)
        return self._save(meeting, subject=meeting)

    @use_case
    def cancel_meeting(
        self, meeting_id: UUID, reason: str, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Cancel a scheduled meeting, with the reason."""
        meeting, _ = self._convened(meeting_id, acting(actor), expected_version)
        meeting.cancel(reason, acting(actor).name)
        return self._save(meeting, subject=meeting)

    def get_meeting(self, meeting_id: UUID, actor: Actor | None = None) -> Meeting:
        """The meeting as stored now (and, given an actor, only if they may read its contract)."""
        meeting = self._meeting(meeting_id, "fresh")
        if actor is not None:
            require_read(actor, self._contract(meeting.contract_key, "read").terms(), meeting.contract_key)
        return meeting

    def _convened(self, meeting_id: UUID, actor: Actor, expected_version: int | None) -> tuple[Meeting, Contract]:
        """The meeting to write and its contract, if the actor may record meetings of its cadence."""
        meeting = self._meeting(meeting_id, "write")
        contract = self._contract(meeting.contract_key, "read")
        require_convene(actor, contract.terms(meeting.on), meeting.contract_key, meeting.cadence)
        return current(meeting, expected_version), contract

    def _new_meeting(
        self,
        contract: Contract,
        cadence: str,
        on: date,
        location: str,
        agenda: str,
        actor: str,
        meeting_id: UUID | None = None,
    ) -> Meeting:
        activity, found = find_cadence(contract.terms(on), cadence)
        return Meeting.schedule(
            meeting_id or self.new_id(),
            contract.id,
            contract.key,
            activity.key,
            cadence,
            on,
            list(found.conveners),
            location or (found.location or ""),
            agenda,
            actor,
        )
