"""The contract aggregate: its terms, every revision with its decision, and its lifecycle.

Its stream is small and rarely written: meetings, fulfilments, expenses and measurements
live in their own aggregates so that recording them never conflicts with a revision.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as AggregateSnapshot

from domain import bounds, contract_upcasts, timeline_snapshot
from domain.decisions import DecisionRequiredError, missing_parts
from domain.errors import ContractNotKnownError, RuleError
from domain.terms import ContractTerms, check_references, check_terms
from domain.timeline import Timeline
from domain.versions import BEGINNING as BEGINNING  # the draft's effective date, imported from here too
from domain.versions import Change, Decision, Flat, TermsCache, Version, differences, flatten, unflatten, validated
from domain.versions import LifecycleFact as LifecycleFact  # stored in snapshots; imported from here too

CONTRACT_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/contract")


def contract_id(key: str) -> UUID:
    """Contracts are found by their key; the id follows from it, so a key is unique."""
    return uuid5(CONTRACT_NAMESPACE, key)


class Contract(Aggregate):
    """A contract on one focus area in one urban area."""

    TOPIC = "forum:Contract"
    class_version = 3  # 1: versions as a list; 2: a Timeline as columns; 3: without personal data

    class Event(Aggregate.Event):
        TOPIC = "forum:Contract.Event"

    class Drafted(Aggregate.Created):
        TOPIC = "forum:Contract.Drafted"
        class_version = 2  # 1: the terms held contact persons' personal data
        upcast_v1_v2 = staticmethod(contract_upcasts.drafted_v1_v2)
        key: str
        terms: dict[str, Any]
        actor: str

        def apply(self, contract: Contract) -> None:
            contract.key = self.key
            contract.timeline = Timeline([Version(1, self.timestamp, BEGINNING, self.actor, dict(self.terms))])
            contract.lifecycle = []

    class Signed(Event):
        TOPIC = "forum:Contract.Signed"
        signed_on: date
        actor: str

        def apply(self, contract: Contract) -> None:
            contract.lifecycle.append(LifecycleFact("signed", self.signed_on, self.actor, self.timestamp))

    class Revised(Event):
        TOPIC = "forum:Contract.Revised"
        class_version = 2  # 1: the changes held contact persons' personal data
        upcast_v1_v2 = staticmethod(contract_upcasts.revised_v1_v2)
        changes: dict[str, Any]
        removed: list[str]
        effective_from: date
        decision: Decision | None  # None: a change of the draft, before it was signed
        actor: str

        def apply(self, contract: Contract) -> None:
            at = (len(contract.timeline) + 1, self.timestamp, self.effective_from, self.actor)
            contract.timeline.add(Version(*at, dict(self.changes), tuple(self.removed), self.decision))

    class Ended(Event):
        TOPIC = "forum:Contract.Ended"
        ended_on: date
        reason: str
        actor: str

        def apply(self, contract: Contract) -> None:
            contract.lifecycle.append(LifecycleFact("ended", self.ended_on, self.actor, self.timestamp, self.reason))

    class Snapshot(AggregateSnapshot):
        """The state with the timeline packed: its index decoded on load, the revisions' texts when asked for."""

        TOPIC = "forum:Contract.Snapshot"

        @classmethod
        def take(cls, aggregate: Any) -> Contract.Snapshot:
            snapshot: Contract.Snapshot = super().take(aggregate)
            snapshot.state["timeline"] = timeline_snapshot.packed(aggregate.timeline)
            return snapshot

        @staticmethod
        def comparable(state: dict[str, Any]) -> dict[str, Any]:
            """A snapshot's state with its timeline as plain values: equal states, equal contracts."""
            return state | {"timeline": contract_upcasts.snapshot_timeline(state).columns()}

        def mutate(self, _: None) -> Contract:
            state = {k: v for k, v in self.state.items() if k != "class_version"}
            state |= {"timeline": contract_upcasts.snapshot_timeline(self.state), "_pending_events": []}
            state |= {"_id": self.originator_id, "_version": self.originator_version}
            contract = object.__new__(Contract)
            object.__setattr__(contract, "__dict__", state)
            return contract

    key: str
    timeline: Timeline
    lifecycle: list[LifecycleFact]

    def __init__(self) -> None:
        """State is set by the Drafted event's apply()."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Snapshots taken before the timeline held the versions as a list."""
        state["timeline"] = Timeline(state.pop("versions"))

    upcast_v2_v3 = staticmethod(contract_upcasts.contract_v2_v3)

    @property
    def versions(self) -> list[Version]:
        """Every version, the draft first, in the order they were recorded (read-only)."""
        return self.timeline.versions

    @classmethod
    def draft(cls, key: str, terms: ContractTerms, actor: str) -> Contract:
        """Record a new contract with its terms as drafted."""
        bounds.name(key, "key")
        bounds.name(actor, "actor")
        check_terms(terms)
        return cls._create(cls.Drafted, id=contract_id(key), key=key, terms=flatten(terms), actor=actor)

    def sign(self, signed_on: date, actor: str) -> None:
        """Record that the parties signed; the contract is in force from then."""
        bounds.day(signed_on, "signed_on")
        bounds.name(actor, "actor")
        if self.signed_on is not None:
            raise ContractAlreadySignedError(self.key, self.signed_on)
        if self.ended_on is not None:
            raise SignedAfterEndError(self.key)
        self.trigger_event(self.Signed, signed_on=signed_on, actor=actor)

    def revise(self, terms: ContractTerms, effective_from: date, decision: Decision | None, actor: str) -> list[Change]:
        """Record the forum's revision: only the differences, in force from ``effective_from``.

        A signed contract needs the decision (forum, day, reference); a draft may change without one.
        Returns the differences; when there are none nothing is recorded.
        """
        if not (effective_from == BEGINNING and decision is None):  # a draft change holds from its beginning
            bounds.day(effective_from, "effective_from")
        bounds.name(actor, "actor")
        if decision is not None:
            decision.check_bounds()
        if self.ended_on is not None:
            raise RevisedAfterEndError(self.key, self.ended_on)
        if decision is not None and not decision.decided_by.strip():
            raise DecidingForumRequiredError()
        if self.signed_on is not None and missing_parts(decision):
            raise DecisionRequiredError(self.key, missing_parts(decision))
        check_terms(terms)
        before = self._flat(effective_from, None)
        changes = differences(before, flatten(terms))
        if not changes:
            return []
        set_paths = {c.path: c.after for c in changes if c.after is not None}
        removed = [c.path for c in changes if c.after is None]
        last = self.versions[-1]
        candidate = Version(
            last.number + 1, last.recorded_at, effective_from, actor, set_paths, tuple(removed), decision
        )
        self.timeline.check_later(candidate, lambda flat: check_references(validated(flat)))  # fits later versions
        self.trigger_event(
            self.Revised,
            changes=set_paths,
            removed=removed,
            effective_from=effective_from,
            decision=decision,
            actor=actor,
        )
        return changes

    def end(self, ended_on: date, reason: str, actor: str) -> None:
        """Record that the contract ended (expired, replaced or terminated)."""
        bounds.day(ended_on, "ended_on")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        if self.ended_on is not None:
            raise ContractAlreadyEndedError(self.key, self.ended_on)
        if self.signed_on is not None and ended_on < self.signed_on:
            raise EndBeforeSigningError()
        self.trigger_event(self.Ended, ended_on=ended_on, reason=reason, actor=actor)

    def terms(self, effective: date | None = None, known_at: datetime | None = None) -> ContractTerms:
        """The terms in force on ``effective`` (default: latest) as known at ``known_at`` (default: now).

        Every use case asks for the terms, usually several times, and building them is the
        costly part of a command; the same versions give the same terms, so they are built once
        and shared. Treat them as read-only (``model_dump`` gives a copy to change).
        """
        if not self.timeline.known(known_at):
            raise ContractNotKnownError(self.key, known_at)
        identity = self.timeline.identity(effective, known_at)
        return _BUILT.get((self.id, *identity), lambda: self._built(effective, known_at, identity))

    def version_at(self, known_at: datetime | None = None) -> int:
        """The number of the last version recorded by ``known_at``."""
        if self.timeline.indexed:
            return self.timeline.known(known_at)
        known = [v.number for v in self.versions if known_at is None or v.recorded_at <= known_at]
        return known[-1] if known else 0

    def recorded_at(self, number: int) -> datetime | None:
        """When version ``number`` was recorded; ``None`` when there is no such version."""
        return self.timeline.recorded_at(number) if 1 <= number <= len(self.timeline) else None

    def status(self, on: date | None = None, known_at: datetime | None = None) -> str:
        """'drafted', 'signed' or 'ended' on a date, as known at a time (ended after its last day in force)."""
        facts = [
            f
            for f in self.lifecycle
            if (known_at is None or f.recorded_at <= known_at)
            and (on is None or f.day < on or (f.kind == "signed" and f.day == on))
        ]
        kinds = {f.kind for f in facts}
        return "ended" if "ended" in kinds else "signed" if "signed" in kinds else "drafted"

    @property
    def signed_on(self) -> date | None:
        return next((f.day for f in self.lifecycle if f.kind == "signed"), None)

    @property
    def ended_on(self) -> date | None:
        return next((f.day for f in self.lifecycle if f.kind == "ended"), None)

    def _flat(self, effective: date | None, known_at: datetime | None) -> Flat:
        flat = self.timeline.flat(effective, known_at)
        if flat is None:
            raise ContractNotKnownError(self.key, known_at)
        return flat

    def _built(self, effective: date | None, known_at: datetime | None, identity: tuple[Any, ...]) -> ContractTerms:
        """Only the parts some revision changed are validated again; the rest are the draft's."""
        flat = self._flat(effective, known_at)
        if not self.timeline.indexed:
            return unflatten(flat)
        draft = _BUILT.get((self.id, identity[0]), lambda: unflatten(self.timeline.changes[0]))
        return unflatten(flat, draft, {winner[0].split(".", 1)[0] for winner in identity[1:]})


_BUILT = TermsCache(512)


# --- rule errors


class ContractAlreadySignedError(RuleError):
    """A contract is signed once."""

    def __init__(self, key: str, signed_on: date) -> None:
        self.key, self.signed_on = key, signed_on
        super().__init__(f"Kontrakten '{key}' er allerede underskrevet {signed_on:%d.%m.%Y}.")


class SignedAfterEndError(RuleError):
    """An ended contract is not signed."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"Kontrakten '{key}' er afsluttet og kan ikke underskrives.")


class RevisedAfterEndError(RuleError):
    """An ended contract is not revised."""

    def __init__(self, key: str, ended_on: date) -> None:
        self.key, self.ended_on = key, ended_on
        super().__init__(f"Kontrakten '{key}' er afsluttet {ended_on:%d.%m.%Y} og kan ikke revideres.")


class DecidingForumRequiredError(RuleError):
    """A revision names the forum that decided it."""

    def __init__(self) -> None:
        super().__init__("En revision skal angive hvilket forum der har besluttet den.")


class ContractAlreadyEndedError(RuleError):
    """A contract ends once."""

    def __init__(self, key: str, ended_on: date) -> None:
        self.key, self.ended_on = key, ended_on
        super().__init__(f"Kontrakten '{key}' er allerede afsluttet {ended_on:%d.%m.%Y}.")


class EndBeforeSigningError(RuleError):
    """A signed contract does not end before the day it was signed."""

    def __init__(self) -> None:
        super().__init__("Kontrakten kan ikke slutte før den blev underskrevet.")
