"""Targets per period and a completion rate on SQLite and PostgreSQL: progress per period, a rate within 0–100."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import RateOutOfRangeError
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision
from projections import goal_progress
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file, projecting

KEY = "amager-udsatte-grupper-2013"
COMPLETION = {"key": "gennemfoerelse", "name": "Gennemførelsesprocent", "unit": "%", "direction": "increase",
              "kind": "rate", "baseline": "60", "targets": [{"period": "2015", "value": "75"}]}  # fmt: skip


def with_targets(tracker: Tracker) -> None:
    """The forum sets a target per year for evictions and adds a completion rate (as seed 001's brandkadetter)."""
    terms = tracker.get_contract(KEY).terms().model_dump(mode="json")
    goal = terms["goals"][0]
    goal["indicators"][0] |= {"baseline": "45", "targets": [{"period": "2015", "value": "40"},
                                                            {"period": "2016", "value": "35"}]}  # fmt: skip
    goal["indicators"].append(COMPLETION)
    decided = Decision("Boligsocialt Forum Amager", date(2014, 11, 24), "Referat, punkt 2")
    tracker.revise_contract(KEY, ContractTerms.model_validate(terms), date(2015, 1, 1), decided, "koordinator")


def test_progress_is_shown_per_period_and_a_rate_outside_0_to_100_is_refused(
    store: dict[str, str], tracker: Tracker
) -> None:
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    with_targets(tracker)
    measure = tracker.record_measurement
    measure(KEY, "udsaettelser", "2015", Decimal(38), date(2016, 1, 31), "Fogedretten", "koordinator")
    measure(KEY, "gennemfoerelse", "2015", Decimal("81.5"), date(2016, 1, 31), "Brandvæsenet", "koordinator")
    with pytest.raises(RateOutOfRangeError):
        measure(KEY, "gennemfoerelse", "2016", Decimal(120), date(2016, 6, 30), "Brandvæsenet", "koordinator")

    for projector in projecting(tracker, store):
        projector.catch_up()
        [record] = load_records(projector.db, KEY)
    indicators = {i["indicator"]: i for g in goal_progress.goal_progress(record, date(2016, 2, 1))
                  for i in g["indicators"]}  # fmt: skip

    evictions, completion = indicators["udsaettelser"], indicators["gennemfoerelse"]
    assert [(t["period"], t["measured"], t["reached"]) for t in evictions["targets"]] == [
        ("2015", "38", True),
        ("2016", None, None),
    ]
    assert completion["kind"] == "rate" and completion["targets"] == [
        {"period": "2015", "target": "75", "measured": "81.5", "reached": True, "progress_percent": 143.3}
    ]
    assert [m["period"] for m in completion["measurements"]] == ["2015"]  # the refused 120 % left nothing
