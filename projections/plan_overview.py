"""What a plan holds on a date: status, lineage, the contracts and activities under it, the budget across them."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.plan import status_name
from domain.plan_terms import PlanTerms
from projections import budget_use, contract_directory
from projections.plan_record import PlanRecord
from projections.record_shape import Record
from projections.terms_cache import terms_on


def status_on(plan: PlanRecord, as_of: date) -> dict[str, Any] | None:
    """The latest status reached on or before ``as_of`` (None before the first)."""
    reached = [s for s in plan["statuses"] if s["on"] <= as_of.isoformat()]
    return dict(reached[-1]) | {"name": status_name(reached[-1]["status"])} if reached else None


def contracts_under(plan: PlanRecord, records: list[Record], as_of: date) -> list[Record]:
    """The contracts that reference the plan on ``as_of`` (by the key of a plan in their terms), in key order."""
    found = [r for r in records if r["key"] and plan["key"] in {p.key for p in terms_on(r, as_of).plans}]
    return sorted(found, key=lambda r: r["key"] or "")


def plan_overview(plan: PlanRecord, records: list[Record], plans: list[PlanRecord], as_of: date) -> dict[str, Any]:
    """The plan page's answer: terms, status, lineage, contracts with activities and budget, and the totals."""
    terms = PlanTerms.model_validate(plan["terms"])
    contracts = [_contract_row(plan["key"], r, as_of) for r in contracts_under(plan, records, as_of)]
    totals = {k: sum(c["budget"][k] for c in contracts) for k in ("frame", "allocated", "spent")}
    frame = terms.budget_frame.total if terms.budget_frame.total is not None else totals["frame"]
    return {
        "key": plan["key"],
        "as_of": as_of.isoformat(),
        "terms": plan["terms"],
        "origin": plan["origin"],
        "status": status_on(plan, as_of),
        "statuses": [dict(s) | {"name": status_name(s["status"])} for s in plan["statuses"]],
        "lineage": lineage(plan, plans),
        "focus_areas": _focus_areas(terms, contracts),
        "contracts": contracts,
        "budget": {
            "plan_frame": frame,
            "frame_given": terms.budget_frame.total is not None,
            "contract_frames": totals["frame"],
            "allocated": totals["allocated"],
            "spent": totals["spent"],
            "remaining": frame - totals["spent"],
            "percent_used": budget_use.percent_used(totals["spent"], frame),
        },
    }


def _contract_row(plan: str, record: Record, as_of: date) -> dict[str, Any]:
    terms = terms_on(record, as_of)
    use = next(u for u in budget_use.budget_use(record, as_of) if u["plan"] == plan)
    entry = contract_directory.entry(record, as_of)
    return {
        "key": record["key"],
        "title": entry["title"],
        "focus_area": entry["focus_area"],
        "status": entry["status"],
        "activities": [{"key": a.key, "name": a.name} for a in terms.activities],
        "budget": {k: use[k] for k in ("frame", "allocated", "spent", "remaining", "percent_used")},
        "by_funder": use["by_funder"],
    }


def _focus_areas(terms: PlanTerms, contracts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each focus area with its target groups, its own activities and the contracts under it (by the plan file's
    list, or by the contract's focus area when the file names none)."""
    recorded = {c["key"] for c in contracts}
    return [
        {
            "name": area.name,
            "target_groups": list(area.target_groups),
            "activities": [a.model_dump(mode="json") for a in area.activities],
            "contracts": sorted(
                {k for k in area.contracts if k in recorded}
                | {c["key"] for c in contracts if c["focus_area"] == area.name}
            ),
            "contracts_not_recorded": [k for k in area.contracts if k not in recorded],
        }
        for area in terms.focus_areas
    ]


def lineage(plan: PlanRecord, plans: list[PlanRecord]) -> dict[str, list[dict[str, Any]]]:
    """The plan's predecessors (as it names them) and successors (the plans naming it), each with its name and
    period when recorded; a predecessor not recorded is listed by its key alone."""
    by_key = {p["key"]: p for p in plans}
    named = plan["terms"].get("predecessors", [])
    successors = [p["key"] for p in plans if plan["key"] in p["terms"].get("predecessors", [])]
    return {
        "predecessors": [_link(k, by_key.get(k)) for k in named],
        "successors": [_link(k, by_key[k]) for k in sorted(successors)],
    }


def _link(key: str, plan: PlanRecord | None) -> dict[str, Any]:
    if plan is None:
        return {"key": key, "name": None, "period": None, "recorded": False}
    return {"key": key, "name": plan["terms"]["name"], "period": plan["terms"]["period"], "recorded": True}


def plan_list(plans: list[PlanRecord], records: list[Record], as_of: date) -> list[dict[str, Any]]:
    """Every plan with its period, programme, status and how many contracts reference it."""
    rows = []
    for plan in plans:
        terms = plan["terms"]
        status = status_on(plan, as_of)
        rows.append(
            {
                "key": plan["key"],
                "name": terms["name"],
                "example": terms.get("example", False),
                "period": terms["period"],
                "programme": terms.get("programme"),
                "status": status["status"] if status else None,
                "status_name": status_name(status["status"] if status else None),
                "contracts": len(contracts_under(plan, records, as_of)),
            }
        )
    return rows
