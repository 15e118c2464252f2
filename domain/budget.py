"""The ledger of one plan's budget frame in a contract: expenses booked, corrected and reversed, never edited.

Amounts are integer øre. Overspending is recorded and shown, not blocked.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.errors import NotFoundError, RuleError
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
        bounds.day(booked_on, "booked_on")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        original = self._expense(entry)
        if any(e.reverses == entry for e in self.entries):
            raise AlreadyReversedError(entry)
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
        bounds.day(booked_on, "booked_on")
        bounds.text(reason, "reason")
        bounds.name(actor, "actor")
        original = self._expense(entry)
        if any(e.reverses == entry for e in self.entries):
            raise AlreadyReversedError(entry)
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


# --- rule errors


class AmountNotPositiveError(RuleError):
    """An expense is more than 0 kr.; a wrong one is corrected or reversed, never booked negative."""

    def __init__(self) -> None:
        super().__init__(
            "Et udgiftsbeløb skal være større end 0 kr. Ret eller tilbagefør den postering, der er forkert."
        )


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


class CounterEntryError(RuleError):
    """Only an expense is corrected or reversed, not a counter-entry (the correction of one)."""

    def __init__(self, entry: int, of: int) -> None:
        self.entry, self.of = entry, of
        super().__init__(
            f"Postering nr. {entry} er en rettelse af postering nr. {of} og kan ikke selv rettes eller "
            f"tilbageføres; ret eller tilbagefør postering nr. {of}."
        )


class CorrectionNotPositiveError(RuleError):
    """A correction takes a positive amount off an expense; more spending is a new expense."""

    def __init__(self) -> None:
        super().__init__("En rettelse skal være større end 0 kr. Bogfør en ny udgift, hvis der er brugt mere.")


class CorrectionExceedsRemainingError(RuleError):
    """A correction takes off at most what remains of the expense (its amount less corrections)."""

    def __init__(self, entry: int, amount_ore: int, remaining_ore: int) -> None:
        self.entry, self.amount, self.remaining = entry, format_kroner(amount_ore), format_kroner(remaining_ore)
        super().__init__(
            f"En rettelse på {self.amount} er mere end der er tilbage af postering nr. {entry} ({self.remaining})."
        )


class CorrectionBeforeEntryError(RuleError):
    """A correction is dated on or after the entry it corrects."""

    def __init__(self) -> None:
        super().__init__("En rettelse kan ikke dateres før den postering den retter.")


class CorrectionReasonRequiredError(RuleError):
    """A correction says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for rettelsen.")


class NothingRemainsError(RuleError):
    """A reversal takes off what remains of an expense; an expense corrected to 0 kr. has nothing left."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er rettet til 0,00 kr.; der er intet tilbage at tilbageføre.")
