"""Benchmark figures: a slow machine gives slow figures, and no samples is said, never an error."""

from __future__ import annotations

import math

from tests.benchmarks.measure import MIN_SAMPLES, Figure, ms, table, timed


def test_no_samples_is_recorded_as_none_with_a_note() -> None:
    assert ms([]) == {"p50_ms": None, "p99_ms": None, "mean_ms": None, "n": 0, "note": "no samples"}


def test_percentiles_are_the_nearest_rank_in_milliseconds() -> None:
    found = ms([0.001 * n for n in range(1, 101)])

    assert (found["p50_ms"], found["p99_ms"], found["n"]) == (50.0, 99.0, 100)
    assert math.isclose(found["mean_ms"], 50.5)


def test_a_timed_loop_whose_budget_is_spent_still_takes_the_minimum_samples() -> None:
    assert len(timed(lambda: None, repeat=100, budget=0)) == MIN_SAMPLES


def test_a_figure_without_a_value_is_shown_as_no_samples_with_no_ratio() -> None:
    figure = Figure("projection lag p99", None, 1.5, "ms", "<250 ms", None)

    assert figure.ratio is None
    assert "no samples" in table([figure])
