"""A proposal (idea card) to a forum: drafted, submitted, discussed at a forum meeting, then adopted, rejected or
withdrawn – each step with who and when. TEAM holds organisations and roles only, never names of people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.proposal_errors import (
    AdoptionBeforeDiscussionError,
    CardIncompleteError,
    ProposalNotAdoptableError,
    ProposalStepBeforeLastError,
    ProposalStepRefusedError,
    RejectionReasonRequiredError,
    UnknownCardFieldError,
)

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/proposal")
State = Literal["drafted", "submitted", "discussed", "adopted", "rejected", "withdrawn"]
CARD_FIELDS = (
    "goal",  # MÅL
    "idea",  # IDEEN
    "change_driver",  # FORANDRINGSDRIVER
    "resident_benefit",  # GEVINST FOR BEBOEREN
    "impact_measurement",  # EFFEKTMÅLING
    "key_actors",  # NØGLEAKTØRER
    "key_actor_contributions",  # BIDRAG OG GEVINSTER FOR NØGLEAKTØRER
    "preconditions",  # FORUDSÆTNINGER
    "inspiration",  # INSPIRATIONSKILDER
)
# From each state, the steps that may follow it.
NEXT: dict[State, tuple[State, ...]] = {
    "drafted": ("submitted", "withdrawn"),
    "submitted": ("discussed", "withdrawn"),
    "discussed": ("discussed", "adopted", "rejected", "withdrawn"),
    "adopted": (),
    "rejected": (),
    "withdrawn": (),
}


def proposal_id(key: str) -> UUID:
    return uuid5(_NAMESPACE, key)


@dataclass(frozen=True)
class Step:
    """One step of a proposal's life: its new state, the day, who, and what goes with it."""

    state: State
    on: date
    actor: str
    recorded_at: datetime
    note: str = ""
    decision: str = ""  # the forum decision's number (adopted, rejected)
    contract: str = ""  # adopted: the contract and activity it became
    activity: str = ""


class Proposal(Aggregate):
    """An idea card put to a forum."""

    TOPIC = "forum:proposal-Proposal"

    class Event(Aggregate.Event):
        TOPIC = "forum:proposal-Proposal.Event"

    class Drafted(Aggregate.Created):
        TOPIC = "forum:proposal-Proposal.Drafted"
        key: str
        title: str
        forum: str
        proposed_by: str
        card: dict[str, str]
        team: list[str]
        example: bool
        drafted_on: date
        actor: str

        def apply(self, p: Proposal) -> None:
            p.key, p.title, p.forum, p.proposed_by = self.key, self.title, self.forum, self.proposed_by
            p.card, p.team, p.example = dict(self.card), list(self.team), self.example
            p.steps = [Step("drafted", self.drafted_on, self.actor, self.timestamp)]

    class CardChanged(Event):
        TOPIC = "forum:proposal-Proposal.CardChanged"
        title: str
        card: dict[str, str]
        team: list[str]
        actor: str

        def apply(self, p: Proposal) -> None:
            p.title, p.card, p.team = self.title, dict(self.card), list(self.team)

    class Stepped(Event):
        """Submitted, discussed, adopted, rejected or withdrawn (the state names which)."""

        TOPIC = "forum:proposal-Proposal.Stepped"
        state: str
        on: date
        actor: str
        note: str
        decision: str
        contract: str
        activity: str

        def apply(self, p: Proposal) -> None:
            state: State = self.state  # type: ignore[assignment]  # checked by the command
            p.steps.append(
                Step(state, self.on, self.actor, self.timestamp, self.note, self.decision, self.contract,
                     self.activity)
            )  # fmt: skip

    key: str
    title: str
    steps: list[Step]  # drafted first; the last one is the proposal's state
    forum: str
    proposed_by: str
    card: dict[str, str]
    team: list[str]
    example: bool

    def __init__(self) -> None:
        """State is set by the Drafted event's apply()."""

    @classmethod
    def draft(
        cls, key: str, title: str, forum: str, proposed_by: str, card: dict[str, str], team: list[str],
        example: bool, drafted_on: date, actor: str,
    ) -> Proposal:  # fmt: skip
        """A new idea card, drafted on a day by a party of the forum or the forum itself."""
        _check_card(title, card, team)
        bounds.day(drafted_on, "drafted_on")
        return cls._create(
            cls.Drafted, id=proposal_id(key), key=key, title=title, forum=forum, proposed_by=proposed_by,
            card=card, team=team, example=example, drafted_on=drafted_on, actor=actor,
        )  # fmt: skip

    @property
    def state(self) -> State:
        return self.steps[-1].state

    def change_card(self, title: str, card: dict[str, str], team: list[str], actor: str) -> bool:
        """Change the card's text while it is a draft; True when anything changed."""
        _check_card(title, card, team)
        if (title, card, team) == (self.title, self.card, self.team):
            return False
        if self.state != "drafted":
            raise ProposalStepRefusedError(self.key, self.state, "drafted")
        self.trigger_event(self.CardChanged, title=title, card=card, team=team, actor=actor)
        return True

    def submit(self, on: date, actor: str) -> None:
        self._step("submitted", on, actor)

    def discuss(self, held_on: date, actor: str) -> None:
        """Discussed at the forum's meeting of that day (again at a later meeting, if need be)."""
        self._step("discussed", held_on, actor, note=f"Drøftet på forummødet {held_on:%d.%m.%Y}")

    def adopt(self, on: date, decision: str, contract: str, activity: str, actor: str) -> None:
        """Adopted on a forum decision, becoming an activity of a contract."""
        if self.state != "discussed":
            raise AdoptionBeforeDiscussionError(self.key, self.state)
        if not (decision and contract and activity):
            raise ProposalNotAdoptableError(self.key)
        self._step("adopted", on, actor, decision=decision, contract=contract, activity=activity)

    def reject(self, on: date, decision: str, reason: str, actor: str) -> None:
        """Rejected on a forum decision, with the reason."""
        if not reason.strip():
            raise RejectionReasonRequiredError(self.key)
        self._step("rejected", on, actor, note=reason.strip(), decision=decision)

    def withdraw(self, on: date, reason: str, actor: str) -> None:
        self._step("withdrawn", on, actor, note=reason.strip())

    def _step(self, state: State, on: date, actor: str, note: str = "", **done: str) -> None:
        bounds.day(on, "on")
        bounds.text(note, "note")
        if state not in NEXT[self.state]:
            raise ProposalStepRefusedError(self.key, self.state, state)
        if on < self.steps[-1].on:
            raise ProposalStepBeforeLastError(self.key, on, self.steps[-1].on)
        self.trigger_event(
            self.Stepped, state=state, on=on, actor=actor, note=note, decision=done.get("decision", ""),
            contract=done.get("contract", ""), activity=done.get("activity", ""),
        )  # fmt: skip


def _check_card(title: str, card: dict[str, str], team: list[str]) -> None:
    bounds.name(title, "title")
    for name, value in card.items():
        if name not in CARD_FIELDS:
            raise UnknownCardFieldError(name)
        bounds.text(value, name)
    bounds.texts(team, "team", bounds.MAX_NAME)
    if not title.strip() or not card.get("goal", "").strip() or not card.get("idea", "").strip():
        raise CardIncompleteError(title)


__all__ = [
    "CARD_FIELDS",
    "AdoptionBeforeDiscussionError",
    "CardIncompleteError",
    "Proposal",
    "ProposalNotAdoptableError",
    "ProposalStepBeforeLastError",
    "ProposalStepRefusedError",
    "RejectionReasonRequiredError",
    "Step",
    "UnknownCardFieldError",
    "proposal_id",
]
