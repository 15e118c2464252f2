"""Plan use cases: import plan files (and the plans contracts hold inline), move a plan's status, keep its
co-financing ledger (payments in, unspent funds to the regulation account, approved uses of it)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import EventSourcedLog
from eventsourcing.domain import DomainEvent
from eventsourcing.utils import register_topic

from domain.cofinancing import Approver, Cofinancing, Funder, cofinancing_id
from domain.cofinancing_errors import FunderNotOfPlanFrameError, TransferBeforePeriodEndError
from domain.permissions import Actor, acting, require_administer
from domain.plan import ComprehensivePlan, PlanNotRegisteredError, plan_id
from domain.plan_terms import PlanFile, Status, from_inline
from domain.terms import ContractTerms
from domain.use_cases.records import Outcome, Records, current, use_case
from domain.versions import Decision


class PlanListed(DomainEvent):
    """An entry in the log of all plans, written with each new plan."""

    TOPIC = "forum:plan-listed"
    key: str
    plan_id: UUID


register_topic(PlanListed.TOPIC, PlanListed)


class PlanUseCases(Records):
    """Plans and their co-financing."""

    plan_log: EventSourcedLog[PlanListed]

    def _stage_plans(
        self, plans: list[tuple[PlanFile, str]], contracts: list[tuple[str, ContractTerms]], actor: str
    ) -> list[Any]:
        """What importing plan files (and contract files' inline plans without a plan) records, not yet saved:
        the changed plans and the log entries of new ones. An inline plan becomes a plan of its own only when
        neither a plan file nor the store has one with its key; it is never changed by a contract again."""
        last = self.plan_log.get_last()
        entry = 1 if last is None else last.originator_version + 1
        staged: list[Any] = []
        for file, source in plans:
            plan = self._maybe(plan_id(file.key), ComprehensivePlan, "write")
            if plan is None:
                plan = ComprehensivePlan.register(file.key, file.terms(), source, actor)
                staged.append(self.plan_log.trigger_event(entry, key=file.key, plan_id=plan.id))
                entry += 1
            else:
                plan.change_terms(file.terms(), source, actor)
            for step in file.status[len(plan.statuses) :]:
                plan.change_status(step.status, step.on, step.reference, actor)
            staged.append(plan)
        named = {f.key for f, _ in plans}
        for contract, terms in contracts:
            for inline in terms.plans:
                if inline.key in named or self._exists(plan_id(inline.key)):
                    continue
                plan = ComprehensivePlan.register(inline.key, from_inline(inline), f"kontrakt {contract}", actor)
                staged += [plan, self.plan_log.trigger_event(entry, key=inline.key, plan_id=plan.id)]
                named.add(inline.key)
                entry += 1
        return [s for s in staged if not isinstance(s, ComprehensivePlan) or s.pending_events]

    @use_case
    def change_plan_status(
        self, key: str, status: Status, on: date, reference: str, actor: Actor | str,
        expected_version: int | None = None,
    ) -> Outcome:  # fmt: skip
        """Record that a plan reached its next status (prækvalifikation → godkendt → aktiv → afsluttet)."""
        who = acting(actor)
        require_administer(who, "ændre en helhedsplans status")
        plan = current(self._plan(key, "write"), expected_version)
        plan.change_status(status, on, reference, who.name)
        return self._save(plan, subject=plan)

    @use_case
    def record_payment(
        self, key: str, funder: Funder, payer: str, received_on: date, amount_ore: int, reference: str,
        actor: Actor | str, expected_version: int | None = None,
    ) -> tuple[int, Outcome]:  # fmt: skip
        """Record a funder's payment in to a plan; returns its number."""
        who = acting(actor)
        require_administer(who, "registrere indbetalinger")
        funders: list[str] = [f.funder for f in self._plan(key, "read").terms().budget_frame.funders]
        if funders and funder not in funders:
            raise FunderNotOfPlanFrameError(key, funder, funders)
        ledger = self._cofinancing(key, who.name, expected_version)
        number = ledger.receive(funder, payer, received_on, amount_ore, reference, who.name)
        return number, self._save(ledger, subject=ledger)

    @use_case
    def transfer_unspent(
        self, key: str, on: date, unspent: dict[str, int], actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Move each funder's unspent balance on ``on`` (after the plan's period) to the regulation account."""
        who = acting(actor)
        require_administer(who, "overføre ubrugte midler til reguleringskontoen")
        end = self._plan(key, "read").terms().period.end
        if end is None or on <= end:
            raise TransferBeforePeriodEndError(key, on, end or on)
        ledger = self._cofinancing(key, who.name, expected_version)
        ledger.transfer_unspent(on, {f: a for f, a in unspent.items() if a > 0}, who.name)
        return self._save(ledger, subject=ledger)

    @use_case
    def request_regulation_use(
        self, key: str, amount_ore: int, purpose: str, on: date, actor: Actor | str,
        expected_version: int | None = None,
    ) -> tuple[int, Outcome]:  # fmt: skip
        """Ask to spend part of the regulation account; returns the use's number."""
        who = acting(actor)
        require_administer(who, "søge om brug af reguleringskontoen")
        self._plan(key, "read")
        ledger = self._cofinancing(key, who.name, expected_version)
        number = ledger.request_use(amount_ore, purpose, on, who.name)
        return number, self._save(ledger, subject=ledger)

    @use_case
    def approve_regulation_use(
        self, key: str, use: int, approver: Approver, approved_by: str, approved_on: date, reference: str,
        decision: Decision, actor: Actor | str, expected_version: int | None = None,
    ) -> Outcome:  # fmt: skip
        """Record the municipality's or Landsbyggefonden's approval of a use, on a forum decision."""
        who = acting(actor)
        require_administer(who, "registrere godkendelser af reguleringskontoen")
        ledger = self._cofinancing(key, who.name, expected_version)
        ledger.approve_use(use, approver, approved_by, approved_on, reference, decision, who.name)
        return self._save(ledger, subject=ledger)

    @use_case
    def use_regulation_funds(
        self, key: str, use: int, on: date, actor: Actor | str, expected_version: int | None = None
    ) -> Outcome:
        """Spend an approved use of the regulation account (refused without both approvals)."""
        who = acting(actor)
        require_administer(who, "bruge reguleringskontoen")
        ledger = self._cofinancing(key, who.name, expected_version)
        ledger.use_funds(use, on, who.name)
        return self._save(ledger, subject=ledger)

    def get_plan(self, key: str) -> ComprehensivePlan:
        """The plan as stored now, for reading only."""
        return self._plan(key, "read")

    def get_cofinancing(self, key: str) -> Cofinancing | None:
        """The plan's co-financing ledger (None before its first payment)."""
        self._plan(key, "read")
        return self._maybe(cofinancing_id(key), Cofinancing, "read")

    def plan_keys(self) -> list[str]:
        """Every plan's key, in the order they were recorded."""
        return [e.key for e in self.plan_log.get()]

    def _plan(self, key: str, use: Any) -> ComprehensivePlan:
        plan = self._maybe(plan_id(key), ComprehensivePlan, use)
        if plan is None:
            raise PlanNotRegisteredError(key)
        return plan

    def _cofinancing(self, key: str, actor: str, expected_version: int | None) -> Cofinancing:
        """The plan's ledger to write, at the version the caller saw; opened (not yet saved) on first use."""
        self._plan(key, "read")
        return self._writable(cofinancing_id(key), Cofinancing, lambda: Cofinancing.open(key, actor), expected_version)
