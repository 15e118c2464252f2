"""Which obligations are met: every occurrence of every responsibility, and its state on a date.

State on ``as_of``: ``met`` (fulfilled on or before it), ``waived``, ``overdue`` (due before it and
not met), ``due_soon`` (due within ``DUE_SOON_DAYS``), ``open`` (due later). "% met" counts the
occurrences due by ``as_of`` that are met, waived ones left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from domain.duties import frequency_of
from projections.contract_record import governs
from projections.record_shape import Record
from projections.standing_duties import include as _with_standing_duties
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
                done = settled.get(duty.key, {})
                for occurrence in expected(terms, frequency, starts, until):
                    if not governs((start, end), occurrence.due):
                        continue  # another version of the rule governs this due date
                    due = occurrence.due.isoformat()
                    rows.append(
                        {
                            "contract": record["key"],
                            "activity": activity.key,
                            "responsibility": duty.key,
                            "party": duty.party,
                            "description": duty.description,
                            "window_start": occurrence.window_start.isoformat(),
                            "due": due,
                            "settlement": done.get(due),
                        }
                    )
    return sorted(rows, key=lambda r: (r["due"], r["activity"], r["responsibility"]))


def state(row: dict[str, Any], as_of: date) -> str:
    return _state(row, as_of.isoformat(), (as_of + timedelta(days=DUE_SOON_DAYS)).isoformat())


def _state(row: dict[str, Any], today: str, soon: str) -> str:
    """``state`` with the dates as ISO text, as the rows hold them (ISO text sorts as dates do)."""
    settlement = row["settlement"]
    if settlement and settlement["kind"] == "waived":
        return "waived"
    if settlement and settlement["day"] <= today:
        return "met"
    if row["due"] < today:
        return "overdue"
    return "due_soon" if row["due"] <= soon else "open"


def status(record: Record, as_of: date) -> dict[str, Any]:
    """Every occurrence with its state on ``as_of``, and counts per contract, party and activity."""
    today, soon = as_of.isoformat(), (as_of + timedelta(days=DUE_SOON_DAYS)).isoformat()
    rows = occurrences(record, as_of + HORIZON)
    by_party: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_activity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["state"] = _state(row, today, soon)  # the rows are this call's own
        by_party[row["party"]].append(row)
        by_activity[row["activity"]].append(row)
    answer = {
        "as_of": today,
        "occurrences": rows,
        "totals": _counts(rows),
        "by_party": {p: _counts(by_party[p]) for p in sorted(by_party)},
        "by_activity": {a: _counts(by_activity[a]) for a in sorted(by_activity)},
    }
    return _with_standing_duties(record, as_of, answer)  # standing and as-needed duties: standing_duties.py


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
