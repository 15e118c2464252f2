"""The pure rules of the web's work lists: ISO weeks across a new year, and what the overview's filters keep."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.web.dashboard import Wanted, stored_status
from api.web.deadline_rows import by_week


def test_due_dates_are_grouped_by_iso_week_across_the_new_year() -> None:
    rows = [{"due": date(2015, 12, 28)}, {"due": date(2016, 1, 3)}, {"due": date(2016, 1, 4)}]

    weeks = by_week(rows)

    assert [(w["year"], w["week"], len(w["rows"])) for w in weeks] == [(2015, 53, 2), (2016, 1, 1)]
    assert (weeks[0]["monday"], weeks[0]["sunday"]) == (date(2015, 12, 28), date(2016, 1, 3))


ROW: dict[str, Any] = {
    "status": "signed", "overdue_obligations": 0, "overdue_meetings": 0, "example": False,
    "parties": [{"key": "sof", "name": "Socialforvaltningen"}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("wanted", "row", "kept"),
    [
        (Wanted(), ROW, True),
        (Wanted(), ROW | {"example": True}, False),
        (Wanted(examples=True), ROW | {"example": True}, True),
        (Wanted(overdue_only=True), ROW, False),
        (Wanted(overdue_only=True), ROW | {"overdue_meetings": 1}, True),
        (Wanted(overdue_only=True), ROW | {"unavailable": {"reason": "…"}}, True),
        (Wanted(party="sof"), ROW, True),
        (Wanted(party="3b"), ROW, False),
        (Wanted(status="ended"), ROW | {"status": "ended", "period_over": "2017-12-31"}, True),
        (Wanted(status="signed"), ROW | {"status": "ended"}, False),
    ],
    ids=[
        "a real contract is kept",
        "an example is left out by default",
        "an example is kept when asked for",
        "overdue only leaves out a contract with nothing overdue",
        "overdue only keeps a contract with an overdue meeting",
        "overdue only keeps a contract whose figures are unavailable",
        "mine keeps the party's contract",
        "mine leaves out another party's contract",
        "afsluttet keeps a contract whose period is over",
        "underskrevet leaves out a contract read as afsluttet",
    ],
)
def test_the_overview_filters(wanted: Wanted, row: dict[str, Any], kept: bool) -> None:
    assert wanted.keeps(row) is kept


def test_only_ended_is_left_to_the_page_because_it_also_covers_periods_that_ran_out() -> None:
    assert [stored_status(s) for s in ("ended", "signed", "drafted", None)] == [None, "signed", "drafted", None]
