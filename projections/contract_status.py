"""Everything about one contract on a date: its entry, obligations, meetings, budget use and goals."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections import budget_use, contract_directory, goal_progress, obligation_status, overdue_meetings
from projections.record_shape import Record


def contract_status(record: Record, as_of: date) -> dict[str, Any]:
    """The answers of every question about one contract on ``as_of`` (the API's, CLI's and web's status)."""
    meetings = overdue_meetings.compliance(record, as_of)
    return {
        "contract": contract_directory.entry(record, as_of),
        "as_of": as_of.isoformat(),
        "obligations": obligation_status.status(record, as_of),
        "meetings": meetings,
        "overdue_meetings": overdue_meetings.overdue_in(record, meetings),
        "budget": budget_use.budget_use(record, as_of),
        "goals": goal_progress.goal_progress(record, as_of),
    }
