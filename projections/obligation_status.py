"""Which obligations are met: every occurrence of every responsibility, and its state on a date.

State on ``as_of``: ``met`` (fulfilled on or before it), ``waived``, ``overdue`` (due before it and
not met), ``due_soon`` (due within ``DUE_SOON_DAYS``), ``open`` (due later). "% met" counts the
occurrences due by ``as_of`` that are met, waived ones left out.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from domain.duties import frequency_of
from projections.contract_record import Record, governs
from projections.terms_cache import expected, segments

DUE_SOON_DAYS = 30
HORIZON = timedelta(days=366)


def occurrences(record: Record, until: date) -> list[dict[str, Any]]:
    """All expected occurrences due by ``until``, each with how it was settled (if it was)."""
    rows = []
    settled = record["settlements"]
    for start, end, terms in segments(record):
        for activity in terms.activities:
            for duty in activity.responsibilities:
                frequency, starts = frequency_of(terms, duty)
                for occurrence in expected(terms, frequency, starts, until):
                    if not governs((start, end), occurrence.due):
                        continue  # another version of the rule governs this due date
                    rows.append(
                        {
                            "contract": record["key"],
                            "activity": activity.key,
                            "responsibility": duty.key,
                            "party": duty.party,
                            "description": duty.description,
                            "window_start": occurrence.window_start.isoformat(),
                            "due": occurrence.due.isoformat(),
                            "settlement": settled.get(duty.key, {}).get(occurrence.due.isoformat()),
                        }
                    )
    return sorted(rows, key=lambda r: (r["due"], r["activity"], r["responsibility"]))


def state(row: dict[str, Any], as_of: date) -> str:
    settlement = row["settlement"]
    if settlement and settlement["kind"] == "waived":
        return "waived"
    if settlement and date.fromisoformat(settlement["day"]) <= as_of:
        return "met"
    due = date.fromisoformat(row["due"])
    if due < as_of:
        return "overdue"
    return "due_soon" if due <= as_of + timedelta(days=DUE_SOON_DAYS) else "open"


def status(record: Record, as_of: date) -> dict[str, Any]:
    """Every occurrence with its state on ``as_of``, and counts per contract, party and activity."""
    rows = [{**row, "state": state(row, as_of)} for row in occurrences(record, as_of + HORIZON)]
    return {
        "as_of": as_of.isoformat(),
        "occurrences": rows,
        "totals": _counts(rows),
        "by_party": {p: _counts([r for r in rows if r["party"] == p]) for p in sorted({r["party"] for r in rows})},
        "by_activity": {
            a: _counts([r for r in rows if r["activity"] == a]) for a in sorted({r["activity"] for r in rows})
        },
    }


def _counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(r["state"] for r in rows)
    due = counts["met"] + counts["overdue"]
    return {
        "met": counts["met"],
        "overdue": counts["overdue"],
        "due_soon": counts["due_soon"],
        "open": counts["open"],
        "waived": counts["waived"],
        "percent_met": round(100 * counts["met"] / due, 1) if due else None,
    }
