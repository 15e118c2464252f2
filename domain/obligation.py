"""Fulfilment of one responsibility: evidence as facts about days, waivers and their withdrawal.

One aggregate per responsibility of a contract. Which occurrence a piece of evidence settles is
decided when a question is asked (domain/evidence.py), under the rule in force on each due date;
the log keeps the facts: each fulfilment's day, evidence and the due date its author named (if any),
and the waivers of named occurrences with their withdrawals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.cadence import Occurrence
from domain.duties import NoSuchDueDateError, NoWindowCoveringError
from domain.duty_log import DutyLog
from domain.evidence import Proof, containing, open_due_by, place
from domain.obligation_errors import AlreadySettledError as AlreadySettledError
from domain.obligation_errors import AmbiguousFulfilmentError as AmbiguousFulfilmentError
from domain.obligation_errors import EvidenceRequiredError as EvidenceRequiredError
from domain.obligation_errors import FulfilmentBeforeWindowError as FulfilmentBeforeWindowError
from domain.obligation_errors import NotWaivedError as NotWaivedError
from domain.obligation_errors import WaiverReasonRequiredError as WaiverReasonRequiredError
from domain.obligation_errors import WithdrawalReasonRequiredError as WithdrawalReasonRequiredError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/obligation")


def obligation_log_id(contract_id: UUID, responsibility: str) -> UUID:
    return ObligationLog.log_id(contract_id, responsibility)


@dataclass(frozen=True)
class Evidence:
    """What shows a duty was met: a held meeting and/or a document reference."""

    meeting_id: UUID | None = None
    document: str | None = None


@dataclass(frozen=True)
class Fulfilment:
    """A fulfilment as a fact about a day: the due date is the one its author named, if any."""

    day: date
    named_due: date | None
    party: str
    evidence: Evidence
    actor: str


@dataclass(frozen=True)
class Settlement:
    """How one occurrence was settled (class version 1 snapshots only; read by ``upcast_v1_v2``)."""

    kind: str  # "fulfilled" | "waived"
    due: date
    day: date | None
    party: str | None
    evidence: Evidence | None
    reason: str
    actor: str
    recorded_at: datetime


def named_due(due: date | None, fulfilled_on: date) -> date | None:
    """The due date a version 1 fulfilment named: one before its day was named by its author (the
    window holding the day was chosen otherwise); one on or after it is the day's own window."""
    return due if due is not None and due < fulfilled_on else None


class ObligationLog(DutyLog):
    """The evidence, waivers and waiver withdrawals of one responsibility."""

    TOPIC = "forum:ObligationLog"
    NAMESPACE = _NAMESPACE
    class_version = 2  # 1: snapshots held the settled occurrences by due date; 2: the facts

    class Event(Aggregate.Event):
        TOPIC = "forum:ObligationLog.Event"

    class Opened(DutyLog.Opened):
        TOPIC = "forum:ObligationLog.Opened"

        def apply(self, log: ObligationLog) -> None:  # type: ignore[override]
            super().apply(log)
            log.fulfilments = []
            log.waived = {}

    class Fulfilled(Event):
        """Version 2: ``due`` is the due date the author named, or None (version 1 always held one)."""

        TOPIC = "forum:ObligationLog.Fulfilled"
        class_version = 2
        due: date | None
        fulfilled_on: date
        by_party: str
        evidence: Evidence
        actor: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["due"] = named_due(_day(state["due"]), _day(state["fulfilled_on"]))

        def apply(self, log: ObligationLog) -> None:
            log.fulfilments.append(Fulfilment(self.fulfilled_on, self.due, self.by_party, self.evidence, self.actor))

    class Waived(Event):
        TOPIC = "forum:ObligationLog.Waived"
        due: date
        reason: str
        actor: str

        def apply(self, log: ObligationLog) -> None:
            log.waived[self.due.isoformat()] = self.reason

    class WaiverWithdrawn(Event):
        TOPIC = "forum:ObligationLog.WaiverWithdrawn"
        due: date
        reason: str
        actor: str

        def apply(self, log: ObligationLog) -> None:
            log.waived.pop(self.due.isoformat(), None)

    fulfilments: list[Fulfilment]
    waived: dict[str, str]  # ISO due date -> reason, for the waivers in force

    def __init__(self) -> None:  # without it the annotations above would become __init__ parameters
        """State is set by the Opened event's apply()."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        settled = state.pop("settled")
        state["fulfilments"] = [
            Fulfilment(s.day, named_due(s.due, s.day), s.party, s.evidence, s.actor)
            for s in settled.values()
            if s.kind == "fulfilled"
        ]
        state["waived"] = {due: s.reason for due, s in settled.items() if s.kind == "waived"}

    def fulfil(
        self,
        occurrences: Sequence[Occurrence],
        fulfilled_on: date,
        due: date | None,
        by_party: str,
        evidence: Evidence,
        actor: str,
    ) -> Occurrence:
        """Record that the duty was met on a day, with what shows it; returns the occurrence it settles now."""
        bounds.day(fulfilled_on, "fulfilled_on")
        if due is not None:
            bounds.day(due, "due")
        bounds.text(evidence.document or "", "document")
        bounds.name(actor, "actor")
        if evidence.meeting_id is None and not (evidence.document or "").strip():
            raise EvidenceRequiredError()
        target = self.settles(occurrences, fulfilled_on, due)
        self.trigger_event(
            self.Fulfilled, due=due, fulfilled_on=fulfilled_on, by_party=by_party, evidence=evidence, actor=actor
        )
        return target

    def settles(self, occurrences: Sequence[Occurrence], day: date, due: date | None) -> Occurrence:
        """The occurrence a fulfilment on ``day`` (naming ``due``, if given) settles, or the rule it breaks."""
        met = self.met(occurrences)
        if due is not None:
            target = self._named(occurrences, due)
            if day < target.window_start:
                raise FulfilmentBeforeWindowError(day, target.window_start, target.due)
        else:
            late = open_due_by(occurrences, met, self._waived_dates(), day)
            if len(late) > 1:
                raise AmbiguousFulfilmentError(self.responsibility, day, [o.due for o in late])
            found = late[0] if late else containing(occurrences, day)
            if found is None:
                raise NoWindowCoveringError(self.responsibility, day)
            target = found
        if target.due in met:
            raise AlreadySettledError(self.responsibility, target.due, "fulfilled")
        return target

    def waive(self, occurrences: Sequence[Occurrence], due: date, reason: str, actor: str) -> None:
        """Record that an occurrence is waived, with the reason."""
        bounds.day(due, "due")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        target = self._named(occurrences, due)
        if target.due in self.met(occurrences):
            raise AlreadySettledError(self.responsibility, due, "fulfilled")
        if due.isoformat() in self.waived:
            raise AlreadySettledError(self.responsibility, due, "waived")
        if not reason.strip():
            raise WaiverReasonRequiredError()
        self.trigger_event(self.Waived, due=due, reason=reason, actor=actor)

    def withdraw_waiver(self, due: date, reason: str, actor: str) -> None:
        """Withdraw the waiver of an occurrence, with the reason: it is open (or met by its evidence) again."""
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        if due.isoformat() not in self.waived:
            raise NotWaivedError(self.responsibility, due)
        if not reason.strip():
            raise WithdrawalReasonRequiredError()
        self.trigger_event(self.WaiverWithdrawn, due=due, reason=reason, actor=actor)

    def met(self, occurrences: Sequence[Occurrence]) -> dict[date, Proof]:
        """The occurrences this log's fulfilments settle (held meetings are not in the log)."""
        proofs = [Proof(f.day, f.named_due) for f in self.fulfilments]
        return place(occurrences, proofs, self._waived_dates())[0]

    def _named(self, occurrences: Sequence[Occurrence], due: date) -> Occurrence:
        found = next((o for o in occurrences if o.due == due), None)
        if found is None:
            raise NoSuchDueDateError(self.responsibility, due)
        return found

    def _waived_dates(self) -> set[date]:
        return {date.fromisoformat(d) for d in self.waived}


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
