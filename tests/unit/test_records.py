"""Meetings, obligation logs, ledgers and indicator logs: their own rules, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.budget import (
    AlreadyReversedError,
    AmountNotPositiveError,
    EntryNotFoundError,
    Ledger,
    ReversalOfReversalError,
    format_kroner,
)
from domain.cadence import Occurrence
from domain.goal import AlreadyMeasuredError, IndicatorLog, NotAPeriodError
from domain.meeting import (
    AttendeesRequiredError,
    CancellationReasonRequiredError,
    Meeting,
    MeetingAlreadyHeldError,
    MeetingNotMovableError,
)
from domain.obligation import (
    AlreadySettledError,
    Evidence,
    EvidenceRequiredError,
    FulfilmentBeforeWindowError,
    ObligationLog,
    WaiverReasonRequiredError,
)

CONTRACT = uuid4()
FIRST_WINDOW = Occurrence(date(2014, 1, 1), date(2014, 4, 30))


def scheduled() -> Meeting:
    meeting = Meeting.schedule(
        uuid4(),
        CONTRACT,
        "amager",
        "praksisnetvaerk",
        "netvaerksmoede",
        date(2014, 3, 12),
        ["sof"],
        "Spaniensgade",
        "Dagsorden",
        actor="karen",
    )
    meeting.collect_events()
    return meeting


def test_holding_a_meeting_records_attendees_decisions_and_agreements() -> None:
    meeting = scheduled()

    meeting.hold(date(2014, 3, 12), ["sof", "3b"], ["Kontaktliste vedtaget"], ["Aftale om X"], actor="karen")

    [event] = meeting.collect_events()
    assert isinstance(event, Meeting.Held)
    assert (event.attendees, event.decisions, event.agreements) == (
        ["sof", "3b"],
        ["Kontaktliste vedtaget"],
        ["Aftale om X"],
    )
    assert event.actor == "karen"


def test_a_meeting_cannot_be_held_twice() -> None:
    meeting = scheduled()
    meeting.hold(date(2014, 3, 12), ["sof"], [], [], actor="karen")

    with pytest.raises(MeetingAlreadyHeldError):
        meeting.hold(date(2014, 3, 13), ["sof"], [], [], actor="karen")


def test_a_held_meeting_needs_an_attending_party() -> None:
    with pytest.raises(AttendeesRequiredError):
        scheduled().hold(date(2014, 3, 12), [], [], [], actor="karen")


def test_a_cancelled_meeting_cannot_be_held_or_moved() -> None:
    meeting = scheduled()
    meeting.cancel("Sygdom", actor="karen")

    with pytest.raises(MeetingAlreadyHeldError):
        meeting.hold(date(2014, 3, 12), ["sof"], [], [], actor="karen")
    with pytest.raises(MeetingNotMovableError):
        meeting.move(date(2014, 3, 20), "Ny dato", actor="karen")


def test_cancelling_needs_a_reason() -> None:
    with pytest.raises(CancellationReasonRequiredError):
        scheduled().cancel("  ", actor="karen")


def test_moving_a_meeting_changes_its_date() -> None:
    meeting = scheduled()
    meeting.move(date(2014, 3, 20), "Lokalet var optaget", actor="karen")

    [event] = meeting.collect_events()
    assert isinstance(event, Meeting.Moved)
    assert meeting.on == date(2014, 3, 20)


def new_obligation_log() -> ObligationLog:
    log = ObligationLog.open(CONTRACT, "amager", "indkald-netvaerksmoede", "sof", actor="karen")
    log.collect_events()
    return log


def test_fulfilling_an_occurrence_records_who_when_and_the_evidence() -> None:
    log = new_obligation_log()

    log.fulfil([FIRST_WINDOW], date(2014, 3, 12), None, "sof", Evidence(document="Referat 12.03"), actor="karen")

    [event] = log.collect_events()
    assert isinstance(event, ObligationLog.Fulfilled)
    assert (event.due, event.fulfilled_on, event.by_party) == (None, date(2014, 3, 12), "sof")  # no due named
    assert event.evidence == Evidence(document="Referat 12.03")


def test_an_occurrence_cannot_be_settled_twice() -> None:
    log = new_obligation_log()
    log.fulfil([FIRST_WINDOW], date(2014, 3, 12), None, "sof", Evidence(document="Referat"), actor="karen")

    with pytest.raises(AlreadySettledError):
        log.waive([FIRST_WINDOW], FIRST_WINDOW.due, "Ingen grund", actor="karen")


def test_a_fulfilment_needs_evidence() -> None:
    with pytest.raises(EvidenceRequiredError):
        new_obligation_log().fulfil([FIRST_WINDOW], date(2014, 3, 12), None, "sof", Evidence(), actor="karen")


def test_a_fulfilment_before_the_window_opens_is_refused() -> None:
    with pytest.raises(FulfilmentBeforeWindowError):
        new_obligation_log().fulfil(
            [FIRST_WINDOW], date(2013, 12, 1), FIRST_WINDOW.due, "sof", Evidence(document="x"), actor="karen"
        )


def test_waiving_needs_a_reason() -> None:
    with pytest.raises(WaiverReasonRequiredError):
        new_obligation_log().waive([FIRST_WINDOW], FIRST_WINDOW.due, "", actor="karen")


def new_ledger() -> Ledger:
    ledger = Ledger.open(CONTRACT, "amager", "urbanplanen", actor="ann")
    ledger.collect_events()
    return ledger


def test_booking_an_expense_records_it_in_ore() -> None:
    ledger = new_ledger()

    number = ledger.book(
        date(2014, 5, 1), 150_050, "praksisnetvaerk", "lbf", "Forplejning temadag", "B-17", actor="ann"
    )

    [event] = ledger.collect_events()
    assert isinstance(event, Ledger.ExpenseBooked)
    assert (number, event.amount_ore, event.voucher) == (1, 150_050, "B-17")
    assert ledger.spent_ore() == 150_050


@pytest.mark.parametrize("amount", [0, -100])
def test_an_expense_must_be_positive(amount: int) -> None:
    with pytest.raises(AmountNotPositiveError):
        new_ledger().book(date(2014, 5, 1), amount, None, None, "Forplejning", None, actor="ann")


def test_a_reversal_is_a_new_opposite_entry_and_the_original_stays() -> None:
    ledger = new_ledger()
    ledger.book(date(2014, 5, 1), 150_000, None, "lbf", "Forplejning", None, actor="ann")

    number = ledger.reverse(1, date(2014, 5, 2), "Fejlbogført", actor="ann")

    assert number == 2
    assert [e.amount_ore for e in ledger.entries] == [150_000, -150_000]
    assert ledger.entries[1].reverses == 1
    assert ledger.spent_ore() == 0


def test_an_entry_can_be_reversed_only_once_and_a_reversal_not_at_all() -> None:
    ledger = new_ledger()
    ledger.book(date(2014, 5, 1), 150_000, None, None, "Forplejning", None, actor="ann")
    ledger.reverse(1, date(2014, 5, 2), "Fejl", actor="ann")

    with pytest.raises(AlreadyReversedError):
        ledger.reverse(1, date(2014, 5, 3), "Igen", actor="ann")
    with pytest.raises(ReversalOfReversalError):
        ledger.reverse(2, date(2014, 5, 3), "Igen", actor="ann")


def test_reversing_an_unknown_entry_is_not_found() -> None:
    with pytest.raises(EntryNotFoundError):
        new_ledger().reverse(7, date(2014, 5, 3), "Fejl", actor="ann")


def test_amounts_are_shown_as_danish_kroner() -> None:
    assert format_kroner(162_621_700) == "1.626.217,00 kr."
    assert format_kroner(-150_050) == "-1.500,50 kr."


def test_an_indicator_is_measured_once_per_period_and_corrected_by_a_new_fact() -> None:
    log = IndicatorLog.open(CONTRACT, "amager", "udsaettelser", actor="ann")
    log.measure("2015", Decimal(41), date(2016, 1, 31), "Fogedretten", actor="ann")

    with pytest.raises(AlreadyMeasuredError):
        log.measure("2015", Decimal(40), date(2016, 2, 1), "Fogedretten", actor="ann")
    log.correct("2015", Decimal(40), date(2016, 2, 1), "Rettet opgørelse", actor="ann")

    assert [type(e).__name__ for e in log.collect_events()] == ["Opened", "Measured", "Corrected"]
    assert log.measurements["2015"].value == Decimal(40)


@pytest.mark.parametrize("period", ["15", "2015-Q5", "2015-13", "2015/1"])
def test_an_indicator_period_must_be_a_year_quarter_half_or_month(period: str) -> None:
    with pytest.raises(NotAPeriodError):
        IndicatorLog.open(CONTRACT, "amager", "x", actor="ann").measure(
            period, Decimal(1), date(2016, 1, 1), "k", actor="ann"
        )
