"""How much of each budget frame is used: per plan, funder and activity, in exact øre."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from domain.money import format_kroner, split_by_shares
from domain.terms import BudgetFrame, Plan
from projections.record_shape import LedgerEntry, Record
from projections.terms_cache import terms_on

TENTH = Decimal("0.1")


def percent_used(spent: int, frame: int | None) -> float | None:
    """Spent as a percentage of the frame to one decimal (None without a frame), exact: half to even."""
    if not frame:
        return None
    return float((Decimal(100 * spent) / frame).quantize(TENTH))


def budget_use(record: Record, as_of: date) -> list[dict[str, Any]]:
    """Each plan's budget use on ``as_of``.

    Entries count when booked on or before ``as_of``; a correction or reversal counts from its own date.
    An expense booked without a funder is attributed to the plan's funders by their shares (largest
    remainder in øre, so the parts add up to it), unless the plan's frame says ``unassigned_expenses:
    unassigned``; the shares and that choice are those in force on the day the expense was booked.
    Monthly burn is the spending per calendar month; the projection at period end adds the average
    monthly spending so far (from the plan's start to ``as_of``) for each remaining month.
    Overspending and over-allocation are flagged, never hidden.
    """
    terms, day = terms_on(record, as_of), as_of.isoformat()
    plans = []
    for plan in terms.plans:
        frame = plan.budget_frame
        ledger = record["ledgers"].get(plan.key, [])
        entries = [e for e in ledger if e["booked_on"] <= day]
        booked = sum(e["amount_ore"] for e in entries if e["reverses"] is None and "corrects" not in e)
        corrected = -sum(e["amount_ore"] for e in entries if "corrects" in e)
        reversed_ = -sum(e["amount_ore"] for e in entries if e["reverses"] is not None)
        spent = booked - corrected - reversed_
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
                "corrected": corrected,
                "reversed": reversed_,
                "spent": spent,
                "remaining": frame.total - spent,
                "percent_used": percent_used(spent, frame.total),
                "monthly_burn": monthly,
                "projected_at_period_end": projected,
                "overspent": spent > frame.total,
                "over_allocated": allocated > frame.total,
                "unassigned_expenses": frame.unassigned_expenses,
                "by_funder": _by_funder(record, plan, ledger, day),
                "by_activity": _by_activity(plan, entries, {a.key: a.name for a in terms.activities}),
                "period_start": plan.period.start.isoformat(),
                "period_end": plan.period.end.isoformat() if plan.period.end else None,
                "as_of": day,
                "text": f"{format_kroner(spent)} af {format_kroner(frame.total)}",
            }
        )
    return plans


def _by_funder(record: Record, plan: Plan, ledger: list[LedgerEntry], day: str) -> list[dict[str, Any]]:
    """Spent per funder: booked with the funder, plus its share of what was booked without one ("fordelt efter
    finansieringsandele"); what stays unattributed is a row without a funder."""
    direct: dict[str | None, int] = defaultdict(int)
    shared: dict[str | None, int] = defaultdict(int)
    for funder, amount, by_shares in _attributed(record, plan, ledger, day):
        (shared if by_shares else direct)[funder] += amount
    shares = plan.budget_frame.funders
    frames = split_by_shares(plan.budget_frame.total, [s.percent for s in shares])
    rows = [_funder_row(s.funder, frame, direct, shared) for s, frame in zip(shares, frames, strict=True)]
    rows += [_funder_row(f, None, direct, shared) for f in [*direct, *shared] if f not in {s.funder for s in shares}]
    return list({row["funder"]: row for row in rows}.values())


def _funder_row(
    funder: str | None, frame: int | None, direct: dict[str | None, int], shared: dict[str | None, int]
) -> dict[str, Any]:
    spent = direct.get(funder, 0) + shared.get(funder, 0)
    return {
        "funder": funder,
        "frame": frame,
        "spent": spent,
        "remaining": frame - spent if frame is not None else None,
        "by_shares": shared.get(funder, 0),
    }


def _attributed(record: Record, plan: Plan, ledger: list[LedgerEntry], day: str) -> list[tuple[str | None, int, bool]]:
    """(funder, amount, whether by shares) for what remains on ``day`` of each expense: its amount less the
    corrections and reversal booked by then, shared out as its plan's frame said on the day it was booked."""
    net: dict[int, int] = defaultdict(int)
    for number, e in enumerate(ledger, 1):
        if e["booked_on"] <= day:
            net[e["reverses"] or e.get("corrects") or number] += e["amount_ore"]
    parts: list[tuple[str | None, int, bool]] = []
    for number, amount in net.items():
        expense = ledger[number - 1]
        frame = _frame_on(record, plan, expense["booked_on"])
        if expense["funder"] is not None or frame.unassigned_expenses == "unassigned" or not frame.funders:
            parts.append((expense["funder"], amount, False))
            continue
        split = split_by_shares(amount, [s.percent for s in frame.funders])
        parts += [(s.funder, part, True) for s, part in zip(frame.funders, split, strict=True)]
    return parts


def _frame_on(record: Record, plan: Plan, day: str) -> BudgetFrame:
    """The plan's budget frame as in force on ``day`` (the plan as of the question when it had none then)."""
    terms = terms_on(record, date.fromisoformat(day))
    return next((p.budget_frame for p in terms.plans if p.key == plan.key), plan.budget_frame)


def _by_activity(plan: Plan, entries: list[LedgerEntry], names: dict[str, str]) -> list[dict[str, Any]]:
    """Allocated and spent per activity (the allocations first); an activity no longer in the terms keeps its key
    as its name, spending without an activity has neither."""
    spent: dict[str | None, int] = defaultdict(int)
    for e in entries:
        spent[e["activity"]] += e["amount_ore"]
    allocations: dict[str | None, int] = {a.activity: a.amount for a in plan.budget_frame.allocations}
    keys = list(allocations) + [k for k in spent if k not in allocations]
    return [
        {
            "activity": k,
            "activity_name": names.get(k, k) if k is not None else None,
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
