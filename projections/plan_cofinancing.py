"""A plan's co-financing on a date: paid in, spent and balance per funder, the regulation account and its uses."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from domain.versions import Decision
from projections import budget_use
from projections.plan_overview import contracts_under
from projections.plan_record import PlanRecord
from projections.record_shape import Record

FUNDERS = ("lbf", "municipality", "housing_organisations")


def spent_by_funder(plan: PlanRecord, records: list[Record], as_of: date) -> dict[str | None, int]:
    """The contracts' spending under the plan per funder on ``as_of``, as each contract's budget frame assigns it
    (an expense without a funder by the frame's shares, or kept apart under None when the frame says so)."""
    spent: dict[str | None, int] = defaultdict(int)
    for record in contracts_under(plan, records, as_of):
        use = next(u for u in budget_use.budget_use(record, as_of) if u["plan"] == plan["key"])
        for row in use["by_funder"]:
            spent[row["funder"]] += row["spent"]
    return dict(spent)


def cofinancing(plan: PlanRecord, records: list[Record], as_of: date) -> dict[str, Any]:
    """Per funder: paid in, spent, moved to the regulation account, and the balance (paid − spent − moved); the
    regulation account: moved in, uses (with both approvals) and what is left, all on ``as_of``."""
    day = as_of.isoformat()
    paid: dict[str | None, int] = defaultdict(int)
    for p in plan["payments"]:
        if p["received_on"] <= day:
            paid[p["funder"]] += p["amount_ore"]
    moved: dict[str | None, int] = defaultdict(int)
    for t in plan["transfers"]:
        if t["on"] <= day:
            for funder, amount in t["amounts"].items():
                moved[funder] += amount
    spent = spent_by_funder(plan, records, as_of)
    shares = [f["funder"] for f in plan["terms"].get("budget_frame", {}).get("funders", [])]
    funders = list(dict.fromkeys([*shares, *(f for f in FUNDERS if paid.get(f) or spent.get(f)), *spent]))
    rows = [
        {
            "funder": f,
            "paid": paid.get(f, 0),
            "spent": spent.get(f, 0),
            "transferred": moved.get(f, 0),
            "balance": paid.get(f, 0) - spent.get(f, 0) - moved.get(f, 0),
        }
        for f in funders
    ]
    uses = [_use_on(u, day) for u in plan["uses"].values() if u["requested_on"] <= day]
    used = sum(u["amount_ore"] for u in uses if u["used"])
    return {
        "plan": plan["key"],
        "as_of": day,
        "funders": rows,
        "payments": [p for p in plan["payments"] if p["received_on"] <= day],
        "total": {k: sum(r[k] for r in rows) for k in ("paid", "spent", "transferred", "balance")},
        "regulation_account": {
            "transferred": sum(moved.values()),
            "used": used,
            "balance": sum(moved.values()) - used,
            "transfers": [t for t in plan["transfers"] if t["on"] <= day],
            "uses": uses,
        },
    }


def unspent_on(plan: PlanRecord, records: list[Record], as_of: date) -> dict[str, int]:
    """What each funder has left on ``as_of`` (its balance, when positive): what moves to the regulation account."""
    rows = cofinancing(plan, records, as_of)["funders"]
    return {r["funder"]: r["balance"] for r in rows if r["funder"] is not None and r["balance"] > 0}


def _use_on(use: Any, day: str) -> dict[str, Any]:
    approvals = [a for a in use["approvals"].values() if a["approved_on"] <= day]
    return {
        **{k: use[k] for k in ("use", "amount_ore", "purpose", "requested_on", "actor")},
        "approvals": approvals,
        "approved": {a["approver"] for a in approvals} == {"municipality", "lbf"},
        "used": use["used_on"] is not None and use["used_on"] <= day,
        "used_on": use["used_on"] if use["used_on"] is not None and use["used_on"] <= day else None,
    }


def approvals_referencing(decision: Decision, plans: list[PlanRecord]) -> list[dict[str, Any]]:
    """Every regulation-account approval resting on the forum's ``decision`` (forum, day, reference), for the
    decision's page: the plan, the use, who approved, when and their reference."""
    day = decision.decided_on.isoformat() if decision.decided_on else None
    wanted = {"decided_by": decision.decided_by, "decided_on": day, "reference": decision.reference}
    return [a for a in all_approvals(plans) if a["decision"] == wanted]


def all_approvals(plans: list[PlanRecord]) -> list[dict[str, Any]]:
    """Every regulation-account approval in the plans, each with its plan, use, amount and purpose."""
    return [
        {"plan": p["key"], "plan_name": p["terms"].get("name"), "use": u["use"], "amount_ore": u["amount_ore"],
         "purpose": u["purpose"], **a}
        for p in plans
        for u in p["uses"].values()
        for a in u["approvals"].values()
    ]  # fmt: skip
