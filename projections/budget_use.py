"""How much of each budget frame is used: per plan, funder and activity, in exact øre.

Entries count when booked on or before ``as_of``. Monthly burn is the spending per calendar
month; the projection at period end adds the average monthly spending so far (from the
plan's start to ``as_of``) for each remaining month. Overspending and over-allocation are
flagged, never hidden.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from domain.budget import format_kroner
from domain.terms import Plan
from projections.record_shape import LedgerEntry, Record
from projections.terms_cache import terms_on

TENTH = Decimal("0.1")


def percent_used(spent: int, frame: int | None) -> float | None:
    """Spent as a percentage of the frame to one decimal (None without a frame), exact: half to even."""
    if not frame:
        return None
    return float((Decimal(100 * spent) / frame).quantize(TENTH))


def budget_use(record: Record, as_of: date) -> list[dict[str, Any]]:
    terms, day = terms_on(record, as_of), as_of.isoformat()
    plans = []
    for plan in terms.plans:
        frame = plan.budget_frame
        entries = [e for e in record["ledgers"].get(plan.key, []) if e["booked_on"] <= day]
        booked = sum(e["amount_ore"] for e in entries if e["amount_ore"] > 0)
        reversed_ = sum(e["amount_ore"] for e in entries if e["amount_ore"] < 0)
        spent = booked + reversed_
        allocated = sum(a.amount for a in frame.allocations)
        monthly = _monthly(entries)
        months_gone = _months(plan.period.start, min(as_of, plan.period.end or as_of))
        months_left = _months(as_of, plan.period.end) - 1 if plan.period.end and as_of < plan.period.end else 0
        projected = spent + (spent * months_left) // months_gone if months_gone else spent
        plans.append(
            {
                "plan": plan.key,
                "name": plan.name,
                "frame": frame.total,
                "allocated": allocated,
                "booked": booked,
                "reversed": -reversed_,
                "spent": spent,
                "remaining": frame.total - spent,
                "percent_used": percent_used(spent, frame.total),
                "monthly_burn": monthly,
                "projected_at_period_end": projected,
                "overspent": spent > frame.total,
                "over_allocated": allocated > frame.total,
                "by_funder": _by_funder(plan, entries),
                "by_activity": _by_activity(plan, entries),
                "text": f"{format_kroner(spent)} af {format_kroner(frame.total)}",
            }
        )
    return plans


def _by_funder(plan: Plan, entries: list[LedgerEntry]) -> list[dict[str, Any]]:
    spent: dict[str | None, int] = defaultdict(int)
    for e in entries:
        spent[e["funder"]] += e["amount_ore"]
    rows: list[dict[str, Any]] = []
    shares = plan.budget_frame.funders
    amounts = [plan.budget_frame.total * s.percent // 100 for s in shares]
    if amounts:
        amounts[0] += plan.budget_frame.total - sum(amounts)  # rounding remainder to the main funder
    for share, amount in zip(shares, amounts, strict=True):
        used = spent.pop(share.funder, 0)
        rows.append({"funder": share.funder, "frame": int(amount), "spent": used, "remaining": int(amount) - used})
    for funder, used in spent.items():
        rows.append({"funder": funder, "frame": None, "spent": used, "remaining": None})
    return rows


def _by_activity(plan: Plan, entries: list[LedgerEntry]) -> list[dict[str, Any]]:
    spent: dict[str | None, int] = defaultdict(int)
    for e in entries:
        spent[e["activity"]] += e["amount_ore"]
    allocations: dict[str | None, int] = {a.activity: a.amount for a in plan.budget_frame.allocations}
    keys = list(allocations) + [k for k in spent if k not in allocations]
    return [
        {
            "activity": k,
            "allocated": allocations.get(k),
            "spent": spent.get(k, 0),
            "over_allocation": k in allocations and spent.get(k, 0) > allocations[k],
        }
        for k in keys
    ]


def _monthly(entries: list[LedgerEntry]) -> dict[str, int]:
    months: dict[str, int] = defaultdict(int)
    for e in entries:
        months[e["booked_on"][:7]] += e["amount_ore"]
    return dict(sorted(months.items()))


def _months(start: date, end: date | None) -> int:
    """Calendar months from start's month to end's month, both included."""
    if end is None or end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1
