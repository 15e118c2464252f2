"""A plan's co-financing ledger: payments in per funder, unspent funds moved to the regulation account at the
period end, and uses of that account, each spent only once the municipality and Landsbyggefonden both approved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import bounds
from domain.cofinancing_errors import (
    ApprovalBeforeRequestError,
    ApprovalDecisionRequiredError,
    PaymentNotPositiveError,
    RegulationAlreadyApprovedError,
    RegulationApprovalsMissingError,
    RegulationFundsShortError,
    RegulationUseAlreadySpentError,
    RegulationUseNotFoundError,
    UnspentAlreadyTransferredError,
    UseBeforeApprovalError,
)
from domain.decisions import missing_parts
from domain.versions import Decision

_NAMESPACE = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/plan-cofinancing")
Funder = Literal["lbf", "municipality", "housing_organisations"]
Approver = Literal["municipality", "lbf"]
APPROVERS: tuple[Approver, ...] = ("municipality", "lbf")


def cofinancing_id(plan: str) -> UUID:
    return uuid5(_NAMESPACE, plan)


@dataclass(frozen=True)
class Transfer:
    on: date
    amounts: dict[str, int]


@dataclass(frozen=True)
class Approval:
    approver: str
    approved_by: str
    approved_on: date
    reference: str
    decision: Decision
    actor: str


@dataclass
class RegulationUse:
    number: int
    amount_ore: int
    purpose: str
    requested_on: date
    actor: str
    approvals: dict[str, Approval] = field(default_factory=dict)
    used_on: date | None = None


class Cofinancing(Aggregate):
    """The money a plan's funders paid in and what became of what was left unspent."""

    TOPIC = "forum:plan-cofinancing"

    class Event(Aggregate.Event):
        TOPIC = "forum:plan-cofinancing-event"

    class Opened(Aggregate.Created):
        TOPIC = "forum:plan-cofinancing-opened"
        plan: str
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            ledger.plan = self.plan
            ledger.payments, ledger.transfers, ledger.uses = [], [], {}

    class PaymentReceived(Event):
        """A funder's payment in: who paid (``payer``), the day, the amount in øre and its reference."""

        TOPIC = "forum:plan-payment-received"
        number: int
        funder: str
        payer: str
        received_on: date
        amount_ore: int
        reference: str
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            ledger.payments.append(self.amount_ore)  # the views keep the rest

    class UnspentTransferred(Event):
        """At the period's end: each funder's unspent balance moved to the regulation account (øre per funder)."""

        TOPIC = "forum:plan-unspent-transferred"
        transferred_on: date
        amounts: dict[str, int]
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            ledger.transfers.append(Transfer(self.transferred_on, dict(self.amounts)))

    class RegulationUseRequested(Event):
        TOPIC = "forum:plan-regulation-use-requested"
        use: int
        amount_ore: int
        purpose: str
        requested_on: date
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            use = RegulationUse(self.use, self.amount_ore, self.purpose, self.requested_on, self.actor)
            ledger.uses[self.use] = use

    class RegulationUseApproved(Event):
        """One of the two approvals a use needs: by whom, when, its reference, and the forum decision behind it."""

        TOPIC = "forum:plan-regulation-use-approved"
        use: int
        approver: str
        approved_by: str
        approved_on: date
        reference: str
        decided_by: str
        decided_on: date
        decision_reference: str
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            decision = Decision(self.decided_by, self.decided_on, self.decision_reference)
            ledger.uses[self.use].approvals[self.approver] = Approval(
                self.approver, self.approved_by, self.approved_on, self.reference, decision, self.actor
            )

    class RegulationFundsUsed(Event):
        TOPIC = "forum:plan-regulation-funds-used"
        use: int
        used_on: date
        actor: str

        def apply(self, ledger: Cofinancing) -> None:
            ledger.uses[self.use].used_on = self.used_on

    plan: str
    payments: list[int]  # øre, payment n is payments[n - 1]
    transfers: list[Transfer]
    uses: dict[int, RegulationUse]

    def __init__(self) -> None:
        """State is set by the Opened event's apply()."""

    @classmethod
    def open(cls, plan: str, actor: str) -> Cofinancing:
        return cls._create(cls.Opened, id=cofinancing_id(plan), plan=plan, actor=actor)

    def receive(
        self, funder: Funder, payer: str, received_on: date, amount_ore: int, reference: str, actor: str
    ) -> int:
        """Record a payment in from a funder; returns its number."""
        _positive(amount_ore)
        bounds.day(received_on, "received_on")
        for value, name in ((payer, "payer"), (reference, "reference"), (actor, "actor")):
            bounds.name(value, name)
        number = len(self.payments) + 1
        self.trigger_event(
            self.PaymentReceived, number=number, funder=funder, payer=payer, received_on=received_on,
            amount_ore=amount_ore, reference=reference, actor=actor,
        )  # fmt: skip
        return number

    def transfer_unspent(self, on: date, amounts: dict[str, int], actor: str) -> None:
        """Move each funder's unspent balance (computed by the caller at the period's end) to the regulation
        account, once."""
        bounds.day(on, "transferred_on")
        if self.transfers:
            raise UnspentAlreadyTransferredError(self.plan, self.transfers[0].on)
        for funder, amount in amounts.items():
            bounds.amount(amount, funder)
        self.trigger_event(self.UnspentTransferred, transferred_on=on, amounts=amounts, actor=actor)

    def request_use(self, amount_ore: int, purpose: str, on: date, actor: str) -> int:
        """Ask to spend an amount from the regulation account; returns the use's number."""
        _positive(amount_ore)
        bounds.text(purpose, "purpose")
        bounds.day(on, "requested_on")
        available = self.regulation_ore() - sum(u.amount_ore for u in self.uses.values())
        if amount_ore > available:
            raise RegulationFundsShortError(self.plan, amount_ore, available)
        number = len(self.uses) + 1
        self.trigger_event(
            self.RegulationUseRequested, use=number, amount_ore=amount_ore, purpose=purpose, requested_on=on,
            actor=actor,
        )  # fmt: skip
        return number

    def approve_use(
        self, use: int, approver: Approver, approved_by: str, approved_on: date, reference: str, decision: Decision,
        actor: str,
    ) -> None:  # fmt: skip
        """Record the municipality's or Landsbyggefonden's approval of a use, on a forum decision."""
        found = self._use(use)
        bounds.day(approved_on, "approved_on")
        for value, name in ((approved_by, "approved_by"), (reference, "reference"), (actor, "actor")):
            bounds.name(value, name)
        missing = missing_parts(decision)
        if missing:
            raise ApprovalDecisionRequiredError(self.plan, use, missing)
        decision.check_bounds()
        if approver in found.approvals:
            raise RegulationAlreadyApprovedError(self.plan, use, approver)
        if approved_on < found.requested_on:
            raise ApprovalBeforeRequestError(self.plan, use, approved_on)
        self.trigger_event(
            self.RegulationUseApproved, use=use, approver=approver, approved_by=approved_by, approved_on=approved_on,
            reference=reference, decided_by=decision.decided_by, decided_on=decision.decided_on,
            decision_reference=decision.reference or "", actor=actor,
        )  # fmt: skip

    def use_funds(self, use: int, on: date, actor: str) -> None:
        """Spend an approved use: refused until both the municipality and Landsbyggefonden have approved it."""
        found = self._use(use)
        bounds.day(on, "used_on")
        missing: list[str] = [a for a in APPROVERS if a not in found.approvals]
        if missing:
            raise RegulationApprovalsMissingError(self.plan, use, missing)
        if found.used_on is not None:
            raise RegulationUseAlreadySpentError(self.plan, use)
        latest = max(a.approved_on for a in found.approvals.values())
        if on < latest:
            raise UseBeforeApprovalError(self.plan, use, on, latest)
        self.trigger_event(self.RegulationFundsUsed, use=use, used_on=on, actor=actor)

    def regulation_ore(self) -> int:
        """Everything ever moved to the regulation account."""
        return sum(sum(t.amounts.values()) for t in self.transfers)

    def _use(self, use: int) -> RegulationUse:
        if use not in self.uses:
            raise RegulationUseNotFoundError(self.plan, use)
        return self.uses[use]


def _positive(amount_ore: int) -> None:
    if isinstance(amount_ore, int) and not isinstance(amount_ore, bool) and amount_ore <= 0:
        raise PaymentNotPositiveError()
    bounds.amount(amount_ore, "amount")
