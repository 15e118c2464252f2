"""Which meetings are overdue: each cadence's windows, the meetings in them, and compliance per year.

A window is met by a meeting of the cadence held within it (on or before ``as_of``). It is
overdue when it ended before ``as_of`` without one. "Efter behov" cadences have no windows and
are never overdue. A revised cadence governs the windows due from its effective date.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.duties import expected
from projections.contract_record import Record, governs, rule_segments

HORIZON = timedelta(days=366)  # windows this far past as_of are listed, so the next due date is known


def compliance(record: Record, as_of: date) -> list[dict[str, Any]]:
    """Per cadence: windows with their meetings, overdue windows, next due date, compliance per year."""
    meetings = record["meetings"].values()
    cadences: dict[str, dict[str, Any]] = {}
    for start, end, terms in rule_segments(record):
        for activity in terms.activities:
            for cadence in activity.cadences:
                entry = cadences.setdefault(
                    cadence.key,
                    {"cadence": cadence.key, "activity": activity.key, "windows": []},
                )
                entry.update(
                    name=cadence.name, frequency=cadence.frequency.describe(), conveners=list(cadence.conveners)
                )
                until = max(as_of, terms.period.start) + HORIZON
                for occurrence in expected(terms, cadence.frequency, cadence.starts, until):
                    if not governs((start, end), occurrence.due):
                        continue
                    entry["windows"].append(
                        _window(occurrence.window_start, occurrence.due, cadence.key, meetings, as_of)
                    )
    return [_summary(entry, meetings, as_of) for entry in cadences.values()]


def overdue(record: Record, as_of: date) -> list[dict[str, Any]]:
    """The overdue windows of one contract on ``as_of``."""
    return [
        {"contract": record["key"], "cadence": c["cadence"], "name": c["name"], "conveners": c["conveners"], **w}
        for c in compliance(record, as_of)
        for w in c["windows"]
        if w["state"] == "overdue"
    ]


def _window(start: date, due: date, cadence: str, meetings: Any, as_of: date) -> dict[str, Any]:
    inside = [m for m in meetings if m["cadence"] == cadence and start <= date.fromisoformat(m["on"]) <= due]
    held = [m for m in inside if m["state"] == "held" and date.fromisoformat(m["on"]) <= as_of]
    if held:
        state = "met"
    elif due < as_of:
        state = "overdue"
    else:
        state = "open"
    return {
        "window_start": start.isoformat(),
        "due": due.isoformat(),
        "state": state,
        "held": sorted(m["on"] for m in held),
        "scheduled": sorted(m["on"] for m in inside if m["state"] == "scheduled"),
        "cancelled": sum(1 for m in inside if m["state"] == "cancelled"),
    }


def _summary(entry: dict[str, Any], meetings: Any, as_of: date) -> dict[str, Any]:
    windows = sorted(entry["windows"], key=lambda w: w["due"])
    years: dict[str, dict[str, int]] = {}
    for w in windows:
        if w["state"] == "open":
            continue
        year = years.setdefault(w["due"][:4], {"expected": 0, "met": 0})
        year["expected"] += 1
        year["met"] += w["state"] == "met"
    held = sorted(m["on"] for m in meetings if m["cadence"] == entry["cadence"] and m["state"] == "held")
    return {
        **entry,
        "windows": windows,
        "overdue": sum(1 for w in windows if w["state"] == "overdue"),
        "last_held": max((d for d in held if d <= as_of.isoformat()), default=None),
        "next_due": next((w["due"] for w in windows if w["state"] == "open"), None),
        "compliance_by_year": {
            y: {**c, "percent": round(100 * c["met"] / c["expected"], 1)} for y, c in sorted(years.items())
        },
    }
