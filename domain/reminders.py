"""What was e-mailed to whom about a contract: reminders (digests) and escalations, planned before sending.

One log per recipient and contract. A dispatch is first recorded as planned (kind, period, the
occurrences it names), then the e-mail is sent, then the dispatch is recorded as sent. A run that
stops between sending and marking finds the dispatch planned but not sent and sends it again (so
at worst one e-mail is repeated, never one lost); a dispatch is never planned twice, so a second
run for the same period sends nothing. The recipient is a user's name or a contact person's id –
never an address or a name of a person (those stay in the users table and the sealed register).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import RuleError
from domain.vocabulary import REMINDER_KIND

REMINDERS_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/reminders")
Kind = Literal["digest", "escalation"]
KINDS: tuple[Kind, ...] = ("digest", "escalation")
Frequency = Literal["daily", "weekly"]
FREQUENCIES: tuple[Frequency, ...] = ("daily", "weekly")


def reminder_log_id(contract_key: str, recipient: str) -> UUID:
    """One log per recipient ('user:NAME' or 'person:ID') and contract."""
    return uuid5(REMINDERS_NAMESPACE, f"{contract_key}\n{recipient}")


def dispatch_key(kind: str, period: str) -> str:
    return f"{kind}/{period}"


class ReminderLog(Aggregate):
    """The reminders and escalations one recipient was sent about one contract."""

    TOPIC = "forum:ReminderLog"

    class Event(Aggregate.Event):
        TOPIC = "forum:ReminderLog.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:ReminderLog.Opened"
        contract_id: UUID
        contract_key: str
        recipient: str
        actor: str

        def apply(self, log: ReminderLog) -> None:
            log.contract_id, log.contract_key, log.recipient = self.contract_id, self.contract_key, self.recipient
            log.dispatches = {}
            log.escalated = set()

    class Planned(Event):
        TOPIC = "forum:ReminderLog.Planned"
        recipient: str
        kind: str
        period: str
        occurrences: list[str]
        planned_on: date
        actor: str

        def apply(self, log: ReminderLog) -> None:
            log.dispatches[dispatch_key(self.kind, self.period)] = {
                "kind": self.kind, "period": self.period, "occurrences": list(self.occurrences),
                "planned_on": self.planned_on, "planned_at": self.timestamp, "sent_at": None,
            }  # fmt: skip
            if self.kind == "escalation":
                log.escalated.update(self.occurrences)

    class Sent(Event):
        TOPIC = "forum:ReminderLog.Sent"
        recipient: str
        kind: str
        period: str
        actor: str

        def apply(self, log: ReminderLog) -> None:
            log.dispatches[dispatch_key(self.kind, self.period)]["sent_at"] = self.timestamp

    contract_id: UUID
    contract_key: str
    recipient: str
    dispatches: dict[str, dict[str, Any]]  # kind/period -> occurrences, planned_on, sent_at
    escalated: set[str]  # occurrences ever escalated to this recipient

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, recipient: str, actor: str) -> ReminderLog:
        bounds.name(actor, "actor")
        bounds.name(recipient, "recipient")
        return cls._create(
            cls.Opened, id=reminder_log_id(contract_key, recipient), contract_id=contract_id,
            contract_key=contract_key, recipient=recipient, actor=actor,
        )  # fmt: skip

    def plan(self, kind: str, period: str, occurrences: list[str], planned_on: date, actor: str) -> None:
        """Record that an e-mail about these occurrences is to be sent (before it is sent)."""
        bounds.name(actor, "actor")
        bounds.items(occurrences, "occurrences")
        if kind not in KINDS:
            raise UnknownReminderKindError(kind)
        if not occurrences:
            raise NothingToRemindError(self.contract_key)
        if dispatch_key(kind, period) in self.dispatches:
            raise ReminderAlreadyPlannedError(self.contract_key, kind, period)
        if kind == "escalation" and self.escalated.intersection(occurrences):
            raise AlreadyEscalatedError(self.contract_key, sorted(self.escalated.intersection(occurrences)))
        self.trigger_event(
            self.Planned, recipient=self.recipient, kind=kind, period=period, occurrences=occurrences,
            planned_on=planned_on, actor=actor,
        )  # fmt: skip

    def mark_sent(self, kind: str, period: str, actor: str) -> None:
        """Record that the planned e-mail was handed to the mail server."""
        planned = self.dispatches.get(dispatch_key(kind, period))
        if planned is None:
            raise ReminderNotPlannedError(self.contract_key, kind, period)
        if planned["sent_at"] is not None:
            raise ReminderAlreadySentError(self.contract_key, kind, period, planned["sent_at"])
        self.trigger_event(self.Sent, recipient=self.recipient, kind=kind, period=period, actor=actor)

    def unsent(self) -> list[dict[str, Any]]:
        """Dispatches planned but not (known to be) sent: a run stopped between planning and marking."""
        return [d for d in self.dispatches.values() if d["sent_at"] is None]


KIND_WORD = REMINDER_KIND


# --- rule errors


class UnknownReminderKindError(RuleError):
    """A dispatch is a reminder (digest) or an escalation."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"'{kind}' er ikke en slags påmindelse (påmindelse eller eskalering).")


class NothingToRemindError(RuleError):
    """A reminder names at least one deadline."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"En påmindelse om kontrakten '{key}' skal nævne mindst én frist.")


class ReminderAlreadyPlannedError(RuleError):
    """A recipient gets one reminder per period and kind: a second run sends nothing."""

    def __init__(self, key: str, kind: str, period: str) -> None:
        self.key, self.kind, self.period = key, KIND_WORD.get(kind, kind), period
        super().__init__(f"Der er allerede planlagt en {self.kind} om '{key}' for {period}.")


class AlreadyEscalatedError(RuleError):
    """An occurrence is escalated to a recipient once."""

    def __init__(self, key: str, occurrences: list[str]) -> None:
        self.key, self.occurrences = key, occurrences
        super().__init__(f"Fristerne {', '.join(occurrences)} i '{key}' er allerede eskaleret til modtageren.")


class ReminderNotPlannedError(RuleError):
    """Only a planned reminder is marked sent."""

    def __init__(self, key: str, kind: str, period: str) -> None:
        self.kind = KIND_WORD.get(kind, kind)
        self.key, self.period = key, period
        super().__init__(f"Der er ingen planlagt {self.kind} om '{key}' for {period}.")


class ReminderAlreadySentError(RuleError):
    """A reminder is marked sent once."""

    def __init__(self, key: str, kind: str, period: str, sent_at: datetime) -> None:
        self.key, self.kind, self.period, self.sent_at = key, KIND_WORD.get(kind, kind), period, sent_at
        super().__init__(f"Denne {self.kind} om '{key}' for {period} er allerede sendt {sent_at:%d.%m.%Y %H:%M} UTC.")
