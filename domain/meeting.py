"""A meeting of a cadence: scheduled, held (attendees, decisions, agreements), moved or cancelled.

One aggregate per meeting, so a party recording its meeting never conflicts with anyone else.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import RuleError
from domain.vocabulary import MEETING_STATE


class Meeting(Aggregate):
    """One meeting that counts toward a meeting cadence of a contract."""

    TOPIC = "forum:Meeting"

    class Event(Aggregate.Event):
        TOPIC = "forum:Meeting.Event"

    class Scheduled(Aggregate.Created):
        TOPIC = "forum:Meeting.Scheduled"
        contract_id: UUID
        contract_key: str
        activity: str
        cadence: str
        on: date
        conveners: list[str]
        location: str
        agenda: str
        actor: str

        def apply(self, meeting: Meeting) -> None:
            meeting.contract_id = self.contract_id
            meeting.contract_key = self.contract_key
            meeting.activity = self.activity
            meeting.cadence = self.cadence
            meeting.on = self.on
            meeting.conveners = list(self.conveners)
            meeting.location = self.location
            meeting.agenda = self.agenda
            meeting.state = "scheduled"
            meeting.attendees = []
            meeting.decisions = []
            meeting.agreements = []

    class Held(Event):
        TOPIC = "forum:Meeting.Held"
        held_on: date
        attendees: list[str]
        decisions: list[str]
        agreements: list[str]
        actor: str

        def apply(self, meeting: Meeting) -> None:
            meeting.state = "held"
            meeting.on = self.held_on
            meeting.attendees = list(self.attendees)
            meeting.decisions = list(self.decisions)
            meeting.agreements = list(self.agreements)

    class Moved(Event):
        TOPIC = "forum:Meeting.Moved"
        to: date
        reason: str
        actor: str

        def apply(self, meeting: Meeting) -> None:
            meeting.on = self.to

    class Cancelled(Event):
        TOPIC = "forum:Meeting.Cancelled"
        reason: str
        actor: str

        def apply(self, meeting: Meeting) -> None:
            meeting.state = "cancelled"

    contract_id: UUID
    contract_key: str
    activity: str
    cadence: str
    on: date
    conveners: list[str]
    location: str
    agenda: str
    state: str
    attendees: list[str]
    decisions: list[str]
    agreements: list[str]

    def __init__(self) -> None:
        """State is set by the Scheduled event's apply()."""

    @classmethod
    def schedule(
        cls,
        meeting_id: UUID,
        contract_id: UUID,
        contract_key: str,
        activity: str,
        cadence: str,
        on: date,
        conveners: list[str],
        location: str,
        agenda: str,
        actor: str,
    ) -> Meeting:
        """Put a meeting of a cadence in the calendar."""
        bounds.day(on, "on")
        bounds.items(conveners, "conveners")
        bounds.name(location, "location")
        bounds.text(agenda, "agenda")
        bounds.name(actor, "actor")
        return cls._create(
            cls.Scheduled,
            id=meeting_id,
            contract_id=contract_id,
            contract_key=contract_key,
            activity=activity,
            cadence=cadence,
            on=on,
            conveners=conveners,
            location=location,
            agenda=agenda,
            actor=actor,
        )

    def hold(
        self, held_on: date, attendees: list[str], decisions: list[str], agreements: list[str], actor: str
    ) -> None:
        """Record that the meeting was held, who attended (by party) and what was decided."""
        bounds.day(held_on, "held_on")
        bounds.texts(attendees, "attendees", bounds.MAX_NAME)
        bounds.texts(decisions, "decisions")
        bounds.texts(agreements, "agreements")
        bounds.name(actor, "actor")
        if self.state != "scheduled":
            raise MeetingAlreadyHeldError(self.state)
        if not attendees:
            raise AttendeesRequiredError()
        self.trigger_event(
            self.Held,
            held_on=held_on,
            attendees=attendees,
            decisions=decisions,
            agreements=agreements,
            actor=actor,
        )

    def move(self, to: date, reason: str, actor: str) -> None:
        """Move a scheduled meeting to another date."""
        bounds.day(to, "to")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        if self.state != "scheduled":
            raise MeetingNotMovableError(self.state)
        if to == self.on:
            raise MeetingAlreadyOnDayError(to)
        self.trigger_event(self.Moved, to=to, reason=reason, actor=actor)

    def cancel(self, reason: str, actor: str) -> None:
        """Cancel a scheduled meeting; the cadence's occurrence stays open."""
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        if self.state != "scheduled":
            raise MeetingNotCancellableError(self.state)
        if not reason.strip():
            raise CancellationReasonRequiredError()
        self.trigger_event(self.Cancelled, reason=reason, actor=actor)


# --- rule errors


class MeetingNotScheduledError(RuleError):
    """A meeting is held, moved or cancelled only while it is scheduled; each subclass names the act."""

    act = "ændres"

    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(f"Mødet er {MEETING_STATE[state]} og kan ikke {self.act}.")


class MeetingAlreadyHeldError(MeetingNotScheduledError):
    """Only a scheduled meeting can be recorded as held (once)."""

    act = "registreres som afholdt"


class MeetingNotMovableError(MeetingNotScheduledError):
    """Only a scheduled meeting can be moved."""

    act = "flyttes"


class MeetingNotCancellableError(MeetingNotScheduledError):
    """Only a scheduled meeting can be cancelled."""

    act = "aflyses"


class AttendeesRequiredError(RuleError):
    """A held meeting had at least one party present."""

    def __init__(self) -> None:
        super().__init__("Et afholdt møde skal have mindst én deltagende part.")


class MeetingAlreadyOnDayError(RuleError):
    """A move goes to another day."""

    def __init__(self, on: date) -> None:
        self.on = on
        super().__init__(f"Mødet ligger allerede {on:%d.%m.%Y}.")


class CancellationReasonRequiredError(RuleError):
    """A cancellation says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for aflysningen.")
