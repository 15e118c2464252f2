"""Rules the use cases check across aggregates: an expense within its plan's period, a meeting held by now."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    ExpenseOutsidePlanPeriodError,
    FunderNotOfPlanError,
    MeetingHeldInFutureError,
    PlanNotFoundError,
    UnknownActivityError,
    UnknownAttendeesError,
)
from domain.meeting_rules import check_held
from domain.terms import ContractTerms
from domain.use_cases.budget import check_expense
from tests.conftest import AMAGER, contract_file

KEY = "amager-udsatte-grupper-2013"


@pytest.fixture(scope="module")
def terms() -> ContractTerms:
    return contract_file(AMAGER).terms()


@pytest.mark.parametrize("day", [date(2014, 1, 1), date(2016, 6, 30), date(2017, 12, 31)])
def test_an_expense_dated_within_its_plans_period_is_accepted(terms: ContractTerms, day: date) -> None:
    assert check_expense(KEY, terms, "urbanplanen", day, None, None).key == "urbanplanen"


@pytest.mark.parametrize("day", [date(2013, 12, 31), date(2018, 1, 1)])
def test_an_expense_dated_outside_its_plans_period_is_refused(terms: ContractTerms, day: date) -> None:
    with pytest.raises(ExpenseOutsidePlanPeriodError) as refused:
        check_expense(KEY, terms, "urbanplanen", day, None, None)
    assert (refused.value.plan, refused.value.booked_on) == ("urbanplanen", day)
    assert (refused.value.start, refused.value.end) == (date(2014, 1, 1), date(2017, 12, 31))


def test_an_expense_names_a_plan_activity_and_funder_of_the_contract(terms: ContractTerms) -> None:
    day = date(2015, 3, 1)
    with pytest.raises(PlanNotFoundError):
        check_expense(KEY, terms, "ingen-plan", day, None, None)
    with pytest.raises(UnknownActivityError):
        check_expense(KEY, terms, "urbanplanen", day, "ingen-aktivitet", None)
    with pytest.raises(FunderNotOfPlanError):
        check_expense(KEY, terms, "urbanplanen", day, None, "ukendt")


def test_a_meeting_cannot_be_recorded_as_held_in_the_future(terms: ContractTerms) -> None:
    check_held(terms, date(2016, 1, 15), ["sof"], today=date(2016, 1, 15))
    with pytest.raises(MeetingHeldInFutureError) as refused:
        check_held(terms, date(2016, 1, 16), ["sof"], today=date(2016, 1, 15))
    assert refused.value.held_on == date(2016, 1, 16)


def test_a_meeting_is_attended_only_by_the_contracts_parties(terms: ContractTerms) -> None:
    with pytest.raises(UnknownAttendeesError) as refused:
        check_held(terms, date(2015, 3, 1), ["sof", "nogen"], today=date(2016, 1, 15))
    assert refused.value.unknown == ["nogen"]
