"""The ledger of one plan's budget frame in a contract: expenses booked and reversed, never edited.

Amounts are integer øre. Overspending is recorded and shown, not blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import NotFoundError, RuleError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/ledger")


def ledger_id(contract_id: UUID, plan: str) -> UUID:
    return uuid5(_NAMESPACE, f"{contract_id}/{plan}")


def format_kroner(ore: int) -> str:
    """Øre as Danish kroner: 162621700 -> '1.626.217,00 kr.'"""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d} kr."


@dataclass(frozen=True)
class Entry:
    """A booked expense or the reversal of one."""

    number: int
    booked_on: date
    amount_ore: int  # negative for a reversal
    activity: str | None
    funder: str | None
    text: str
    voucher: str | None
    actor: str
    recorded_at: datetime
    reverses: int | None = None


class Ledger(Aggregate):
    """Expenses booked against one plan's frame in one contract."""

    TOPIC = "forum:Ledger"

    class Event(Aggregate.Event):
        TOPIC = "forum:Ledger.Event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:Ledger.Opened"
        contract_id: UUID
        contract_key: str
        plan: str
        actor: str

        def apply(self, ledger: Ledger) -> None:
            ledger.contract_id = self.contract_id
            ledger.contract_key = self.contract_key
            ledger.plan = self.plan
            ledger.entries = []

    class ExpenseBooked(Event):
        TOPIC = "forum:Ledger.ExpenseBooked"
        entry: int
        booked_on: date
        amount_ore: int
        activity: str | None
        funder: str | None
        text: str
        voucher: str | None
        actor: str

        def apply(self, ledger: Ledger) -> None:
            ledger.entries.append(
                Entry(
                    self.entry,
                    self.booked_on,
                    self.amount_ore,
                    self.activity,
                    self.funder,
                    self.text,
                    self.voucher,
                    self.actor,
                    self.timestamp,
                )
            )

    class ExpenseReversed(Event):
        TOPIC = "forum:Ledger.ExpenseReversed"
        entry: int
        reverses: int
        booked_on: date
        reason: str
        actor: str

        def apply(self, ledger: Ledger) -> None:
            original = ledger.entries[self.reverses - 1]
            ledger.entries.append(
                Entry(
                    self.entry,
                    self.booked_on,
                    -original.amount_ore,
                    original.activity,
                    original.funder,
                    self.reason,
                    original.voucher,
                    self.actor,
                    self.timestamp,
                    reverses=self.reverses,
                )
            )

    contract_id: UUID
    contract_key: str
    plan: str
    entries: list[Entry]  # entry number n is entries[n - 1]

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, contract_id: UUID, contract_key: str, plan: str, actor: str) -> Ledger:
        """Start the ledger of one plan's frame in a contract."""
        return cls._create(
            cls.Opened,
            id=ledger_id(contract_id, plan),
            contract_id=contract_id,
            contract_key=contract_key,
            plan=plan,
            actor=actor,
        )

    def book(
        self,
        booked_on: date,
        amount_ore: int,
        activity: str | None,
        funder: str | None,
        text: str,
        voucher: str | None,
        actor: str,
    ) -> int:
        """Book an expense; returns its entry number."""
        if isinstance(amount_ore, int) and amount_ore <= 0:
            raise AmountNotPositiveError()
        bounds.amount(amount_ore, "amount")
        bounds.day(booked_on, "booked_on")
        bounds.text(text, "text")
        bounds.name(voucher or "", "voucher")
        bounds.name(actor, "actor")
        if not text.strip():
            raise ExpenseTextRequiredError()
        number = len(self.entries) + 1
        self.trigger_event(
            self.ExpenseBooked,
            entry=number,
            booked_on=booked_on,
            amount_ore=amount_ore,
            activity=activity,
            funder=funder,
            text=text,
            voucher=voucher,
            actor=actor,
        )
        return number

    def reverse(self, entry: int, booked_on: date, reason: str, actor: str) -> int:
        """Reverse a booked expense in full by a new, opposite entry; returns its number."""
        bounds.day(booked_on, "booked_on")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        original = self.entries[entry - 1] if 0 < entry <= len(self.entries) else None
        if original is None:
            raise EntryNotFoundError(self.plan, entry)
        if original.reverses is not None:
            raise ReversalOfReversalError(entry)
        if any(e.reverses == entry for e in self.entries):
            raise AlreadyReversedError(entry)
        if booked_on < original.booked_on:
            raise ReversalBeforeEntryError()
        if not reason.strip():
            raise ReversalReasonRequiredError()
        number = len(self.entries) + 1
        self.trigger_event(
            self.ExpenseReversed,
            entry=number,
            reverses=entry,
            booked_on=booked_on,
            reason=reason,
            actor=actor,
        )
        return number

    def spent_ore(self) -> int:
        return sum(e.amount_ore for e in self.entries)


# --- rule errors


class AmountNotPositiveError(RuleError):
    """An expense is more than 0 kr.; corrections are reversals, not negative expenses."""

    def __init__(self) -> None:
        super().__init__("Et udgiftsbeløb skal være større end 0 kr. Rettelser bogføres som tilbageførsler.")


class ExpenseTextRequiredError(RuleError):
    """An expense says what it paid for."""

    def __init__(self) -> None:
        super().__init__("Angiv en tekst for udgiften.")


class EntryNotFoundError(NotFoundError):
    """The ledger has no entry with this number."""

    def __init__(self, plan: str, entry: int) -> None:
        self.plan, self.entry = plan, entry
        super().__init__(f"Postering nr. {entry} findes ikke i regnskabet for '{plan}'.")


class ReversalOfReversalError(RuleError):
    """A reversal is not itself reversed; book the expense again instead."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er selv en tilbageførsel og kan ikke tilbageføres.")


class AlreadyReversedError(RuleError):
    """An entry is reversed once."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er allerede tilbageført.")


class ReversalBeforeEntryError(RuleError):
    """A reversal is dated on or after the entry it reverses."""

    def __init__(self) -> None:
        super().__init__("En tilbageførsel kan ikke dateres før den postering den tilbagefører.")


class ReversalReasonRequiredError(RuleError):
    """A reversal says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for tilbageførslen.")
