"""Everything about one contract on a date: every registered question's answer, for HTTP, CLI and web."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections import overdue_meetings
from projections.record_shape import Record
from projections.registry import QUESTIONS


def contract_status(record: Record, as_of: date) -> dict[str, Any]:
    """The contract's entry, the date, then each question's answer (and the overdue meetings) on ``as_of``."""
    answers = {name: question.answer(record, as_of) for name, question in QUESTIONS.items()}
    status = {"contract": answers.pop("contract"), "as_of": as_of.isoformat()}
    for name, answer in answers.items():
        status[name] = answer
        if name == "meetings":  # the overdue windows from the same fold, not a second one
            status["overdue_meetings"] = overdue_meetings.overdue_in(record, answer)
    return status
