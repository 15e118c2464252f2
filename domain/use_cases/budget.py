"""Budget use cases: book an expense on a plan's ledger, within the plan's period; correct part of one or reverse
what remains of it by a counter-entry."""

from __future__ import annotations

from datetime import date
from functools import partial
from uuid import UUID

from domain.budget import Ledger, ledger_id
from domain.contract import contract_id
from domain.errors import (
    ExpenseOutsidePlanPeriodError,
    FunderNotOfPlanError,
    NothingBookedError,
    PlanNotFoundError,
    UnknownActivityError,
)
from domain.permissions import Actor, acting, require_book
from domain.terms import ContractTerms, Plan
from domain.use_cases.records import Outcome, Records, current, use_case


class BudgetUseCases(Records):
    """One ledger per plan in a contract; overspending is recorded, not blocked."""

    @use_case
    def book_expense(
        self,
        key: str,
        plan: str,
        booked_on: date,
        amount_ore: int,
        text: str,
        actor: Actor | str,
        activity: str | None = None,
        funder: str | None = None,
        voucher: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:
        """Book an expense against a plan's frame in the contract; returns its entry number."""
        who = acting(actor)
        contract = self._contract(key, "read")
        terms = contract.terms(booked_on)
        require_book(who, terms, key, plan)
        check_expense(key, terms, plan, booked_on, activity, funder)
        opened = partial(Ledger.open, contract.id, contract.key, plan, who.name)
        ledger = self._writable(ledger_id(contract.id, plan), Ledger, opened, expected_version)
        entry = ledger.book(booked_on, amount_ore, activity, funder, text, voucher, who.name)
        return entry, self._save(ledger, subject=ledger)

    @use_case
    def correct_expense(
        self,
        key: str,
        plan: str,
        entry: int,
        booked_on: date,
        amount_ore: int,
        reason: str,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:
        """Take part of a booked expense off it (up to what remains of it) by a counter-entry dated on or after it."""
        who = acting(actor)
        contract = self._contract(key, "read")
        require_book(who, contract.terms(booked_on), key, plan)
        ledger = self._booked(key, contract.id, plan, expected_version)
        number = ledger.correct(entry, booked_on, amount_ore, reason, who.name)
        return number, self._save(ledger, subject=ledger)

    @use_case
    def reverse_expense(
        self,
        key: str,
        plan: str,
        entry: int,
        booked_on: date,
        reason: str,
        actor: Actor | str,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:
        """Reverse what remains of a booked expense by a counter-entry dated on or after it (any day: the plan may
        have ended)."""
        who = acting(actor)
        contract = self._contract(key, "read")
        require_book(who, contract.terms(booked_on), key, plan)
        ledger = self._booked(key, contract.id, plan, expected_version)
        number = ledger.reverse(entry, booked_on, reason, who.name)
        return number, self._save(ledger, subject=ledger)

    def _booked(self, key: str, contract: UUID, plan: str, expected_version: int | None) -> Ledger:
        """A plan's ledger to write a counter-entry on: refused before its first entry."""
        ledger = self._maybe(ledger_id(contract, plan), Ledger, "write")
        if ledger is None:
            raise NothingBookedError(key, plan)
        return current(ledger, expected_version)

    def get_ledger(self, key: str, plan: str) -> Ledger | None:
        """A plan's ledger, or None before its first entry."""
        return self._maybe(ledger_id(contract_id(key), plan), Ledger)


def check_expense(
    key: str, terms: ContractTerms, plan: str, booked_on: date, activity: str | None, funder: str | None
) -> Plan:
    """An expense is booked on a plan of the contract, dated within the plan's period, for one of the
    contract's activities and one of the plan's funders (when it names them)."""
    found = next((p for p in terms.plans if p.key == plan), None)
    if found is None:
        raise PlanNotFoundError(key, plan)
    period = found.period
    if booked_on < period.start or (period.end is not None and booked_on > period.end):
        raise ExpenseOutsidePlanPeriodError(plan, booked_on, period.start, period.end)
    if activity is not None and activity not in {a.key for a in terms.activities}:
        raise UnknownActivityError(key, activity)
    funders: list[str] = [f.funder for f in found.budget_frame.funders]
    if funder is not None and funders and funder not in funders:
        raise FunderNotOfPlanError(funder, plan, funders)
    return found
