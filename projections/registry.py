"""The questions the views answer, in the order a contract's status lists them; a new question is one line here."""

from __future__ import annotations

from typing import Any

from projections import budget_use, contract_directory, goal_progress, obligation_status, overdue_meetings
from projections.contract_record import Handler, handlers_for
from projections.question import DerivedTable, Question

QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in (
        Question("contract", ("lifecycle",), contract_directory.entry, contract_directory.DERIVED),
        Question("obligations", ("settlements", "attestations", "meetings", "lifecycle"), obligation_status.status),
        Question("meetings", ("meetings", "lifecycle"), overdue_meetings.compliance, overdue_meetings.DERIVED),
        Question("budget", ("ledgers",), budget_use.budget_use),
        Question("goals", ("measurements",), goal_progress.goal_progress),
    )
}
# The events the contract_records view folds: those of the slices some question reads (the
# calendar feed reads the meetings and settlements too).
HANDLERS: dict[type[Any], Handler] = handlers_for({s for q in QUESTIONS.values() for s in q.reads})
DERIVED: list[DerivedTable] = [q.derived for q in QUESTIONS.values() if q.derived is not None]
