"""The budget chart's geometry: months on the time axis, round amounts on the vertical axes, and where the
cumulative line, the frame and the projection land."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.web.budget_chart import HEIGHT, LEFT, RIGHT, UPPER, WIDTH, budget_chart, months_between, nice_step
from domain.money import format_whole_kroner


def use(**changes: Any) -> dict[str, Any]:
    """A plan of budget_use.budget_use(): 2018–2019, 240.000 kr., 60.000 kr. spent by the end of March 2018."""
    plan = {
        "plan": "p", "name": "Plan", "frame": 24_000_000, "spent": 6_000_000, "projected_at_period_end": 48_000_000,
        "overspent": False, "monthly_burn": {"2018-01": 1_000_000, "2018-03": 5_000_000},
        "period_start": "2018-01-01", "period_end": "2019-12-31", "as_of": "2018-03-31",
    }  # fmt: skip
    return plan | changes


def test_months_run_from_the_start_month_to_the_end_month_across_new_year() -> None:
    assert months_between(date(2018, 11, 15), date(2019, 2, 1)) == ["2018-11", "2018-12", "2019-01", "2019-02"]


@pytest.mark.parametrize(
    ("span", "step"), [(100, 100), (1_000_000, 200_000), (24_000_000, 5_000_000), (48_000_000, 10_000_000)]
)
def test_an_axis_steps_in_round_whole_kroner_at_most_five_times(span: int, step: int) -> None:
    assert nice_step(span) == step


def test_whole_kroner_are_rounded_and_grouped_with_one_period_after_kr() -> None:
    assert [format_whole_kroner(x) for x in (123_456_789, 49, -150)] == ["1.234.568 kr.", "0 kr.", "-2 kr."]


def test_one_bar_per_month_up_to_the_date_and_the_cumulative_line_ends_at_the_amount_spent() -> None:
    chart = budget_chart(use())
    slot = (WIDTH - LEFT - RIGHT) / 24

    assert [b.month for b in chart.bars] == ["2018-01", "2018-02", "2018-03"]
    assert [b.cumulative for b in chart.bars] == [1_000_000, 1_000_000, 6_000_000]
    assert chart.bars[1].height == 0 and chart.bars[2].height > chart.bars[0].height > 0
    last = chart.cumulative.split()[-1].split(",")
    assert float(last[0]) == pytest.approx(LEFT + 3 * slot, abs=0.1)
    assert float(last[1]) == pytest.approx(UPPER[1] - 6_000_000 * (UPPER[1] - UPPER[0]) / 50_000_000, abs=0.1)


def test_the_projection_runs_dashed_from_today_to_the_period_end_above_the_frame_when_it_will_overspend() -> None:
    chart = budget_chart(use())

    assert chart.projection is not None
    x1, _, x2, y2 = chart.projection
    assert x2 == pytest.approx(WIDTH - RIGHT) and x1 < x2
    assert y2 < chart.frame_y and chart.projected_over  # 480.000 kr. projected against a frame of 240.000 kr.
    assert [t.label for t in chart.upper_ticks] == [format_whole_kroner(v * 10_000_000) for v in range(6)]


def test_a_plan_whose_period_has_ended_has_no_projection_and_a_bar_for_every_month() -> None:
    chart = budget_chart(use(as_of="2020-06-30"))

    assert chart.projection is None and len(chart.bars) == 24
    assert all(0 <= t.at <= HEIGHT for t in chart.lower_ticks + chart.upper_ticks)


def test_a_month_of_reversals_draws_its_bar_below_the_zero_line() -> None:
    chart = budget_chart(use(monthly_burn={"2018-01": 1_000_000, "2018-02": -400_000}, spent=600_000))

    assert chart.bars[1].negative and chart.bars[1].y == pytest.approx(chart.zero_y)
    assert chart.lower_ticks[0].label == "-5.000 kr."  # 4.000 kr. reversed: the axis reaches the step below


def test_before_the_period_starts_nothing_is_drawn_but_the_frame() -> None:
    chart = budget_chart(use(as_of="2017-12-31", spent=0, monthly_burn={}, projected_at_period_end=0))

    assert chart.bars == [] and chart.cumulative == "" and chart.projection is None
    assert UPPER[0] <= chart.frame_y < UPPER[1]
