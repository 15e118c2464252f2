"""A Boligsocialt Forum: its member parties, its meetings with their agenda, and its register of decisions.

A decision is identified as a contract revision's ``Decision`` identifies it: the forum (by name or key,
normalised to the key), the day it decided and its reference. The register is the authority for the decisions
the forum makes from ``register_from`` on; earlier decisions are legacy (``domain/forum_register.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import AlreadyExistsError, NotFoundError, RuleError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/forum")
_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def forum_key(name_or_key: str) -> str:
    """A forum's key from its name or key: "Boligsocialt Forum Amager" -> "boligsocialt-forum-amager"."""
    text = unicodedata.normalize("NFKC", name_or_key).strip().lower().translate(_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def forum_id(name_or_key: str) -> UUID:
    return uuid5(_NAMESPACE, forum_key(name_or_key))


def decision_number(decided_on: date, reference: str) -> str:
    """A decision's number in the register (and its address): its day and its reference, as a key."""
    return f"{decided_on.isoformat()}-{forum_key(reference)}"[:120]


@dataclass(frozen=True)
class Member:
    party: str
    name: str
    joined_on: date
    left_on: date | None = None

    def member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


@dataclass(frozen=True)
class ForumMeeting:
    held_on: date
    agenda: tuple[str, ...]
    actor: str


@dataclass(frozen=True)
class RegisteredDecision:
    """One entry of the decision register: what the forum decided, when, under which reference."""

    number: str
    decided_on: date
    reference: str
    text: str
    actor: str
    recorded_at: datetime


class Forum(Aggregate):
    """A Boligsocialt Forum: the body that coordinates and revises contracts in an urban area."""

    TOPIC = "forum:forum-Forum"

    class Event(Aggregate.Event):
        TOPIC = "forum:forum-Forum.Event"

    class Registered(Aggregate.Created):
        TOPIC = "forum:forum-Forum.Registered"
        key: str
        name: str
        urban_area: str
        register_from: date
        actor: str

        def apply(self, forum: Forum) -> None:
            forum.key, forum.name, forum.urban_area = self.key, self.name, self.urban_area
            forum.register_from = self.register_from
            forum.members, forum.meetings, forum.decisions = {}, {}, {}

    class MemberJoined(Event):
        TOPIC = "forum:forum-Forum.MemberJoined"
        party: str
        party_name: str
        joined_on: date
        actor: str

        def apply(self, forum: Forum) -> None:
            forum.members[self.party] = Member(self.party, self.party_name, self.joined_on)

    class MemberLeft(Event):
        TOPIC = "forum:forum-Forum.MemberLeft"
        party: str
        left_on: date
        actor: str

        def apply(self, forum: Forum) -> None:
            m = forum.members[self.party]
            forum.members[self.party] = Member(m.party, m.name, m.joined_on, self.left_on)

    class MeetingRecorded(Event):
        TOPIC = "forum:forum-Forum.MeetingRecorded"
        held_on: date
        agenda: list[str]
        actor: str

        def apply(self, forum: Forum) -> None:
            forum.meetings[self.held_on] = ForumMeeting(self.held_on, tuple(self.agenda), self.actor)

    class DecisionRecorded(Event):
        TOPIC = "forum:forum-Forum.DecisionRecorded"
        decided_on: date
        reference: str
        text: str
        actor: str

        def apply(self, forum: Forum) -> None:
            number = decision_number(self.decided_on, self.reference)
            forum.decisions[number] = RegisteredDecision(
                number, self.decided_on, self.reference, self.text, self.actor, self.timestamp
            )

    key: str
    name: str
    urban_area: str
    register_from: date
    members: dict[str, Member]
    meetings: dict[date, ForumMeeting]
    decisions: dict[str, RegisteredDecision]

    def __init__(self) -> None:
        """State is set by the Registered event's apply()."""

    @classmethod
    def register(cls, name: str, urban_area: str, register_from: date, actor: str) -> Forum:
        """Register a forum under its name; its key is the name as a key."""
        bounds.name(name, "name")
        bounds.name(urban_area, "urban_area")
        bounds.day(register_from, "register_from")
        key = forum_key(name)
        if not key:
            raise ForumNameRequiredError()
        return cls._create(
            cls.Registered, id=forum_id(key), key=key, name=name.strip(), urban_area=urban_area,
            register_from=register_from, actor=actor,
        )  # fmt: skip

    def join(self, party: str, party_name: str, joined_on: date, actor: str) -> None:
        """A party becomes a member from a day (once; a party that left joins under a new key only)."""
        bounds.day(joined_on, "joined_on")
        bounds.name(party_name, "party_name")
        if party in self.members:
            raise MemberAlreadyJoinedError(self.name, party)
        self.trigger_event(self.MemberJoined, party=party, party_name=party_name, joined_on=joined_on, actor=actor)

    def leave(self, party: str, left_on: date, actor: str) -> None:
        """A member leaves on a day, not before it joined."""
        bounds.day(left_on, "left_on")
        member = self.members.get(party)
        if member is None:
            raise NotAMemberError(self.name, party)
        if member.left_on is not None or left_on < member.joined_on:
            raise MemberLeavingRefusedError(self.name, party, left_on)
        self.trigger_event(self.MemberLeft, party=party, left_on=left_on, actor=actor)

    def hold_meeting(self, held_on: date, agenda: list[str], actor: str) -> None:
        """A meeting of the forum on a day (one a day), with its agenda items."""
        bounds.day(held_on, "held_on")
        for item in agenda:
            bounds.text(item, "agenda")
        if held_on in self.meetings:
            raise ForumMeetingAlreadyRecordedError(self.name, held_on)
        if not [item for item in agenda if item.strip()]:
            raise AgendaRequiredError(self.name, held_on)
        self.trigger_event(self.MeetingRecorded, held_on=held_on, agenda=[a.strip() for a in agenda], actor=actor)

    def decide(self, decided_on: date, reference: str, text: str, actor: str) -> str:
        """Enter a decision in the register; returns its number. The same day and reference is one decision."""
        bounds.day(decided_on, "decided_on")
        bounds.name(reference, "reference")
        bounds.text(text, "text")
        if not reference.strip() or not text.strip():
            raise DecisionIncompleteError(self.name)
        number = decision_number(decided_on, reference)
        if number in self.decisions:
            raise DecisionAlreadyRegisteredError(self.name, number)
        self.trigger_event(self.DecisionRecorded, decided_on=decided_on, reference=reference.strip(), text=text,
                           actor=actor)  # fmt: skip
        return number

    def decision(self, number: str) -> RegisteredDecision:
        found = self.decisions.get(number)
        if found is None:
            raise ForumDecisionNotFoundError(self.name, number)
        return found

    def find(self, decided_on: date | None, reference: str | None) -> RegisteredDecision | None:
        """The registered decision a revision's decision names (day and reference), if any."""
        if decided_on is None or not reference or not reference.strip():
            return None
        return self.decisions.get(decision_number(decided_on, reference))


# --- rule errors


class ForumNameRequiredError(RuleError):
    """A forum has a name that makes a key."""

    def __init__(self) -> None:
        super().__init__("Forummet skal have et navn med bogstaver eller tal.")


class ForumNotFoundError(NotFoundError):
    """The forum a key or name points at is not registered."""

    def __init__(self, forum: str) -> None:
        self.forum = forum
        super().__init__(f"Forummet '{forum}' er ikke registreret.")


class MemberAlreadyJoinedError(RuleError):
    def __init__(self, forum: str, party: str) -> None:
        self.forum, self.party = forum, party
        super().__init__(f"Parten '{party}' er allerede medlem af {forum}.")


class NotAMemberError(RuleError):
    def __init__(self, forum: str, party: str) -> None:
        self.forum, self.party = forum, party
        super().__init__(f"Parten '{party}' er ikke medlem af {forum}.")


class MemberLeavingRefusedError(RuleError):
    """A member leaves once, and not before it joined."""

    def __init__(self, forum: str, party: str, left_on: date) -> None:
        self.forum, self.party, self.left_on = forum, party, left_on
        super().__init__(
            f"Parten '{party}' kan ikke udtræde af {forum} {left_on:%d.%m.%Y}: den er allerede udtrådt, "
            "eller datoen ligger før dens indtræden."
        )


class ForumMeetingAlreadyRecordedError(AlreadyExistsError):
    def __init__(self, forum: str, held_on: date) -> None:
        self.forum, self.held_on = forum, held_on
        super().__init__(f"{forum} har allerede et møde registreret {held_on:%d.%m.%Y}.")


class AgendaRequiredError(RuleError):
    """A forum meeting has at least one agenda item."""

    def __init__(self, forum: str, held_on: date) -> None:
        self.forum, self.held_on = forum, held_on
        super().__init__(f"Mødet i {forum} {held_on:%d.%m.%Y} skal have mindst ét dagsordenspunkt.")


class DecisionIncompleteError(RuleError):
    """A registered decision has a reference and a text."""

    def __init__(self, forum: str) -> None:
        self.forum = forum
        super().__init__(f"En beslutning i {forum} skal have både en reference og en tekst.")


class DecisionAlreadyRegisteredError(AlreadyExistsError):
    def __init__(self, forum: str, number: str) -> None:
        self.forum, self.number = forum, number
        super().__init__(f"Beslutningen '{number}' er allerede i {forum}s beslutningsregister.")


class ForumDecisionNotFoundError(NotFoundError):
    def __init__(self, forum: str, number: str) -> None:
        self.forum, self.number = forum, number
        super().__init__(f"{forum} har ingen beslutning '{number}' i beslutningsregistret.")
