"""Cadence rules: which occurrences a frequency expects over an active period (no database).

Every expected date below is worked out by hand from the rules in ``domain/cadence.py``'s
docstring; the arithmetic is in the comments so a reader can check it without the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from pydantic import TypeAdapter, ValidationError

from domain.cadence import (
    AsNeeded,
    Every,
    Frequency,
    Occurrence,
    Once,
    Ongoing,
    PerYear,
    occurrence_on,
    occurrences,
)
from domain.duties import expected
from domain.terms import ContractTerms, Party, Period

D = date
THREE_A_YEAR = PerYear(kind="per_year", times=3)
YEARLY = PerYear(kind="per_year", times=1)
EVERY_14_DAYS = Every(kind="every", interval=14, unit="days")
EVERY_2_WEEKS = Every(kind="every", interval=2, unit="weeks")
MONTHLY = Every(kind="every", interval=1, unit="months")
AS_NEEDED = AsNeeded(kind="as_needed")
ONGOING = Ongoing(kind="ongoing")

FREQUENCY = TypeAdapter(Frequency)


# --- per_year: windows that follow whole months -------------------------------------------------


def test_three_a_year_cuts_each_calendar_year_into_four_month_windows_due_on_their_last_day() -> None:
    # Given a contract active 2014-01-01..2017-12-31 with a meeting 3 times a year
    # When the expected occurrences are listed
    found = occurrences(THREE_A_YEAR, D(2014, 1, 1), D(2017, 12, 31))

    # Then there are 12: Jan-Apr (due 30 Apr), May-Aug (due 31 Aug), Sep-Dec (due 31 Dec) each year
    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 4, 30)),
        Occurrence(D(2014, 5, 1), D(2014, 8, 31)),
        Occurrence(D(2014, 9, 1), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 4, 30)),
        Occurrence(D(2015, 5, 1), D(2015, 8, 31)),
        Occurrence(D(2015, 9, 1), D(2015, 12, 31)),
        Occurrence(D(2016, 1, 1), D(2016, 4, 30)),
        Occurrence(D(2016, 5, 1), D(2016, 8, 31)),
        Occurrence(D(2016, 9, 1), D(2016, 12, 31)),
        Occurrence(D(2017, 1, 1), D(2017, 4, 30)),
        Occurrence(D(2017, 5, 1), D(2017, 8, 31)),
        Occurrence(D(2017, 9, 1), D(2017, 12, 31)),
    ]


def test_three_a_year_continues_across_the_year_boundary_without_a_gap() -> None:
    # Given a period that straddles New Year 2014 -> 2015
    # When the occurrences are listed
    found = occurrences(THREE_A_YEAR, D(2014, 9, 1), D(2015, 4, 30))

    # Then the Sep-Dec 2014 window is followed directly by Jan-Apr 2015
    assert found == [
        Occurrence(D(2014, 9, 1), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 4, 30)),
    ]


def test_twelve_a_year_gives_one_window_per_calendar_month_with_february_ending_on_the_28th() -> None:
    # Given a monthly-by-window cadence over the first quarter of 2014 (not a leap year)
    found = occurrences(PerYear(kind="per_year", times=12), D(2014, 1, 1), D(2014, 3, 31))

    # Then each window is one calendar month
    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 1, 31)),
        Occurrence(D(2014, 2, 1), D(2014, 2, 28)),
        Occurrence(D(2014, 3, 1), D(2014, 3, 31)),
    ]


# --- per_year 1: calendar years ------------------------------------------------------------------


def test_yearly_windows_are_calendar_years() -> None:
    found = occurrences(YEARLY, D(2014, 1, 1), D(2016, 12, 31))

    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 12, 31)),
        Occurrence(D(2016, 1, 1), D(2016, 12, 31)),
    ]


def test_a_period_starting_in_mid_december_expects_nothing_for_that_year() -> None:
    # Given a period from 2013-12-12: it covers 20 of 2013's 365 days, less than half
    # When the yearly occurrences are listed
    found = occurrences(YEARLY, D(2013, 12, 12), D(2015, 12, 31))

    # Then the first expected year is 2014
    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 12, 31)),
    ]


def test_a_period_starting_on_the_second_of_january_still_expects_that_year() -> None:
    # Given a period from 2014-01-02: it covers 364 of 365 days
    found = occurrences(YEARLY, D(2014, 1, 2), D(2014, 12, 31))

    # Then the 2014 window counts, starting on 1 January (the window, not the period)
    assert found == [Occurrence(D(2014, 1, 1), D(2014, 12, 31))]


@pytest.mark.parametrize(
    ("start", "counted"),
    [
        # 2014-07-02 is day 183 (Jan-Jun = 181 days); 183..365 = 183 days, 2 * 183 >= 365
        (D(2014, 7, 2), True),
        # 2014-07-03: 182 days, 2 * 182 = 364 < 365
        (D(2014, 7, 3), False),
    ],
)
def test_a_year_counts_only_when_the_period_covers_at_least_half_of_it(start: date, counted: bool) -> None:
    found = occurrences(YEARLY, start, D(2014, 12, 31))

    assert found == ([Occurrence(D(2014, 1, 1), D(2014, 12, 31))] if counted else [])


# --- the half-window rule at the start and at the end of the period ------------------------------


@pytest.mark.parametrize(
    ("start", "first"),
    [
        # Jan-Apr 2014 has 31 + 28 + 31 + 30 = 120 days; half is 60.
        # From 2 March: 30 (2..31 Mar) + 30 (Apr) = 60 days -> counts
        (D(2014, 3, 2), Occurrence(D(2014, 1, 1), D(2014, 4, 30))),
        # From 3 March: 59 days -> does not count, the first window is May-Aug
        (D(2014, 3, 3), Occurrence(D(2014, 5, 1), D(2014, 8, 31))),
        # From 20 April (the docstring's example): 11 days -> does not count
        (D(2014, 4, 20), Occurrence(D(2014, 5, 1), D(2014, 8, 31))),
    ],
)
def test_the_first_window_counts_only_when_the_period_start_leaves_at_least_half_of_it(
    start: date, first: Occurrence
) -> None:
    found = occurrences(THREE_A_YEAR, start, D(2014, 12, 31))

    assert found[0] == first
    assert found[-1] == Occurrence(D(2014, 9, 1), D(2014, 12, 31))


def test_a_period_ending_on_30_june_does_not_expect_the_may_august_meeting() -> None:
    # Given a period ending 2017-06-30: May-Aug has 31 + 30 + 31 + 31 = 123 days,
    # the period covers 31 + 30 = 61 of them, and 2 * 61 = 122 < 123
    found = occurrences(THREE_A_YEAR, D(2017, 1, 1), D(2017, 6, 30))

    # Then only Jan-Apr 2017 is expected
    assert found == [Occurrence(D(2017, 1, 1), D(2017, 4, 30))]


def test_a_period_ending_on_1_july_does_expect_the_may_august_meeting() -> None:
    # Given a period ending 2017-07-01: 62 of 123 days, 2 * 62 = 124 >= 123
    found = occurrences(THREE_A_YEAR, D(2017, 1, 1), D(2017, 7, 1))

    # Then May-Aug counts, due on the period's last day: nothing falls due after the end
    assert found == [
        Occurrence(D(2017, 1, 1), D(2017, 4, 30)),
        Occurrence(D(2017, 5, 1), D(2017, 7, 1)),
    ]


def test_a_short_period_inside_one_window_expects_nothing_when_it_covers_less_than_half() -> None:
    # Given 2014-02-01..2014-03-31: 28 + 31 = 59 of Jan-Apr's 120 days
    assert occurrences(THREE_A_YEAR, D(2014, 2, 1), D(2014, 3, 31)) == []


# --- per_year N not dividing 12: windows split by days -------------------------------------------


def test_five_a_year_splits_the_365_days_of_2014_into_windows_of_73_days() -> None:
    # Given 5 per year in 2014 (365 days): window starts at day offsets 365*i//5 = 0, 73, 146, 219, 292
    # -> day-of-year 1, 74 (15 Mar), 147 (27 May), 220 (8 Aug), 293 (20 Oct)
    found = occurrences(PerYear(kind="per_year", times=5), D(2014, 1, 1), D(2014, 12, 31))

    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 3, 14)),
        Occurrence(D(2014, 3, 15), D(2014, 5, 26)),
        Occurrence(D(2014, 5, 27), D(2014, 8, 7)),
        Occurrence(D(2014, 8, 8), D(2014, 10, 19)),
        Occurrence(D(2014, 10, 20), D(2014, 12, 31)),
    ]


def test_five_a_year_in_the_leap_year_2016_gives_the_extra_day_to_the_last_window() -> None:
    # Given 2016 (366 days): offsets 366*i//5 = 0, 73, 146, 219, 292 -> lengths 73, 73, 73, 73, 74
    # -> day-of-year 1, 74 (14 Mar, Feb has 29), 147 (26 May), 220 (7 Aug), 293 (19 Oct)
    found = occurrences(PerYear(kind="per_year", times=5), D(2016, 1, 1), D(2016, 12, 31))

    assert found == [
        Occurrence(D(2016, 1, 1), D(2016, 3, 13)),
        Occurrence(D(2016, 3, 14), D(2016, 5, 25)),
        Occurrence(D(2016, 5, 26), D(2016, 8, 6)),
        Occurrence(D(2016, 8, 7), D(2016, 10, 18)),
        Occurrence(D(2016, 10, 19), D(2016, 12, 31)),
    ]


@pytest.mark.parametrize("times", [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 52, 100, 365])
@pytest.mark.parametrize("year", [2014, 2016])
def test_per_year_windows_tile_the_calendar_year_without_gaps_or_overlap(times: int, year: int) -> None:
    # Given a whole calendar year (2016 is a leap year)
    found = occurrences(PerYear(kind="per_year", times=times), D(year, 1, 1), D(year, 12, 31))

    # Then there are exactly N windows, from 1 January to 31 December, each starting the day after
    # the previous one is due, and no two differing in length by more than a day
    assert len(found) == times
    assert found[0].window_start == D(year, 1, 1)
    assert found[-1].due == D(year, 12, 31)
    for before, after in pairwise(found):
        assert after.window_start == before.due + timedelta(days=1)
    for occurrence in found:
        assert occurrence.window_start <= occurrence.due
    if 12 % times != 0:
        lengths = {(o.due - o.window_start).days + 1 for o in found}
        assert max(lengths) - min(lengths) <= 1


# --- every N days / weeks ------------------------------------------------------------------------


def test_every_14_days_first_window_runs_from_the_period_start_to_the_first_due_date() -> None:
    found = occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 1, 31))

    # Then the first is due 1 Jan + 14 = 15 Jan with the window from the start (inclusive);
    # the next runs from the day after, 16 Jan, to 15 Jan + 14 = 29 Jan
    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 1, 15)),
        Occurrence(D(2014, 1, 16), D(2014, 1, 29)),
    ]


def test_every_14_days_expects_nothing_when_the_period_ends_before_half_the_first_window() -> None:
    # Given a period 1-5 Jan: the first window 1-15 Jan (15 days) is covered 5 days, 2 * 5 < 15
    assert occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 1, 5)) == []


def test_every_14_days_window_cut_by_the_end_counts_by_half_and_is_due_on_the_last_day() -> None:
    # Given a period that ends the day before the first due date (1 Jan + 14 = 15 Jan): 14 of 15 days
    assert occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 1, 14)) == [Occurrence(D(2014, 1, 1), D(2014, 1, 14))]


def test_every_14_days_over_a_full_year_expects_26_occurrences() -> None:
    # Given 2014-01-01..2014-12-31: due dates 1 Jan + 14k, and 14 * 26 = 364 lands on 31 Dec
    found = occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 12, 31))

    assert len(found) == 26
    assert found[-1] == Occurrence(D(2014, 12, 18), D(2014, 12, 31))


def test_every_14_days_continues_across_the_year_boundary() -> None:
    # Given the period runs into 2015: due 25 is 1 Jan + 350 = 17 Dec 2014, due 26 is 31 Dec 2014,
    # due 27 is 31 Dec + 14 = 14 Jan 2015, due 28 is 28 Jan 2015
    found = occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2015, 1, 31))

    assert len(found) == 28
    assert found[24:] == [
        Occurrence(D(2014, 12, 4), D(2014, 12, 17)),
        Occurrence(D(2014, 12, 18), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 1, 14)),
        Occurrence(D(2015, 1, 15), D(2015, 1, 28)),
    ]


@pytest.mark.parametrize("frequency", [EVERY_14_DAYS, EVERY_2_WEEKS], ids=["14 days", "2 weeks"])
def test_every_2_weeks_expects_the_same_occurrences_as_every_14_days(frequency: Every) -> None:
    # Given 2014-01-01..2014-03-01: due 15 Jan, 29 Jan, 12 Feb, 26 Feb (the next, 12 Mar, is after the end)
    found = occurrences(frequency, D(2014, 1, 1), D(2014, 3, 1))

    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 1, 15)),
        Occurrence(D(2014, 1, 16), D(2014, 1, 29)),
        Occurrence(D(2014, 1, 30), D(2014, 2, 12)),
        Occurrence(D(2014, 2, 13), D(2014, 2, 26)),
    ]


def test_every_2_weeks_and_every_14_days_agree_over_several_years() -> None:
    start, end = D(2014, 1, 1), D(2017, 12, 31)

    assert occurrences(EVERY_2_WEEKS, start, end) == occurrences(EVERY_14_DAYS, start, end)


def test_every_interval_is_counted_from_the_period_start_not_the_calendar() -> None:
    # Given every 7 days from Wednesday 2014-01-08: due 15 Jan and 22 Jan (Wednesdays)
    # (the period ends 25 Jan: the window 23-29 Jan is covered 3 of 7 days and does not count)
    found = occurrences(Every(kind="every", interval=7, unit="days"), D(2014, 1, 8), D(2014, 1, 25))

    assert found == [
        Occurrence(D(2014, 1, 8), D(2014, 1, 15)),
        Occurrence(D(2014, 1, 16), D(2014, 1, 22)),
    ]


# --- every N months: clamped to month ends, no month skipped -------------------------------------


def test_every_month_from_31_january_clamps_to_month_ends_and_skips_no_month() -> None:
    # Given monthly from 2014-01-31: start + k months = 28 Feb, 31 Mar, 30 Apr, 31 May, 30 Jun
    # (counted from the start, so March gets back to the 31st instead of drifting to the 28th)
    found = occurrences(MONTHLY, D(2014, 1, 31), D(2014, 6, 30))

    assert found == [
        Occurrence(D(2014, 1, 31), D(2014, 2, 28)),
        Occurrence(D(2014, 3, 1), D(2014, 3, 31)),
        Occurrence(D(2014, 4, 1), D(2014, 4, 30)),
        Occurrence(D(2014, 5, 1), D(2014, 5, 31)),
        Occurrence(D(2014, 6, 1), D(2014, 6, 30)),
    ]


def test_every_month_from_31_january_lands_on_29_february_in_a_leap_year() -> None:
    found = occurrences(MONTHLY, D(2016, 1, 31), D(2016, 3, 31))

    assert found == [
        Occurrence(D(2016, 1, 31), D(2016, 2, 29)),
        Occurrence(D(2016, 3, 1), D(2016, 3, 31)),
    ]


def test_every_three_months_from_31_january_is_due_at_the_end_of_april_july_and_october() -> None:
    found = occurrences(Every(kind="every", interval=3, unit="months"), D(2014, 1, 31), D(2014, 12, 31))

    assert found == [
        Occurrence(D(2014, 1, 31), D(2014, 4, 30)),
        Occurrence(D(2014, 5, 1), D(2014, 7, 31)),
        Occurrence(D(2014, 8, 1), D(2014, 10, 31)),
        # 1 Nov-31 Jan is 92 days, the period covers 61 (Nov + Dec): it counts, due on 31 Dec
        Occurrence(D(2014, 11, 1), D(2014, 12, 31)),
    ]


def test_every_month_continues_across_the_year_boundary() -> None:
    # Given monthly from 2014-11-15: due 15 Dec 2014, 15 Jan 2015, 15 Feb 2015
    found = occurrences(MONTHLY, D(2014, 11, 15), D(2015, 2, 20))

    assert found == [
        Occurrence(D(2014, 11, 15), D(2014, 12, 15)),
        Occurrence(D(2014, 12, 16), D(2015, 1, 15)),
        Occurrence(D(2015, 1, 16), D(2015, 2, 15)),
    ]


# --- once by a date ------------------------------------------------------------------------------


def test_once_by_a_date_inside_the_period_expects_one_occurrence_from_the_period_start() -> None:
    found = occurrences(Once(kind="once", by=D(2014, 6, 30)), D(2014, 1, 1), D(2017, 12, 31))

    assert found == [Occurrence(D(2014, 1, 1), D(2014, 6, 30))]


def test_once_by_the_last_day_of_the_period_still_counts() -> None:
    found = occurrences(Once(kind="once", by=D(2017, 12, 31)), D(2014, 1, 1), D(2017, 12, 31))

    assert found == [Occurrence(D(2014, 1, 1), D(2017, 12, 31))]


@pytest.mark.parametrize("by", [D(2013, 12, 31), D(2018, 1, 1), D(2020, 6, 1)])
def test_once_by_a_date_outside_the_period_expects_nothing(by: date) -> None:
    assert occurrences(Once(kind="once", by=by), D(2014, 1, 1), D(2017, 12, 31)) == []


# --- as needed and ongoing: never due ------------------------------------------------------------


@pytest.mark.parametrize("frequency", [AS_NEEDED, ONGOING], ids=["as_needed", "ongoing"])
@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2014, 1, 1), D(2014, 1, 1)), (D(2014, 1, 1), D(2017, 12, 31)), (D(2000, 1, 1), D(2099, 12, 31))],
)
def test_as_needed_and_ongoing_duties_are_never_due_so_never_overdue(
    frequency: AsNeeded | Ongoing, start: date, end: date
) -> None:
    assert occurrences(frequency, start, end) == []
    assert occurrence_on(frequency, start, end, start) is None
    assert occurrence_on(frequency, start, end, end) is None


# --- an empty period -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency",
    [THREE_A_YEAR, YEARLY, EVERY_14_DAYS, MONTHLY, Once(kind="once", by=D(2014, 3, 1)), AS_NEEDED, ONGOING],
    ids=lambda f: f.describe(),
)
def test_a_period_ending_before_it_starts_expects_nothing(frequency: PerYear | Every | Once) -> None:
    assert occurrences(frequency, D(2014, 6, 1), D(2014, 1, 1)) == []


def test_a_one_day_period_expects_nothing_from_an_interval_cadence() -> None:
    # The start itself is not a due date; the first is one interval later
    assert occurrences(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 1, 1)) == []


# --- occurrence_on -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "window"),
    [
        (D(2015, 6, 15), Occurrence(D(2015, 5, 1), D(2015, 8, 31))),
        # Both ends of a window belong to it
        (D(2015, 4, 30), Occurrence(D(2015, 1, 1), D(2015, 4, 30))),
        (D(2015, 5, 1), Occurrence(D(2015, 5, 1), D(2015, 8, 31))),
        (D(2014, 1, 1), Occurrence(D(2014, 1, 1), D(2014, 4, 30))),
        (D(2017, 12, 31), Occurrence(D(2017, 9, 1), D(2017, 12, 31))),
    ],
)
def test_occurrence_on_finds_the_per_year_window_containing_a_day(day: date, window: Occurrence) -> None:
    assert occurrence_on(THREE_A_YEAR, D(2014, 1, 1), D(2017, 12, 31), day) == window


@pytest.mark.parametrize(
    ("day", "window"),
    [
        (D(2014, 1, 1), Occurrence(D(2014, 1, 1), D(2014, 1, 15))),
        (D(2014, 1, 15), Occurrence(D(2014, 1, 1), D(2014, 1, 15))),
        (D(2014, 1, 16), Occurrence(D(2014, 1, 16), D(2014, 1, 29))),
    ],
)
def test_occurrence_on_finds_the_interval_window_containing_a_day(day: date, window: Occurrence) -> None:
    assert occurrence_on(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 12, 31), day) == window


def test_occurrence_on_a_day_outside_the_period_is_none() -> None:
    assert occurrence_on(THREE_A_YEAR, D(2014, 1, 1), D(2017, 12, 31), D(2018, 2, 1)) is None
    assert occurrence_on(THREE_A_YEAR, D(2014, 1, 1), D(2017, 12, 31), D(2013, 12, 31)) is None


def test_occurrence_on_a_day_in_a_window_that_does_not_count_is_none() -> None:
    # Given a period ending 2017-06-30, May-Aug 2017 is not expected (61 of 123 days)
    assert occurrence_on(THREE_A_YEAR, D(2014, 1, 1), D(2017, 6, 30), D(2017, 6, 15)) is None


def test_occurrence_on_a_day_after_the_last_due_date_of_an_interval_cadence_is_none() -> None:
    # Given every 14 days from 1 Jan to 20 Jan: only 15 Jan is due (29 Jan is after the end)
    assert occurrence_on(EVERY_14_DAYS, D(2014, 1, 1), D(2014, 1, 20), D(2014, 1, 18)) is None


# --- parsing a frequency -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ({"kind": "per_year", "times": 3}, THREE_A_YEAR),
        ({"kind": "every", "interval": 14, "unit": "days"}, EVERY_14_DAYS),
        ({"kind": "once", "by": "2014-06-30"}, Once(kind="once", by=D(2014, 6, 30))),
        ({"kind": "as_needed"}, AS_NEEDED),
        ({"kind": "ongoing"}, ONGOING),
    ],
)
def test_a_frequency_is_parsed_by_its_kind(data: dict[str, object], parsed: object) -> None:
    assert FREQUENCY.validate_python(data) == parsed


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"kind": "weekly"}, id="unknown kind"),
        pytest.param({"times": 3}, id="no kind"),
        pytest.param({"kind": "per_year", "times": 0}, id="per_year 0 times"),
        pytest.param({"kind": "per_year", "times": -1}, id="per_year negative"),
        pytest.param({"kind": "per_year", "times": 366}, id="per_year more than 365"),
        pytest.param({"kind": "every", "interval": 0, "unit": "days"}, id="every interval 0"),
        pytest.param({"kind": "every", "interval": 2, "unit": "years"}, id="every unknown unit"),
        pytest.param({"kind": "once"}, id="once without date"),
        pytest.param({"kind": "as_needed", "times": 3}, id="extra field"),
    ],
)
def test_an_invalid_frequency_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        FREQUENCY.validate_python(data)


# --- describe ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (THREE_A_YEAR, "3 gange årligt"),
        (YEARLY, "årligt"),
        (AS_NEEDED, "efter behov"),
        (ONGOING, "løbende"),
        (EVERY_14_DAYS, "hver 14. dag"),
        (EVERY_2_WEEKS, "hver 2. uge"),
        (MONTHLY, "hver måned"),
        (Once(kind="once", by=D(2014, 6, 30)), "én gang, senest 30.06.2014"),
    ],
)
def test_a_frequency_describes_itself_in_danish(frequency: PerYear | Every | Once, text: str) -> None:
    assert frequency.describe() == text


# --- duties.expected: the contract period bounds the occurrences ---------------------------------


def _terms(start: date, end: date | None) -> ContractTerms:
    return ContractTerms(
        title="Samarbejdskontrakt",
        urban_area="Amager",
        focus_area="Udsatte grupper",
        period=Period(start=start, end=end),
        coordinating_forum="Styregruppen",
        revising_forum="Styregruppen",
        parties=[Party(key="sof", name="Socialforvaltningen", kind="municipal_administration")],
    )


def test_expected_stops_at_until_when_the_contract_runs_longer() -> None:
    # Given a contract 2014-2017 asked about up to 2014-12-31
    found = expected(_terms(D(2014, 1, 1), D(2017, 12, 31)), THREE_A_YEAR, None, D(2014, 12, 31))

    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 4, 30)),
        Occurrence(D(2014, 5, 1), D(2014, 8, 31)),
        Occurrence(D(2014, 9, 1), D(2014, 12, 31)),
    ]


def test_expected_stops_at_the_contract_end_when_until_is_later() -> None:
    found = expected(_terms(D(2014, 1, 1), D(2014, 6, 30)), THREE_A_YEAR, None, D(2020, 1, 1))

    # May-Aug: 61 of 123 days -> not expected
    assert found == [Occurrence(D(2014, 1, 1), D(2014, 4, 30))]


def test_expected_runs_to_until_for_an_open_ended_contract() -> None:
    found = expected(_terms(D(2014, 1, 1), None), YEARLY, None, D(2015, 12, 31))

    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 12, 31)),
        Occurrence(D(2015, 1, 1), D(2015, 12, 31)),
    ]


def test_expected_counts_from_a_cadence_start_later_than_the_contract() -> None:
    # Given a cadence that starts 2015-01-01 in a contract from 2014-01-01
    found = expected(_terms(D(2014, 1, 1), D(2017, 12, 31)), YEARLY, D(2015, 1, 1), D(2016, 12, 31))

    assert found == [
        Occurrence(D(2015, 1, 1), D(2015, 12, 31)),
        Occurrence(D(2016, 1, 1), D(2016, 12, 31)),
    ]


def test_expected_ignores_a_cadence_start_before_the_contract() -> None:
    # Given every 14 days with an own start 2013-06-01, but the contract only from 2014-01-01
    found = expected(_terms(D(2014, 1, 1), D(2017, 12, 31)), EVERY_14_DAYS, D(2013, 6, 1), D(2014, 1, 31))

    # Then intervals are counted from the contract start
    assert found == [
        Occurrence(D(2014, 1, 1), D(2014, 1, 15)),
        Occurrence(D(2014, 1, 16), D(2014, 1, 29)),
    ]


# --- every with a first due date ------------------------------------------------------------------


def test_every_14_days_from_monday_4_january_is_due_on_that_monday_and_every_second_after() -> None:
    # Given "every 14 days from Monday 4 January" in a period from 1 January 2016
    every = Every(kind="every", interval=14, unit="days", first_due=D(2016, 1, 4))

    # Then due 4 Jan (window from the start), 18 Jan, 1 Feb (the period ends 7 Feb: 2-15 Feb is covered 6 of 14)
    assert occurrences(every, D(2016, 1, 1), D(2016, 2, 7)) == [
        Occurrence(D(2016, 1, 1), D(2016, 1, 4)),
        Occurrence(D(2016, 1, 5), D(2016, 1, 18)),
        Occurrence(D(2016, 1, 19), D(2016, 2, 1)),
    ]


def test_a_first_due_date_before_the_start_continues_its_rhythm_by_the_half_window_rule() -> None:
    # Given every 14 days from Monday 28 December 2015, active from 1 January 2016:
    # 28 Dec is before the start; 29 Dec-11 Jan is covered 11 of 14 days (counts), then 25 Jan
    every = Every(kind="every", interval=14, unit="days", first_due=D(2015, 12, 28))

    assert occurrences(every, D(2016, 1, 1), D(2016, 1, 31)) == [
        Occurrence(D(2015, 12, 29), D(2016, 1, 11)),
        Occurrence(D(2016, 1, 12), D(2016, 1, 25)),
    ]


def test_every_month_from_a_first_due_date_on_the_31st_clamps_to_month_ends() -> None:
    every = Every(kind="every", interval=1, unit="months", first_due=D(2016, 1, 31))

    assert [o.due for o in occurrences(every, D(2016, 1, 1), D(2016, 4, 30))] == [
        D(2016, 1, 31), D(2016, 2, 29), D(2016, 3, 31), D(2016, 4, 30),
    ]  # fmt: skip


def test_a_first_due_date_reads_in_danish_and_is_optional_in_files() -> None:
    every = FREQUENCY.validate_python({"kind": "every", "interval": 14, "unit": "days", "first_due": "2016-01-04"})
    assert every.describe() == "hver 14. dag fra 04.01.2016"
    assert FREQUENCY.validate_python({"kind": "every", "interval": 14, "unit": "days"}) == EVERY_14_DAYS
