"""Goal progress on a date, on SQLite and PostgreSQL: a measurement counts from the day it is dated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.tracker import Tracker
from projections import goal_progress
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file, projecting

KEY = "amager-udsatte-grupper-2013"


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    """Evictions in 2014: 40 measured on 31.01.2015, corrected to 38 on 15.03.2015, then to 37 on 01.05.2015."""
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    measure = tracker.record_measurement
    measure(KEY, "udsaettelser", "2014", Decimal(40), date(2015, 1, 31), "Lejerbo", "koordinator")
    measure(KEY, "udsaettelser", "2014", Decimal(38), date(2015, 3, 15), "Rettet", "koordinator", correct=True)
    measure(KEY, "udsaettelser", "2014", Decimal(37), date(2015, 5, 1), "Rettet igen", "koordinator", correct=True)
    for projector in projecting(tracker, store):
        projector.catch_up()
        yield projector


def evictions(projector: Projector, as_of: date) -> dict[str, Any]:
    [record] = load_records(projector.db, KEY)
    [indicator] = [i for g in goal_progress.goal_progress(record, as_of) for i in g["indicators"]
                   if i["indicator"] == "udsaettelser"]  # fmt: skip
    return indicator


@pytest.mark.parametrize(
    ("as_of", "latest", "corrected"),
    [
        (date(2015, 1, 30), None, None),  # nothing measured yet
        (date(2015, 2, 28), "40", False),  # before the first correction: the original measurement
        (date(2015, 3, 15), "38", True),  # the first correction, from its own day
        (date(2015, 4, 30), "38", True),  # before the second correction
        (date(2015, 5, 1), "37", True),
    ],
)
def test_a_correction_dated_after_the_question_date_does_not_hide_the_original_measurement(
    projector: Projector, as_of: date, latest: str | None, corrected: bool | None
) -> None:
    indicator = evictions(projector, as_of)

    assert indicator["latest"] == latest
    measurements = indicator["measurements"]
    assert [(m["period"], m["value"], m["corrected"]) for m in measurements] == (
        [] if latest is None else [("2014", latest, corrected)]
    )
