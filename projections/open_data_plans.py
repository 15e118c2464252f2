"""What the public may know about a helhedsplan: one release per fact of its log and its co-financing ledger's.

As for contracts (``projections/open_data.py``): OCDS in spirit, no person named – actors, payers and the
names of those who approved are left out (a funder, an approver's kind and references stand for them).
Every registered plan is published (a helhedsplan is a public document; examples say so in their record).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from domain.cofinancing import Cofinancing
from domain.plan import ComprehensivePlan
from projections.open_data import OCID_PREFIX
from projections.plan_record import PlanRecord

PLAN_PREFIX = f"{OCID_PREFIX}plan-"
"""A plan's id: ``ocds-forumtracker-plan-`` + its key (contract keys are published without ``plan-``)."""


def plan_ocid(key: str) -> str:
    return f"{PLAN_PREFIX}{key}"


def plan_releases(key: str, events: list[Any]) -> list[dict[str, Any]]:
    """Every release of the plan, oldest first (recorded time, then id), from its events and its ledger's."""
    plan = plan_ocid(key)
    found = [
        {"ocid": plan, "id": f"{plan}-{suffix}", "date": event.timestamp.isoformat(), **body}
        for event in events
        for suffix, body in _facts(event)
    ]
    return sorted(found, key=lambda r: (r["date"], r["id"]))


def _release(fact: str, tag: str, effective: date | str | None, body: dict[str, Any]) -> dict[str, Any]:
    day = effective.isoformat() if isinstance(effective, date) else effective
    return {"tag": [tag], "fact": fact, "effectiveDate": day, **body}


def _facts(e: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(e, ComprehensivePlan.Registered):
        yield "registered", _release("planRegistered", "planning", e.terms["period"]["start"], _summary(e.terms))
    elif isinstance(e, ComprehensivePlan.TermsChanged):
        yield f"terms-{e.originator_version}", _release("planChanged", "planningUpdate", None, _summary(e.terms))
    elif isinstance(e, ComprehensivePlan.StatusChanged):
        body: dict[str, Any] = {"status": e.status, "reference": e.reference}
        yield f"status-{e.originator_version}", _release("planStatus", "planningUpdate", e.on, body)
    elif isinstance(e, Cofinancing.PaymentReceived):
        money = {"funder": e.funder, "amountOre": e.amount_ore, "currency": "DKK", "reference": e.reference}
        yield f"payment-{e.number}", _release("paymentReceived", "implementation", e.received_on, {"payment": money})
    elif isinstance(e, Cofinancing.UnspentTransferred):
        body = {"amountsOre": dict(e.amounts)}
        yield "unspent-transferred", _release("unspentTransferred", "implementation", e.transferred_on, body)
    else:
        yield from _regulation_facts(e)


def _regulation_facts(e: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(e, Cofinancing.RegulationUseRequested):
        body = {"use": e.use, "amountOre": e.amount_ore, "purpose": e.purpose}
        yield f"use-{e.use}-requested", _release("regulationUseRequested", "implementation", e.requested_on, body)
    elif isinstance(e, Cofinancing.RegulationUseApproved):
        decision = {"decidedBy": e.decided_by, "decidedOn": e.decided_on.isoformat(), "reference": e.decision_reference}
        body = {"use": e.use, "approver": e.approver, "reference": e.reference, "decision": decision}
        yield (
            f"use-{e.use}-approved-{e.approver}",
            _release("regulationUseApproved", "implementation", e.approved_on, body),
        )
    elif isinstance(e, Cofinancing.RegulationFundsUsed):
        yield f"use-{e.use}-used", _release("regulationFundsUsed", "implementation", e.used_on, {"use": e.use})


def _summary(terms: dict[str, Any]) -> dict[str, Any]:
    """What a plan's release says of its terms: no persons are in them, but only the public outline is shown."""
    return {
        "plan": {
            "name": terms.get("name"),
            "programme": terms.get("programme"),
            "period": terms.get("period"),
            "example": bool(terms.get("example")),
        }
    }


def plan_compiled(record: PlanRecord, releases: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    """The plan's record: its releases' ids and the compiled release (its outline, status and money as of a day)."""
    terms, day = record["terms"], as_of.isoformat()
    statuses = [s for s in record["statuses"] if s["on"] <= day]
    paid: dict[str, int] = {}
    for payment in record["payments"]:
        if payment["received_on"] <= day:
            paid[payment["funder"]] = paid.get(payment["funder"], 0) + payment["amount_ore"]
    used = sum(u["amount_ore"] for u in record["uses"].values() if u["used_on"] and u["used_on"] <= day)
    moved = sum(sum(t["amounts"].values()) for t in record["transfers"] if t["on"] <= day)
    plan = {
        "id": record["key"],
        "name": terms.get("name"),
        "programme": terms.get("programme"),
        "period": terms.get("period"),
        "example": bool(terms.get("example")),
        "status": statuses[-1]["status"] if statuses else None,
        "housingOrganisations": [{"id": o["key"], "name": o["name"]} for o in terms.get("housing_organisations", [])],
        "focusAreas": [
            {
                "name": a["name"],
                "targetGroups": list(a.get("target_groups", [])),
                "contracts": list(a.get("contracts", [])),
            }
            for a in terms.get("focus_areas", [])
        ],
        "predecessors": list(terms.get("predecessors", [])),
    }
    money = {"paidOre": paid, "transferredOre": moved, "regulationUsedOre": used, "currency": "DKK"}
    ocid = plan_ocid(record["key"])
    compiled = {"ocid": ocid, "id": f"{ocid}-{day}", "date": releases[-1]["date"] if releases else None,
                "tag": ["compiled"], "plan": plan, "cofinancing": money}  # fmt: skip
    return {"ocid": ocid, "releases": [{"id": r["id"], "date": r["date"], "tag": r["tag"]} for r in releases],
            "compiledRelease": compiled}  # fmt: skip
