"""An indicator has a target per period (or one for the whole period) and its progress is shown per period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from domain.terms import Indicator
from projections.goal_progress import per_period
from projections.record_shape import Measurement

EVICTIONS: dict[str, Any] = {"key": "udsaettelser", "name": "Udsættelser", "unit": "pr. år", "direction": "decrease"}
COMPLETION: dict[str, Any] = {"key": "gennemfoerelse", "name": "Gennemførelsesprocent", "unit": "%",
                              "direction": "increase", "kind": "rate"}  # fmt: skip


def measured(**values: int) -> dict[str, Measurement]:
    return {
        period.replace("_", "-").removeprefix("y"): Measurement(
            value=str(v), measured_on="2016-01-31", source="Fogedretten", actor="k", corrected=False, recorded_at=""
        )
        for period, v in values.items()
    }


def test_each_period_target_is_compared_with_that_periods_measurement() -> None:
    indicator = Indicator.model_validate(
        EVICTIONS | {"baseline": 45, "targets": [{"period": "2016", "value": 35}, {"period": "2015", "value": 40}]}
    )

    rows = per_period(indicator, measured(y2015=41, y2016=33), Decimal(33))

    assert rows == [
        {"period": "2015", "target": "40", "measured": "41", "reached": False, "progress_percent": 80.0},
        {"period": "2016", "target": "35", "measured": "33", "reached": True, "progress_percent": 120.0},
    ]


def test_a_single_target_is_the_whole_periods_and_compared_with_the_latest_measurement() -> None:
    indicator = Indicator.model_validate(EVICTIONS | {"baseline": 45, "target": 30})

    [row] = per_period(indicator, measured(y2015=41), Decimal(41))

    assert row == {"period": None, "target": "30", "measured": "41", "reached": False, "progress_percent": 26.7}


def test_a_period_not_yet_measured_has_no_verdict() -> None:
    indicator = Indicator.model_validate(COMPLETION | {"targets": [{"period": "2016-H1", "value": 80}]})

    [row] = per_period(indicator, measured(y2015=70), Decimal(70))

    assert row["measured"] is None and row["reached"] is None and row["progress_percent"] is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"targets": [{"period": "2015", "value": 1}, {"period": "2015", "value": 2}]}, "flere mål"),
        ({"targets": [{"period": "2015-Q5", "value": 1}]}, "ikke en periode"),
        ({"kind": "rate", "target": 120}, "mellem 0 og 100"),
        ({"kind": "rate", "targets": [{"period": "2015", "value": -1}]}, "mellem 0 og 100"),
    ],
    ids=[
        "one target per period",
        "a period is a real period",
        "a rate target is a percent",
        "a rate period target is a percent",
    ],
)
def test_targets_that_cannot_be_met_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Indicator.model_validate(EVICTIONS | changes)
