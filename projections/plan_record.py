"""One record per plan, folded from its events and its co-financing ledger's: pure, no clock, no aggregates."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from domain.cofinancing import Cofinancing
from domain.plan import ComprehensivePlan


class StatusRow(TypedDict):
    status: str
    on: str
    reference: str
    actor: str


class UseRow(TypedDict):
    use: int
    amount_ore: int
    purpose: str
    requested_on: str
    actor: str
    approvals: dict[str, dict[str, Any]]
    used_on: str | None


class PlanRecord(TypedDict):
    key: str
    terms: dict[str, Any]
    origin: str
    statuses: list[StatusRow]
    payments: list[dict[str, Any]]
    transfers: list[dict[str, Any]]
    uses: dict[int, UseRow]


def empty(key: str) -> PlanRecord:
    return {"key": key, "terms": {}, "origin": "", "statuses": [], "payments": [], "transfers": [], "uses": {}}


def fold(key: str, events: list[Any], known_at: datetime | None = None) -> PlanRecord:
    """The plan's record from its events and its ledger's (those recorded by ``known_at``, when given)."""
    record = empty(key)
    for event in events:
        if known_at is None or event.timestamp <= known_at:
            evolve(record, event)
    return record


def evolve(r: PlanRecord, e: Any) -> PlanRecord:
    """The record after one event (updated in place and returned)."""
    handler = _HANDLERS.get(type(e))
    if handler is not None:
        handler(r, e)
    return r


def _terms(r: PlanRecord, e: Any) -> None:
    r["terms"], r["origin"] = dict(e.terms), e.origin


def _status(r: PlanRecord, e: ComprehensivePlan.StatusChanged) -> None:
    r["statuses"].append({"status": e.status, "on": e.on.isoformat(), "reference": e.reference, "actor": e.actor})


def _payment(r: PlanRecord, e: Cofinancing.PaymentReceived) -> None:
    r["payments"].append(
        {"number": e.number, "funder": e.funder, "payer": e.payer, "received_on": e.received_on.isoformat(),
         "amount_ore": e.amount_ore, "reference": e.reference, "actor": e.actor}
    )  # fmt: skip


def _transfer(r: PlanRecord, e: Cofinancing.UnspentTransferred) -> None:
    r["transfers"].append({"on": e.transferred_on.isoformat(), "amounts": dict(e.amounts), "actor": e.actor})


def _requested(r: PlanRecord, e: Cofinancing.RegulationUseRequested) -> None:
    r["uses"][e.use] = {
        "use": e.use, "amount_ore": e.amount_ore, "purpose": e.purpose, "requested_on": e.requested_on.isoformat(),
        "actor": e.actor, "approvals": {}, "used_on": None,
    }  # fmt: skip


def _approved(r: PlanRecord, e: Cofinancing.RegulationUseApproved) -> None:
    r["uses"][e.use]["approvals"][e.approver] = {
        "approver": e.approver, "approved_by": e.approved_by, "approved_on": e.approved_on.isoformat(),
        "reference": e.reference, "actor": e.actor,
        "decision": {"decided_by": e.decided_by, "decided_on": e.decided_on.isoformat(),
                     "reference": e.decision_reference},
    }  # fmt: skip


def _used(r: PlanRecord, e: Cofinancing.RegulationFundsUsed) -> None:
    r["uses"][e.use]["used_on"] = e.used_on.isoformat()


_HANDLERS: dict[type[Any], Any] = {
    ComprehensivePlan.Registered: _terms,
    ComprehensivePlan.TermsChanged: _terms,
    ComprehensivePlan.StatusChanged: _status,
    Cofinancing.PaymentReceived: _payment,
    Cofinancing.UnspentTransferred: _transfer,
    Cofinancing.RegulationUseRequested: _requested,
    Cofinancing.RegulationUseApproved: _approved,
    Cofinancing.RegulationFundsUsed: _used,
}
