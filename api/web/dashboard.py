"""What the overview and the contract page show, composed from the question modules for one date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections import budget_use, obligation_status, overdue_meetings
from projections.contract_record import terms_at
from projections.contract_status import contract_status
from projections.record_shape import Record


@dataclass(frozen=True)
class Wanted:
    """What the overview's filters keep beyond the directory's own: status as read, overdue only, the user's party,
    examples."""

    status: str | None = None
    overdue_only: bool = False
    party: str | None = None
    examples: bool = False

    def keeps(self, row: dict[str, Any]) -> bool:
        return (
            (self.status is None or row["status"] == self.status)
            and (not self.overdue_only or "unavailable" in row or _overdue(row) > 0)
            and (self.party is None or any(p["key"] == self.party for p in row["parties"]))
            and (self.examples or not row.get("example"))
        )


def _overdue(row: dict[str, Any]) -> int:
    return int(row["overdue_obligations"] + row["overdue_meetings"])


def stored_status(status: str | None) -> str | None:
    """The directory's own status filter for a status as read: 'afsluttet' also covers a run-out period (read)."""
    return None if status == "ended" else status


def most_urgent_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=_urgency)


def row(entry: dict[str, Any], record: Record, as_of: date) -> dict[str, Any]:
    """One contract's overview row; a signed contract whose period has run out reads "afsluttet" (README)."""
    entry = _as_read(entry, as_of)
    if "unavailable" in entry:  # its figures cannot be given: the row says why instead (first in the list)
        return {**entry, "percent_met": None, "overdue_obligations": 0, "due_soon": 0, "overdue_meetings": 0}
    totals = obligation_status.status(record, as_of)["totals"]
    plans = budget_use.budget_use(record, as_of)
    frame, spent = sum(p["frame"] for p in plans), sum(p["spent"] for p in plans)
    return {
        **entry,
        "percent_met": totals["percent_met"],
        "overdue_obligations": totals["overdue"],
        "due_soon": totals["due_soon"],
        "overdue_meetings": len(overdue_meetings.overdue(record, as_of)),
        "frame": frame,
        "spent": spent,
        "percent_used": budget_use.percent_used(spent, frame),
    }


def _as_read(entry: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The entry with ``period_over`` set when it is signed but its period ended before ``as_of``."""
    end = (entry.get("period") or {}).get("end")
    if entry.get("status") == "signed" and end and end < as_of.isoformat():
        return {**entry, "status": "ended", "period_over": end}
    return entry


def _urgency(row: dict[str, Any]) -> tuple[bool, bool, int, int, float, str]:
    """Real contracts before examples; within each, those whose figures are unavailable first, then most overdue,
    most due soon, the lowest share met."""
    met = row["percent_met"] if row["percent_met"] is not None else 100.0
    overdue = _overdue(row)
    return (bool(row.get("example")), "unavailable" not in row, -overdue, -row["due_soon"], met, row["key"])


def contract_page(record: Record, as_of: date) -> dict[str, Any]:
    """One contract on a date: parties, activities with duties and meetings, budget, goals."""
    terms = terms_at(record, as_of)
    status = contract_status(record, as_of)
    occurrences: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in status["obligations"]["occurrences"]:
        if row["state"] != "open":  # due later than the "due soon" horizon
            occurrences[row["responsibility"]].append(row)
    return {
        "entry": _as_read(status["contract"], as_of),
        "terms": terms,
        "parties": {p.key: p.name for p in terms.parties},
        "occurrences": occurrences,
        "totals": status["obligations"]["totals"],
        "cadences": {c["cadence"]: c for c in status["meetings"]},
        "budget": status["budget"],
        "goals": status["goals"],
        "scheduled": scheduled_meetings(record),
        **pressing_duties(status["obligations"]),
    }


PRESSING = ("overdue", "due_soon")


def pressing_duties(obligations: dict[str, Any]) -> dict[str, Any]:
    """Standing duties' pressing periods by responsibility, and every duty with a pressing occurrence or period:
    the contract page shows these open and folds the rest away."""
    standing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in obligations.get("standing", []):
        if row["state"] in PRESSING:
            standing[row["responsibility"]].append(row)
    pressing = {r["responsibility"] for r in obligations["occurrences"] if r["state"] in PRESSING}
    return {"standing": standing, "pressing": pressing | set(standing)}


def scheduled_meetings(record: Record) -> list[dict[str, Any]]:
    """The meetings in the calendar not yet held or cancelled, earliest first (with their ids)."""
    found = [{"id": k, **m} for k, m in record["meetings"].items() if m["state"] == "scheduled"]
    return sorted(found, key=lambda m: (m["on"], m["cadence"]))
