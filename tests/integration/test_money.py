"""Money on a real SQLite file and a real PostgreSQL: partial corrections, reversal of what remains, and
expenses without a funder shared out by the plan's funder shares, against hand-computed figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.budget import CorrectionExceedsRemainingError, CounterEntryError
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision
from projections import audit_log, budget_use
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file, projecting

KEY = "amager-udsatte-grupper-2013"
PLAN = "urbanplanen"
FRAME = 303_844_700  # 3.038.447,00 kr.
FORUM = Decision("Boligsocialt Forum Amager", date(2015, 11, 15), "punkt 5")


@pytest.fixture
def tracker(store: dict[str, str]) -> Iterator[Tracker]:
    t = Tracker(store, clock=lambda: date(2017, 12, 31))
    t.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    yield t
    t.close()


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    yield from projecting(tracker, store, page_size=3)


def use_of(projector: Projector, on: date) -> dict[str, Any]:
    projector.catch_up()
    [record] = load_records(projector.db, KEY)
    return next(p for p in budget_use.budget_use(record, on) if p["plan"] == PLAN)


def funders(plan: dict[str, Any]) -> dict[str | None, tuple[int, int]]:
    """Spent per funder, and how much of it was shared out by the funder shares."""
    return {f["funder"]: (f["spent"], f["by_shares"]) for f in plan["by_funder"]}


def with_frame(terms: ContractTerms, **changes: Any) -> ContractTerms:
    plans = [
        p.model_copy(update={"budget_frame": p.budget_frame.model_copy(update=changes)}) if p.key == PLAN else p
        for p in terms.plans
    ]
    return terms.model_copy(update={"plans": plans})


def test_correcting_25_000_kr_of_a_125_000_50_kr_entry_leaves_100_000_50_kr(
    tracker: Tracker, projector: Projector
) -> None:
    # Given 125.000,50 kr. booked without a funder on 1 May 2015
    entry, _ = tracker.book_expense(KEY, PLAN, date(2015, 5, 1), 12_500_050, "Temadag", "okonomi")
    # When 25.000,00 kr. of it is corrected on 1 June, and then 100.000,51 kr. more is tried
    number, _ = tracker.correct_expense(KEY, PLAN, entry, date(2015, 6, 1), 2_500_000, "Kreditnota", "okonomi")
    version = tracker.get_ledger(KEY, PLAN).version  # type: ignore[union-attr]
    with pytest.raises(CorrectionExceedsRemainingError):
        tracker.correct_expense(KEY, PLAN, entry, date(2015, 6, 2), 10_000_051, "For meget", "okonomi")
    with pytest.raises(CounterEntryError):
        tracker.correct_expense(KEY, PLAN, number, date(2015, 6, 2), 1, "Rettelsen", "okonomi")

    # Then 100.000,50 kr. remain: spent 10.000.050 øre from 1 June, the frame less that is left,
    # and 75 / 12,5 / 12,5 % of it is 7.500.037,5 / 1.250.006,25 / 1.250.006,25 øre: the øre left goes to LBF.
    assert tracker.get_ledger(KEY, PLAN).version == version  # type: ignore[union-attr]  # nothing written
    may, june = use_of(projector, date(2015, 5, 31)), use_of(projector, date(2015, 6, 1))
    assert (may["booked"], may["corrected"], may["spent"]) == (12_500_050, 0, 12_500_050)
    assert (june["booked"], june["corrected"], june["reversed"], june["spent"]) == (
        12_500_050,
        2_500_000,
        0,
        10_000_050,
    )
    assert june["remaining"] == FRAME - 10_000_050 == 293_844_650
    assert june["monthly_burn"] == {"2015-05": 12_500_050, "2015-06": -2_500_000}
    assert funders(june) == {
        "lbf": (7_500_038, 7_500_038),
        "municipality": (1_250_006, 1_250_006),
        "housing_organisations": (1_250_006, 1_250_006),
    }
    [row] = audit_log.query(projector.db, contract=KEY, event_type="ExpenseCorrected")
    assert row["summary"] == "okonomi rettede postering 1 ned med 25.000,00 kr. 01.06.2015 (Kreditnota)"
    assert row["effective_date"] == "2015-06-01"


def test_reversing_a_partly_corrected_entry_reverses_what_remains(tracker: Tracker, projector: Projector) -> None:
    entry, _ = tracker.book_expense(KEY, PLAN, date(2015, 5, 1), 12_500_050, "Temadag", "okonomi", funder="lbf")
    tracker.correct_expense(KEY, PLAN, entry, date(2015, 6, 1), 2_500_000, "Kreditnota", "okonomi")

    tracker.reverse_expense(KEY, PLAN, entry, date(2015, 7, 1), "Fejlbogført", "okonomi")

    ledger = tracker.get_ledger(KEY, PLAN)
    assert ledger is not None and [e.amount_ore for e in ledger.entries] == [12_500_050, -2_500_000, -10_000_050]
    july = use_of(projector, date(2015, 7, 1))
    assert (july["booked"], july["corrected"], july["reversed"], july["spent"]) == (
        12_500_050,
        2_500_000,
        10_000_050,
        0,
    )
    assert funders(july)["lbf"] == (0, 0)
    [row] = audit_log.query(projector.db, contract=KEY, event_type="ExpenseReversed")
    assert row["summary"] == "okonomi tilbageførte postering 1 (100.000,50 kr.) 01.07.2015 (Fejlbogført)"


def test_an_expense_without_a_funder_is_shared_by_the_shares_in_force_on_the_day_it_was_booked(
    tracker: Tracker, projector: Projector
) -> None:
    # Given 1.000,00 kr. without a funder in 2015 (75 / 12,5 / 12,5), 1.000,00 kr. to the municipality, and the
    # forum's change of the shares to 70 / 15 / 15 from 2016, then 1.000,00 kr. without a funder in 2016.
    tracker.book_expense(KEY, PLAN, date(2015, 3, 1), 100_000, "Kaffe 2015", "okonomi")
    tracker.book_expense(KEY, PLAN, date(2015, 3, 2), 100_000, "Lokaleleje", "okonomi", funder="municipality")
    terms = tracker.get_contract(KEY).terms(date(2016, 1, 1))
    old = next(p for p in terms.plans if p.key == PLAN).budget_frame.funders
    shares = [s.model_copy(update={"percent": Decimal(p)}) for s, p in zip(old, ["70", "15", "15"], strict=True)]
    tracker.revise_contract(KEY, with_frame(terms, funders=shares), date(2016, 1, 1), FORUM, actor="koordinator")
    tracker.book_expense(KEY, PLAN, date(2016, 3, 1), 100_000, "Kaffe 2016", "okonomi")

    plan = use_of(projector, date(2016, 12, 31))

    # 2015: 75.000 / 12.500 / 12.500 øre; 2016: 70.000 / 15.000 / 15.000 øre; the municipality's own 100.000 øre.
    assert funders(plan) == {
        "lbf": (145_000, 145_000),
        "municipality": (127_500, 27_500),
        "housing_organisations": (27_500, 27_500),
    }
    assert sum(f["spent"] for f in plan["by_funder"]) == plan["spent"] == 300_000
    assert [f["frame"] for f in plan["by_funder"]] == [212_691_290, 45_576_705, 45_576_705]  # 70 / 15 / 15 %


def test_a_plan_that_keeps_expenses_without_a_funder_apart_shows_them_in_a_row_of_their_own(
    tracker: Tracker, projector: Projector
) -> None:
    terms = tracker.get_contract(KEY).terms(date(2015, 1, 1))
    tracker.revise_contract(
        KEY, with_frame(terms, unassigned_expenses="unassigned"), date(2015, 1, 1), FORUM, actor="koordinator"
    )
    tracker.book_expense(KEY, PLAN, date(2015, 3, 1), 12_500_050, "Temadag", "okonomi")

    plan = use_of(projector, date(2015, 12, 31))

    assert plan["unassigned_expenses"] == "unassigned"
    assert funders(plan) == {
        "lbf": (0, 0),
        "municipality": (0, 0),
        "housing_organisations": (0, 0),
        None: (12_500_050, 0),
    }
    assert next(f for f in plan["by_funder"] if f["funder"] is None)["frame"] is None
