"""Cadence rules: which occurrences a frequency expects over an active period (no database).

Every expected date below, and in ``cadence_windows.yaml`` beside this file (the table of a frequency over a
period and its windows), is worked out by hand from the rules in ``domain/cadence.py``'s docstring; the
arithmetic is in the comments so a reader can check it without the code.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from ruamel.yaml import YAML

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
from domain.duties import expected, partitioned
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


def w(start: str, due: str) -> Occurrence:
    """The window from ``start`` to its due date ``due`` (ISO dates), to keep the tables below short."""
    return Occurrence(D.fromisoformat(start), D.fromisoformat(due))


def worked_out() -> list[Any]:
    """The rows of cadence_windows.yaml (a frequency over a period and the windows it expects, worked out by
    hand), each a test named by its behaviour."""
    rows = YAML(typ="safe").load((Path(__file__).parent / "cadence_windows.yaml").read_text(encoding="utf-8"))
    return [
        pytest.param(
            FREQUENCY.validate_python(row["frequency"]),
            *row["period"],
            [Occurrence(start, due) for start, due in row["windows"]],
            id=row["behaviour"],
        )
        for row in rows
    ]


@pytest.mark.parametrize(("frequency", "start", "end", "windows"), worked_out())
def test_a_frequency_expects_the_windows_worked_out_by_hand(
    frequency: Frequency, start: date, end: date, windows: list[Occurrence]
) -> None:
    # Given a frequency over an active period; when the expected occurrences are listed
    found = occurrences(frequency, start, end)

    # Then they are exactly the windows worked out by hand
    assert found == windows


# --- per_year 1: calendar years ------------------------------------------------------------------


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


# Each row: a contract period, a cadence (and its own start) asked about up to a day, and the windows expected.
IN_CONTRACT = [
    # A contract 2014-2017 asked about up to 2014-12-31
    pytest.param(
        (D(2014, 1, 1), D(2017, 12, 31)), THREE_A_YEAR, None, D(2014, 12, 31),
        [w("2014-01-01", "2014-04-30"), w("2014-05-01", "2014-08-31"), w("2014-09-01", "2014-12-31")],
        id="expected stops at until when the contract runs longer",
    ),
    # May-Aug: 61 of 123 days -> not expected
    pytest.param(
        (D(2014, 1, 1), D(2014, 6, 30)), THREE_A_YEAR, None, D(2020, 1, 1), [w("2014-01-01", "2014-04-30")],
        id="expected stops at the contract end when until is later",
    ),
    pytest.param(
        (D(2014, 1, 1), None), YEARLY, None, D(2015, 12, 31),
        [w("2014-01-01", "2014-12-31"), w("2015-01-01", "2015-12-31")],
        id="expected runs to until for an open-ended contract",
    ),
    # A cadence that starts 2015-01-01 in a contract from 2014-01-01
    pytest.param(
        (D(2014, 1, 1), D(2017, 12, 31)), YEARLY, D(2015, 1, 1), D(2016, 12, 31),
        [w("2015-01-01", "2015-12-31"), w("2016-01-01", "2016-12-31")],
        id="expected counts from a cadence start later than the contract",
    ),
    # Every 14 days with an own start 2013-06-01, but the contract only from 2014-01-01: intervals are counted
    # from the contract start
    pytest.param(
        (D(2014, 1, 1), D(2017, 12, 31)), EVERY_14_DAYS, D(2013, 6, 1), D(2014, 1, 31),
        [w("2014-01-01", "2014-01-15"), w("2014-01-16", "2014-01-29")],
        id="expected ignores a cadence start before the contract",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("period", "frequency", "cadence_start", "until", "windows"), IN_CONTRACT)
def test_the_contract_period_bounds_the_expected_occurrences(
    period: tuple[date, date | None], frequency: Frequency, cadence_start: date | None, until: date,
    windows: list[Occurrence],
) -> None:  # fmt: skip
    found = expected(_terms(*period), frequency, cadence_start, until)

    assert found == windows


def test_every_month_from_a_first_due_date_on_the_31st_clamps_to_month_ends() -> None:
    every = Every(kind="every", interval=1, unit="months", first_due=D(2016, 1, 31))

    assert [o.due for o in occurrences(every, D(2016, 1, 1), D(2016, 4, 30))] == [
        D(2016, 1, 31), D(2016, 2, 29), D(2016, 3, 31), D(2016, 4, 30),
    ]  # fmt: skip


def test_a_first_due_date_reads_in_danish_and_is_optional_in_files() -> None:
    every = FREQUENCY.validate_python({"kind": "every", "interval": 14, "unit": "days", "first_due": "2016-01-04"})
    assert every.describe() == "hver 14. dag fra 04.01.2016"
    assert FREQUENCY.validate_python({"kind": "every", "interval": 14, "unit": "days"}) == EVERY_14_DAYS


def test_a_revised_schedules_window_starts_after_the_previous_rules_last_due_date() -> None:
    """Quarterly windows under the old rule up to 30 April, then a yearly rule from 1 May: the 2014
    window of the yearly rule would reach back to 1 January; it starts on 1 May instead."""
    old = [w("2014-01-01", "2014-04-30")]
    new = [w("2014-01-01", "2014-12-31"), w("2015-01-01", "2015-12-31")]

    assert partitioned(new + old) == [
        w("2014-01-01", "2014-04-30"), w("2014-05-01", "2014-12-31"), w("2015-01-01", "2015-12-31"),
    ]  # fmt: skip
