"""The domain's own value objects and commands refuse what no door should let through (issue 13, item 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain import bounds
from domain.budget import Ledger
from domain.contract import Contract
from domain.errors import TermsError
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.terms import BudgetFrame, ContractTerms, Party, Period, parse_kroner
from domain.versions import Decision

ON = date(2015, 3, 12)


def a_ledger() -> Ledger:
    return Ledger.open(uuid4(), "amager", "urbanplanen", "karen")


def a_meeting() -> Meeting:
    return Meeting.schedule(uuid4(), uuid4(), "amager", "netvaerk", "netvaerksmoede", ON, ["sof"], "", "", "karen")


@pytest.mark.parametrize(
    ("amount", "booked_on", "text", "error"),
    [
        (10**20, ON, "Forplejning", bounds.AmountOutOfRangeError),
        (bounds.MAX_ORE + 1, ON, "Forplejning", bounds.AmountOutOfRangeError),
        (100, date(9999, 12, 31), "Forplejning", bounds.DateOutOfRangeError),
        (100, date(1, 1, 1), "Forplejning", bounds.DateOutOfRangeError),
        (100, ON, "x" * (bounds.MAX_TEXT + 1), bounds.TextTooLongError),
        (100, ON, "For\x00plejning", bounds.ControlCharacterError),
        (100, ON, "For\x1b[31mplejning", bounds.ControlCharacterError),
    ],
)
def test_a_ledger_refuses_an_expense_out_of_bounds_whatever_door_it_came_through(
    amount: int, booked_on: date, text: str, error: type[Exception]
) -> None:
    ledger = a_ledger()

    with pytest.raises(error):
        ledger.book(booked_on, amount, None, None, text, None, "karen")

    assert ledger.entries == [] and len(ledger.pending_events) == 1  # only the opening


def test_a_float_is_not_an_amount_in_ore() -> None:
    with pytest.raises(bounds.AmountOutOfRangeError):
        a_ledger().book(ON, 1e308, None, None, "Forplejning", None, "karen")  # type: ignore[arg-type]


def test_a_meeting_refuses_more_attendees_or_decisions_than_a_list_may_hold() -> None:
    meeting = a_meeting()

    with pytest.raises(bounds.TooManyItemsError):
        meeting.hold(ON, ["sof"] * (bounds.MAX_ITEMS + 1), [], [], "karen")
    with pytest.raises(bounds.TextTooLongError):
        meeting.hold(ON, ["sof"], ["x" * (bounds.MAX_TEXT + 1)], [], "karen")
    with pytest.raises(bounds.DateOutOfRangeError):
        meeting.move(date(2201, 1, 1), "Flyttet", "karen")


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("9" * 5000), Decimal("1e20")]
)
def test_an_indicator_refuses_a_value_that_is_not_a_finite_number_of_sane_size(value: Decimal) -> None:
    log = IndicatorLog.open(uuid4(), "amager", "udsaettelser", "karen")

    with pytest.raises(bounds.NumberOutOfRangeError):
        log.measure("2015", value, ON, "Fogedretten", "karen")


def test_a_contract_refuses_a_signing_or_revision_dated_outside_the_years_it_records(
    amager_terms: ContractTerms,
) -> None:
    contract = Contract.draft("amager", amager_terms, "karen")

    with pytest.raises(bounds.DateOutOfRangeError):
        contract.sign(date(9999, 12, 31), "karen")
    with pytest.raises(bounds.DateOutOfRangeError):
        contract.revise(amager_terms, date(1, 1, 1), Decision("Boligsocialt Forum Amager"), "karen")
    with pytest.raises(bounds.TextTooLongError):
        contract.revise(amager_terms, ON, Decision("x" * (bounds.MAX_NAME + 1)), "karen")


def test_terms_built_without_validation_cannot_be_drafted_with_a_poison_amount(amager_terms: ContractTerms) -> None:
    plan = amager_terms.plans[0]
    frame = BudgetFrame.model_construct(total=10**20, funders=[], allocations=[])
    poisoned = amager_terms.model_copy(update={"plans": [plan.model_copy(update={"budget_frame": frame})]})

    with pytest.raises(TermsError):
        Contract.draft("amager", poisoned, "karen")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period(start=date(1, 1, 1)),
        lambda: Period(start=date(2014, 1, 1), end=date(9999, 12, 31)),
        lambda: BudgetFrame(total=10**20),
        lambda: Party(key="sof", name="x" * (bounds.MAX_TEXT + 1), kind="other"),
        lambda: Party(key="sof", name="Social\x00forvaltningen", kind="other"),
        lambda: Party(key="sof", name="SOF", kind="other", members=["VIBO"] * (bounds.MAX_ITEMS + 1)),
    ],
)
def test_a_value_object_of_the_terms_cannot_be_built_with_an_absurd_value(build: object) -> None:
    with pytest.raises(ValidationError):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    "written", [float("nan"), float("inf"), "NaN", 10**20, "9" * 5000, 1e308, "1e400", "10.000.000.000.001"]
)
def test_an_amount_in_a_contract_file_beyond_ten_trillion_kroner_or_not_finite_is_refused(written: object) -> None:
    with pytest.raises(ValueError):
        parse_kroner(written)


def test_the_largest_amount_fits_a_64_bit_integer_summed_many_times() -> None:
    assert bounds.MAX_ORE * 9_000 < 2**63
    assert parse_kroner("10.000.000.000.000") == bounds.MAX_ORE
