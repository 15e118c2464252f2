"""Partial corrections of ledger entries, reversal of what remains, and expenses shared out by funder shares."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, StoredEvent, UUIDAsHex
from hypothesis import given as given_values
from hypothesis import strategies as st

from domain import budget
from domain.budget import Ledger
from domain.contract import Contract
from domain.money import split_by_shares
from domain.transcodings import register
from projections import budget_use, contract_record
from projections.decoding import decode_all
from projections.known_at import as_known_at
from tests.conftest import AMAGER, contract_file
from tests.unit.scenario import expect, given, history

CONTRACT = uuid4()
ENTRY = 12_500_050  # 125.000,50 kr.
SHARES = [Decimal(75), Decimal("12.5"), Decimal("12.5")]


def opened(*commands: Any) -> list[Any]:
    """A ledger with one 125.000,50 kr. expense without a funder (entry 1), then ``commands``."""
    return history(
        lambda: Ledger.open(CONTRACT, "amager", "urbanplanen", actor="ann"),
        lambda ledger: ledger.book(date(2015, 5, 1), ENTRY, None, None, "Temadag", "B-9", actor="ann"),
        *commands,
    )


def test_a_correction_takes_its_amount_off_the_entry_as_a_new_counter_entry() -> None:
    then = given(*opened()).when(lambda ledger: ledger.correct(1, date(2015, 6, 1), 2_500_000, "For meget", "ann"))

    then.then(expect(Ledger.ExpenseCorrected, entry=2, corrects=1, amount_ore=2_500_000, reason="For meget"))
    ledger = then.aggregate
    assert then.result == 2
    assert [e.amount_ore for e in ledger.entries] == [ENTRY, -2_500_000]
    assert (ledger.entries[1].corrects, ledger.entries[1].voucher) == (1, "B-9")
    assert ledger.remaining_ore(1) == 10_000_050
    assert ledger.spent_ore() == 10_000_050


def test_corrections_add_up_to_at_most_what_remains_of_the_entry() -> None:
    past = opened(lambda ledger: ledger.correct(1, date(2015, 6, 1), 2_500_000, "For meget", "ann"))

    given(*past).when(lambda ledger: ledger.correct(1, date(2015, 6, 2), 10_000_051, "Igen", "ann")).refused(
        budget.CorrectionExceedsRemainingError
    )
    given(*past).when(lambda ledger: ledger.correct(1, date(2015, 6, 2), 10_000_050, "Resten", "ann")).then(
        expect(Ledger.ExpenseCorrected, amount_ore=10_000_050)
    )


def test_reversing_a_partly_corrected_entry_reverses_what_remains() -> None:
    past = opened(lambda ledger: ledger.correct(1, date(2015, 6, 1), 2_500_000, "For meget", "ann"))

    then = given(*past).when(lambda ledger: ledger.reverse(1, date(2015, 7, 1), "Fejlbogført", "ann"))

    then.then(expect(Ledger.ExpenseReversed, entry=3, reverses=1, amount_ore=10_000_050))
    assert [e.amount_ore for e in then.aggregate.entries] == [ENTRY, -2_500_000, -10_000_050]
    assert then.aggregate.spent_ore() == 0


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (lambda ledger: ledger.correct(1, date(2015, 6, 1), 0, "Nul", "ann"), budget.CorrectionNotPositiveError),
        (lambda ledger: ledger.correct(1, date(2015, 6, 1), -5, "Minus", "ann"), budget.CorrectionNotPositiveError),
        (lambda ledger: ledger.correct(1, date(2015, 4, 30), 100, "Før", "ann"), budget.CorrectionBeforeEntryError),
        (lambda ledger: ledger.correct(1, date(2015, 6, 1), 100, " ", "ann"), budget.CorrectionReasonRequiredError),
        (lambda ledger: ledger.correct(9, date(2015, 6, 1), 100, "Hvilken", "ann"), budget.EntryNotFoundError),
        (lambda ledger: ledger.correct(2, date(2015, 6, 1), 100, "Rettelse", "ann"), budget.CounterEntryError),
        (lambda ledger: ledger.reverse(2, date(2015, 6, 1), "Rettelse", "ann"), budget.CounterEntryError),
    ],
)
def test_a_correction_is_refused_when_it_breaks_a_rule(command: Any, error: type[Exception]) -> None:
    past = opened(lambda ledger: ledger.correct(1, date(2015, 6, 1), 1_000, "Lidt", "ann"))

    given(*past).when(command).refused(error)


def test_a_reversed_entry_is_not_corrected_and_one_corrected_to_nothing_is_not_reversed() -> None:
    reversed_ = opened(lambda ledger: ledger.reverse(1, date(2015, 6, 1), "Fejl", "ann"))
    emptied = opened(lambda ledger: ledger.correct(1, date(2015, 6, 1), ENTRY, "Hele beløbet", "ann"))

    given(*reversed_).when(lambda ledger: ledger.correct(1, date(2015, 6, 2), 1, "x", "ann")).refused(
        budget.AlreadyReversedError
    )
    given(*emptied).when(lambda ledger: ledger.reverse(1, date(2015, 6, 2), "x", "ann")).refused(
        budget.NothingRemainsError
    )


def test_a_reversal_stored_before_corrections_existed_still_reverses_the_whole_entry() -> None:
    state: dict[str, Any] = {"entry": 2, "reverses": 1, "booked_on": date(2015, 6, 1), "reason": "x", "actor": "a"}

    Ledger.ExpenseReversed.upcast_v1_v2(state)

    assert state["amount_ore"] is None  # apply() then takes the whole amount off, as version 1 did


def test_an_amount_shared_75_12_5_12_5_gives_the_leftover_ore_to_the_largest_fractions() -> None:
    # 10.000.050 øre: 7.500.037,5 / 1.250.006,25 / 1.250.006,25 -> the one øre left goes to the 0,5.
    assert split_by_shares(10_000_050, SHARES) == [7_500_038, 1_250_006, 1_250_006]
    # 3 øre: 2,25 / 0,375 / 0,375 -> one øre left, a tie between equal fractions goes to the first listed.
    assert split_by_shares(3, SHARES) == [2, 1, 0]
    assert split_by_shares(-3, SHARES) == [-2, -1, 0]


@given_values(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from([SHARES, [Decimal(100)],
              [Decimal("33.3"), Decimal("33.3"), Decimal("33.4")], [Decimal("0.1"), Decimal("99.9")]]))  # fmt: skip
def test_shared_parts_add_up_exactly_to_the_amount_and_differ_from_the_exact_part_by_under_one_ore(
    amount: int, shares: list[Decimal]
) -> None:
    parts = split_by_shares(amount, shares)

    assert sum(parts) == amount
    assert all(abs(part - Decimal(amount) * p / 100) < 1 for part, p in zip(parts, shares, strict=True))


def record_with(*commands: Any) -> Any:
    file = contract_file(AMAGER)
    contract = Contract.draft(file.key, file.terms(), actor="koordinator")
    ledger = Ledger.open(contract.id, contract.key, "urbanplanen", actor="ann")
    for command in commands:
        command(ledger)
    return contract_record.fold(contract.id, contract.collect_events() + ledger.collect_events())


def urbanplanen(record: Any, on: date) -> dict[str, Any]:
    return next(p for p in budget_use.budget_use(record, on) if p["plan"] == "urbanplanen")


def test_budget_use_counts_a_correction_from_its_own_date_and_shares_what_remains_by_funder() -> None:
    record = record_with(
        lambda ledger: ledger.book(date(2015, 5, 1), ENTRY, None, None, "Temadag", None, actor="ann"),
        lambda ledger: ledger.correct(1, date(2015, 6, 1), 2_500_000, "For meget", actor="ann"),
    )

    before, after = urbanplanen(record, date(2015, 5, 31)), urbanplanen(record, date(2015, 6, 1))

    assert (before["booked"], before["corrected"], before["spent"]) == (ENTRY, 0, ENTRY)
    assert (after["booked"], after["corrected"], after["reversed"], after["spent"]) == (ENTRY, 2_500_000, 0, 10_000_050)
    spent = {f["funder"]: (f["spent"], f["by_shares"]) for f in after["by_funder"]}
    assert spent == {
        "lbf": (7_500_038, 7_500_038),
        "municipality": (1_250_006, 1_250_006),
        "housing_organisations": (1_250_006, 1_250_006),
    }


def test_a_reversal_stored_before_corrections_existed_replays_as_the_whole_entry_in_both_decoders() -> None:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):  # as the application registers them
        transcoder.register(transcoding)
    register(transcoder)
    mapper: Mapper[Any] = Mapper(transcoder)
    events = opened(lambda ledger: ledger.reverse(1, date(2015, 6, 1), "Fejl", "ann"))
    stored = [mapper.to_stored_event(e) for e in events]
    state = transcoder.decode(stored[-1].state)
    assert (state.pop("class_version"), state.pop("amount_ore")) == (2, ENTRY)
    stored[-1] = StoredEvent(stored[-1].originator_id, stored[-1].originator_version, stored[-1].topic,
                             transcoder.encode(state))  # fmt: skip  # as version 1 stored it

    slow = [mapper.to_domain_event(s) for s in stored]
    fast = decode_all(
        mapper, [(i, s.originator_id, s.originator_version, s.topic, s.state) for i, s in enumerate(stored)]
    )

    for decoded in (slow, fast):
        ledger = given(*decoded).aggregate
        assert [e.amount_ore for e in ledger.entries] == [ENTRY, -ENTRY]


def test_budget_use_as_known_before_a_correction_was_recorded_shows_the_whole_entry() -> None:
    record = record_with(
        lambda ledger: ledger.book(date(2015, 5, 1), ENTRY, None, None, "Temadag", None, actor="ann"),
        lambda ledger: ledger.correct(1, date(2015, 6, 1), 2_500_000, "For meget", actor="ann"),
    )
    booked_at = datetime.fromisoformat(record["ledgers"]["urbanplanen"][0]["recorded_at"])

    then, now = urbanplanen(as_known_at(record, booked_at), date(2015, 6, 30)), urbanplanen(record, date(2015, 6, 30))

    assert (then["corrected"], then["spent"]) == (0, ENTRY)
    assert (now["corrected"], now["spent"]) == (2_500_000, 10_000_050)
