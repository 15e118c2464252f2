"""Fulfilment of one responsibility: each due occurrence is fulfilled (with evidence) or waived.

One aggregate per responsibility of a contract; what is neither fulfilled nor waived is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.cadence import Occurrence
from domain.errors import RuleError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/obligation")


def obligation_log_id(contract_id: UUID, responsibility: str) -> UUID:
    return uuid5(_NAMESPACE, f"{contract_id}/{responsibility}")


@dataclass(frozen=True)
class Evidence:
    """What shows a duty was met: a held meeting and/or a document reference."""

    meeting_id: UUID | None = None
    document: str | None = None


@dataclass(frozen=True)
class Settlement:
    """How one occurrence was settled, by whom and when it was recorded."""

    kind: str  # "fulfilled" | "waived"
    due: date
    day: date | None
    party: str | None
    evidence: Evidence | None
    reason: str
    actor: str
    recorded_at: datetime


class ObligationLog(Aggregate):
    """The settled occurrences of one responsibility."""

    TOPIC = "forum:ObligationLog"

    class Event(Aggregate.Event):
        TOPIC = "forum:ObligationLog.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:ObligationLog.Opened"
        contract_id: UUID
        contract_key: str
        responsibility: str
        actor: str
        party: str

        def apply(self, log: ObligationLog) -> None:
            log.contract_id = self.contract_id
            log.contract_key = self.contract_key
            log.responsibility = self.responsibility
            log.party = self.party
            log.settled = {}

    class Fulfilled(Event):
        TOPIC = "forum:ObligationLog.Fulfilled"
        due: date
        fulfilled_on: date
        by_party: str
        evidence: Evidence
        actor: str

        def apply(self, log: ObligationLog) -> None:
            log.settled[self.due.isoformat()] = Settlement(
                "fulfilled",
                self.due,
                self.fulfilled_on,
                self.by_party,
                self.evidence,
                "",
                self.actor,
                self.timestamp,
            )

    class Waived(Event):
        TOPIC = "forum:ObligationLog.Waived"
        due: date
        reason: str
        actor: str

        def apply(self, log: ObligationLog) -> None:
            log.settled[self.due.isoformat()] = Settlement(
                "waived", self.due, None, None, None, self.reason, self.actor, self.timestamp
            )

    contract_id: UUID
    contract_key: str
    responsibility: str
    party: str
    settled: dict[str, Settlement]

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, responsibility: str, party: str, actor: str) -> ObligationLog:
        """Start the record of one responsibility's occurrences."""
        return cls._create(
            cls.Opened,
            id=obligation_log_id(contract_id, responsibility),
            contract_id=contract_id,
            contract_key=contract_key,
            responsibility=responsibility,
            party=party,
            actor=actor,
        )

    def fulfil(self, occurrence: Occurrence, fulfilled_on: date, by_party: str, evidence: Evidence, actor: str) -> None:
        """Record that an occurrence was met, with what shows it."""
        bounds.day(fulfilled_on, "fulfilled_on")
        bounds.text(evidence.document or "", "document")
        bounds.name(actor, "actor")
        self._check_open(occurrence)
        if fulfilled_on < occurrence.window_start:
            raise FulfilmentBeforeWindowError(fulfilled_on, occurrence.window_start, occurrence.due)
        if evidence.meeting_id is None and not (evidence.document or "").strip():
            raise EvidenceRequiredError()
        self.trigger_event(
            self.Fulfilled,
            due=occurrence.due,
            fulfilled_on=fulfilled_on,
            by_party=by_party,
            evidence=evidence,
            actor=actor,
        )

    def waive(self, occurrence: Occurrence, reason: str, actor: str) -> None:
        """Record that an occurrence is waived, with the reason."""
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        self._check_open(occurrence)
        if not reason.strip():
            raise WaiverReasonRequiredError()
        self.trigger_event(self.Waived, due=occurrence.due, reason=reason, actor=actor)

    def is_settled(self, occurrence: Occurrence) -> bool:
        return occurrence.due.isoformat() in self.settled

    def _check_open(self, occurrence: Occurrence) -> None:
        done = self.settled.get(occurrence.due.isoformat())
        if done is not None:
            raise AlreadySettledError(self.responsibility, occurrence.due, done.kind)


# --- rule errors


class FulfilmentBeforeWindowError(RuleError):
    """A fulfilment falls in (or after) its occurrence's window, never before it opens."""

    def __init__(self, fulfilled_on: date, window_start: date, due: date) -> None:
        self.fulfilled_on, self.window_start, self.due = fulfilled_on, window_start, due
        super().__init__(
            f"Opfyldelsen {fulfilled_on:%d.%m.%Y} ligger før forpligtelsens periode "
            f"({window_start:%d.%m.%Y}–{due:%d.%m.%Y})."
        )


class EvidenceRequiredError(RuleError):
    """A fulfilment shows what proves it: a held meeting or a document."""

    def __init__(self) -> None:
        super().__init__("Angiv dokumentation: et afholdt møde eller en dokumentreference.")


class WaiverReasonRequiredError(RuleError):
    """A waiver says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for at frafalde forpligtelsen.")


class AlreadySettledError(RuleError):
    """An occurrence is fulfilled or waived once; a waiver after a fulfilment is refused too."""

    def __init__(self, responsibility: str, due: date, kind: str) -> None:
        self.responsibility, self.due, self.kind = responsibility, due, kind
        what = "opfyldt" if kind == "fulfilled" else "frafaldet"
        super().__init__(f"Forpligtelsen '{responsibility}' med frist {due:%d.%m.%Y} er allerede {what}.")
