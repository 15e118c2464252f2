"""The ledger of one plan's budget frame in a contract: expenses booked, corrected and reversed, never edited.

Amounts are integer øre. Overspending is recorded and shown, not blocked.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.budget_errors import AlreadyReversedError as AlreadyReversedError
from domain.budget_errors import AmountNotPositiveError as AmountNotPositiveError
from domain.budget_errors import CorrectionBeforeEntryError as CorrectionBeforeEntryError
from domain.budget_errors import CorrectionExceedsRemainingError as CorrectionExceedsRemainingError
from domain.budget_errors import CorrectionNotPositiveError as CorrectionNotPositiveError
from domain.budget_errors import CorrectionReasonRequiredError as CorrectionReasonRequiredError
from domain.budget_errors import CounterEntryError as CounterEntryError
from domain.budget_errors import EntryNotFoundError as EntryNotFoundError
from domain.budget_errors import ExpenseTextRequiredError as ExpenseTextRequiredError
from domain.budget_errors import NothingRemainsError as NothingRemainsError
from domain.budget_errors import ReversalBeforeEntryError as ReversalBeforeEntryError
from domain.budget_errors import ReversalOfReversalError as ReversalOfReversalError
from domain.budget_errors import ReversalReasonRequiredError as ReversalReasonRequiredError
from domain.money import Entry, counter_entry
from domain.money import format_kroner as format_kroner  # where callers have always found it

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/ledger")


def ledger_id(contract_id: UUID, plan: str) -> UUID:
    return uuid5(_NAMESPACE, f"{contract_id}/{plan}")


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
                Entry(self.entry, self.booked_on, self.amount_ore, self.activity, self.funder, self.text,
                      self.voucher, self.actor, self.timestamp)
            )  # fmt: skip

    class ExpenseCorrected(Event):
        """Part of an expense taken off it by a counter-entry (the amount is positive: what is taken off)."""

        TOPIC = "forum:Ledger.ExpenseCorrected"
        entry: int
        corrects: int
        booked_on: date
        amount_ore: int
        reason: str
        actor: str

        def apply(self, ledger: Ledger) -> None:
            ledger.entries.append(counter_entry(ledger.entries[self.corrects - 1], self, -self.amount_ore))

    class ExpenseReversed(Event):
        """What remained of an expense taken off it in full (version 1 had no amount: nothing was corrected)."""

        TOPIC = "forum:Ledger.ExpenseReversed"
        class_version = 2
        entry: int
        reverses: int
        booked_on: date
        reason: str
        actor: str
        amount_ore: int | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["amount_ore"] = None  # before corrections existed, a reversal took off the whole amount

        def apply(self, ledger: Ledger) -> None:
            original = ledger.entries[self.reverses - 1]
            amount = original.amount_ore if self.amount_ore is None else self.amount_ore
            ledger.entries.append(counter_entry(original, self, -amount))

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

    def correct(self, entry: int, booked_on: date, amount_ore: int, reason: str, actor: str) -> int:
        """Take part of an expense off it, up to what remains of it, by a new counter-entry; returns its number."""
        original = self._unreversed(entry, booked_on, reason, actor)
        if isinstance(amount_ore, int) and amount_ore <= 0:
            raise CorrectionNotPositiveError()
        bounds.amount(amount_ore, "amount")
        remaining = self.remaining_ore(entry)
        if amount_ore > remaining:
            raise CorrectionExceedsRemainingError(entry, amount_ore, remaining)
        if booked_on < original.booked_on:
            raise CorrectionBeforeEntryError()
        if not reason.strip():
            raise CorrectionReasonRequiredError()
        number = len(self.entries) + 1
        self.trigger_event(
            self.ExpenseCorrected,
            entry=number,
            corrects=entry,
            booked_on=booked_on,
            amount_ore=amount_ore,
            reason=reason,
            actor=actor,
        )
        return number

    def reverse(self, entry: int, booked_on: date, reason: str, actor: str) -> int:
        """Reverse what remains of a booked expense by a new, opposite entry; returns its number."""
        original = self._unreversed(entry, booked_on, reason, actor)
        remaining = self.remaining_ore(entry)
        if remaining == 0:
            raise NothingRemainsError(entry)
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
            amount_ore=remaining,
        )
        return number

    def remaining_ore(self, entry: int) -> int:
        """What remains of an expense: its amount less its corrections and reversal."""
        return sum(e.amount_ore for e in self.entries if e.number == entry or e.counters == entry)

    def spent_ore(self) -> int:
        return sum(e.amount_ore for e in self.entries)

    def _unreversed(self, entry: int, booked_on: date, reason: str, actor: str) -> Entry:
        """The expense a counter-entry (correction or reversal) is about, once its values are bounded; never
        one already reversed."""
        bounds.day(booked_on, "booked_on")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        original = self._expense(entry)
        if any(e.reverses == entry for e in self.entries):
            raise AlreadyReversedError(entry)
        return original

    def _expense(self, entry: int) -> Entry:
        """The expense booked as ``entry``: refused when there is none or it is itself a counter-entry."""
        found = self.entries[entry - 1] if 0 < entry <= len(self.entries) else None
        if found is None:
            raise EntryNotFoundError(self.plan, entry)
        if found.reverses is not None:
            raise ReversalOfReversalError(entry)
        if found.corrects is not None:
            raise CounterEntryError(entry, found.corrects)
        return found
