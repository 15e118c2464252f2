"""The projections' pure parts: folds over plain lists of events, answers for explicit dates."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.budget import Ledger
from domain.cadence import Occurrence
from domain.contract import Contract
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog
from projections import audit_log, budget_use, contract_record, obligation_status, overdue_meetings
from projections.routing import Routed
from tests.conftest import AMAGER, EXAMPLE, contract_file


def contract_events(path: Any = AMAGER) -> tuple[Contract, list[Any]]:
    file = contract_file(path)
    contract = Contract.draft(file.key, file.terms(), actor="koordinator")
    contract.sign(date(2013, 12, 12), actor="koordinator")
    return contract, contract.collect_events()


def held(contract: Contract, cadence: str, on: date) -> list[Any]:
    meeting = Meeting.schedule(
        uuid4(), contract.id, contract.key, "praksisnetvaerk", cadence, on, ["sof"], "", "", actor="karen"
    )
    meeting.hold(on, ["sof"], [], [], actor="karen")
    return meeting.collect_events()


def network_overdue(events: list[Any], contract: Contract, as_of: date) -> list[str]:
    record = contract_record.fold(contract.id, events)
    return [r["due"] for r in overdue_meetings.overdue(record, as_of) if r["cadence"] == "netvaerksmoede"]


def test_a_network_window_is_not_overdue_on_its_last_day_and_is_the_day_after() -> None:
    contract, events = contract_events()

    assert network_overdue(events, contract, date(2014, 4, 30)) == []
    assert network_overdue(events, contract, date(2014, 5, 1)) == ["2014-04-30"]


def test_a_meeting_on_the_window_edges_meets_the_window() -> None:
    contract, events = contract_events()
    events += held(contract, "netvaerksmoede", date(2014, 1, 1)) + held(contract, "netvaerksmoede", date(2014, 8, 31))

    assert network_overdue(events, contract, date(2015, 1, 1)) == ["2014-12-31"]


def test_a_meeting_held_after_the_as_of_date_does_not_count_yet() -> None:
    contract, events = contract_events()
    events += held(contract, "netvaerksmoede", date(2014, 4, 20))

    assert network_overdue(events, contract, date(2014, 4, 19)) == []  # still open, not yet held
    assert network_overdue(events, contract, date(2014, 5, 1)) == []
    windows = overdue_meetings.compliance(contract_record.fold(contract.id, events), date(2014, 4, 19))[0]["windows"]
    assert windows[0]["state"] == "open"


def test_overdue_windows_across_a_year_boundary() -> None:
    contract, events = contract_events()

    assert network_overdue(events, contract, date(2015, 1, 2)) == ["2014-04-30", "2014-08-31", "2014-12-31"]


def test_as_needed_meetings_are_never_overdue() -> None:
    contract, events = contract_events()
    record = contract_record.fold(contract.id, events)

    cadence = {c["cadence"]: c for c in overdue_meetings.compliance(record, date(2017, 12, 31))}
    assert cadence["temamoede-ejendomsfunktionaerer"]["windows"] == []
    assert cadence["temamoede-ejendomsfunktionaerer"]["overdue"] == 0


def test_a_fourteen_day_duty_is_overdue_per_missed_fortnight() -> None:
    contract, events = contract_events(EXAMPLE)
    record = contract_record.fold(contract.id, events)
    every = [
        (a.key, r.key) for a in contract.terms().activities for r in a.responsibilities if r.schedule.kind == "every"
    ]
    [(_, duty)] = every

    status = obligation_status.status(record, date(2018, 2, 13))
    rows = [(o["due"], o["state"]) for o in status["occurrences"] if o["responsibility"] == duty][:4]
    assert rows == [
        ("2018-01-15", "overdue"),
        ("2018-01-29", "overdue"),
        ("2018-02-12", "overdue"),
        ("2018-02-26", "due_soon"),
    ]


def test_a_waived_occurrence_is_waived_and_not_counted_in_percent_met() -> None:
    contract, events = contract_events()
    log = ObligationLog.open(contract.id, contract.key, "sof-kontaktliste-og-dagsorden", "sof", actor="karen")
    log.waive([Occurrence(date(2014, 1, 1), date(2014, 4, 30))], date(2014, 4, 30), "Listen fandtes allerede", "karen")
    record = contract_record.fold(contract.id, events + log.collect_events())

    status = obligation_status.status(record, date(2014, 5, 1))
    [row] = [o for o in status["occurrences"] if o["responsibility"] == "sof-kontaktliste-og-dagsorden"]
    assert row["state"] == "waived"
    assert status["by_party"]["sof"]["waived"] == 1


def test_a_fulfilment_counts_from_its_own_date() -> None:
    contract, events = contract_events()
    log = ObligationLog.open(contract.id, contract.key, "sof-kontaktliste-og-dagsorden", "sof", actor="karen")
    first = [Occurrence(date(2014, 1, 1), date(2014, 4, 30))]
    log.fulfil(first, date(2014, 3, 12), None, "sof", Evidence(document="x"), actor="karen")
    record = contract_record.fold(contract.id, events + log.collect_events())

    def state(on: date) -> str:
        rows = obligation_status.status(record, on)["occurrences"]
        return next(o["state"] for o in rows if o["responsibility"] == "sof-kontaktliste-og-dagsorden")

    assert (state(date(2014, 3, 11)), state(date(2014, 3, 12))) == (
        "open",
        "met",
    )  # due 30.04: more than 30 days ahead on 11.03


def test_budget_use_counts_reversals_and_flags_overspending() -> None:
    contract, events = contract_events()
    ledger = Ledger.open(contract.id, contract.key, "sundholm-holmbladsgade", actor="okonomi")
    ledger.book(date(2014, 2, 1), 100_000_000, None, "lbf", "A", None, actor="okonomi")
    ledger.book(date(2014, 3, 1), 70_000_000, None, "municipality", "B", None, actor="okonomi")
    ledger.reverse(2, date(2014, 3, 2), "Fejl", actor="okonomi")
    ledger.book(date(2014, 4, 1), 70_000_000, None, "municipality", "B", None, actor="okonomi")
    record = contract_record.fold(contract.id, events + ledger.collect_events())

    [plan] = [p for p in budget_use.budget_use(record, date(2014, 12, 31)) if p["plan"] == "sundholm-holmbladsgade"]
    assert (plan["booked"], plan["reversed"], plan["spent"]) == (240_000_000, 70_000_000, 170_000_000)
    assert plan["overspent"] is True
    assert plan["monthly_burn"] == {"2014-02": 100_000_000, "2014-03": 0, "2014-04": 70_000_000}
    municipality = next(f for f in plan["by_funder"] if f["funder"] == "municipality")
    # 12,5 % of 1.626.217,00 kr. is 203.277,125 kr. for each of two funders: the one øre left goes to
    # the first of the tied fractions (largest remainder), the municipality.
    assert municipality == {
        "funder": "municipality",
        "frame": 20_327_713,
        "spent": 70_000_000,
        "remaining": -49_672_287,
        "by_shares": 0,
    }


@pytest.mark.parametrize(
    ("event_index", "text"),
    [
        (0, "koordinator oprettede kontrakten 'amager-udsatte-grupper-2013'"),
        (1, "koordinator registrerede kontrakten underskrevet 12.12.2013"),
    ],
)
def test_audit_rows_say_in_danish_who_did_what(event_index: int, text: str) -> None:
    contract, events = contract_events()

    row = audit_log.row(Routed(event_index + 1, events[event_index], str(contract.id), contract.key))

    assert row is not None and row[5] == "koordinator" and row[9] == text
