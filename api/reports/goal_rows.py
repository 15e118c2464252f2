"""The goals export: each indicator's target per period (or for the whole period) with its measurement and verdict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from api.reports.exports import Column, Table
from projections.goal_progress import goal_progress
from projections.record_shape import Record
from projections.terms_cache import terms_on

GOAL_COLUMNS = (
    Column("Kontrakt"), Column("Mål"), Column("Indikator"), Column("Enhed"), Column("Art"), Column("Periode"),
    Column("Udgangspunkt", "number"), Column("Mål for perioden", "number"), Column("Målt", "number"), Column("Nået"),
    Column("Fremdrift", "percent"),
)  # fmt: skip
KIND = {"count": "antal", "rate": "andel i procent"}
REACHED = {True: "ja", False: "nej", None: "ikke målt"}
WHOLE = "hele perioden"


def goals_table(records: list[Record], day: date) -> Table:
    """A row per indicator and target period; an indicator without targets gets one row with its latest value."""
    rows = [
        row
        for record in records
        for goal in goal_progress(record, day)
        for indicator in goal["indicators"]
        for row in _rows(terms_on(record, day).title, goal["text"], indicator)
    ]
    return Table(f"Mål pr. {day:%d.%m.%Y}", GOAL_COLUMNS, rows)


def _rows(contract: str, goal: str, i: dict[str, Any]) -> list[tuple[Any, ...]]:
    head = (contract, goal, i["name"], i["unit"], KIND[i["kind"]])
    targets = i["targets"] or [{"period": None, "target": None, "measured": i["latest"], "reached": None,
                                "progress_percent": None}]  # fmt: skip
    return [(*head, *_period(i["baseline"], t)) for t in targets]


def _period(baseline: str | None, t: dict[str, Any]) -> tuple[Any, ...]:
    verdict = REACHED[t["reached"]] if t["target"] is not None else None
    numbers = (_number(baseline), _number(t["target"]), _number(t["measured"]))
    return (t["period"] or WHOLE, *numbers, verdict, t["progress_percent"])


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
