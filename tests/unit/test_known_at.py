"""Answers as known at a time: the record cut to what was recorded by then answers as a record folded then."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from domain.budget import Ledger
from domain.cadence import Occurrence
from domain.contract import Contract
from domain.errors import ContractNotKnownError
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import Evidence, ObligationLog
from domain.versions import Decision
from projections import contract_record, known_at
from projections.contract_status import contract_status
from projections.known_at import as_known_at
from projections.record_shape import Record
from tests.conftest import AMAGER, contract_file, network_times

START = datetime(2014, 1, 1, 9, tzinfo=UTC)
DECISION = Decision("Boligsocialt Forum Amager", date(2015, 11, 15), "punkt 3")
DUTY = "sof-kontaktliste-og-dagsorden"


def stamped(events: list[Any], at: datetime) -> list[Any]:
    """``events`` as recorded at ``at`` (a second apart, in order)."""
    return [dataclasses.replace(e, timestamp=at + timedelta(seconds=i)) for i, e in enumerate(events)]


class History:
    """The Amager contract's facts, each batch recorded on the day it is given."""

    def __init__(self) -> None:
        file = contract_file(AMAGER)
        self.terms = file.terms()
        self.contract = Contract.draft(file.key, self.terms, actor="koordinator")
        self.events: list[Any] = []
        self.obligations = ObligationLog.open(self.contract.id, file.key, DUTY, "sof", actor="koordinator")
        self.ledger = Ledger.open(self.contract.id, file.key, "urbanplanen", actor="okonomi")
        self.indicator = IndicatorLog.open(self.contract.id, file.key, "udsaettelser", actor="koordinator")
        self.meetings: dict[str, Meeting] = {}

    def record(self, day: date, *commands: Any) -> None:
        """Run ``commands`` and record their events at 09:00 UTC on ``day``."""
        for command in commands:
            command()
        aggregates = [self.contract, self.obligations, self.ledger, self.indicator, *self.meetings.values()]
        found = [e for a in aggregates for e in a.collect_events()]
        found.sort(key=lambda e: e.timestamp)
        self.events += stamped(found, datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9))

    def schedule(self, name: str, on: date) -> None:
        self.meetings[name] = Meeting.schedule(
            uuid4(), self.contract.id, self.contract.key, "praksisnetvaerk", "netvaerksmoede", on, ["sof"], "", "",
            actor="karen",
        )  # fmt: skip

    def hold(self, name: str, on: date) -> None:
        self.meetings[name].hold(on, ["sof", "3b"], ["Kontaktliste vedtaget"], [], actor="karen")

    def fulfil(self, window: Occurrence, on: date) -> None:
        self.obligations.fulfil([window], on, None, "sof", Evidence(document="Kontaktliste"), actor="karen")

    def record_so_far(self) -> Record:
        return contract_record.fold(self.contract.id, self.events)


def amager_until_june_2015() -> History:
    """Signed, two network meetings held, one fulfilment, an expense and a measurement, all by 1 June 2015."""
    h = History()
    h.record(date(2013, 12, 12), lambda: h.contract.sign(date(2013, 12, 12), actor="koordinator"))
    h.record(
        date(2014, 3, 12), lambda: h.schedule("marts", date(2014, 3, 12)), lambda: h.hold("marts", date(2014, 3, 12))
    )
    h.record(date(2014, 3, 13), lambda: h.fulfil(Occurrence(date(2014, 1, 1), date(2014, 4, 30)), date(2014, 3, 12)))
    h.record(
        date(2014, 5, 2),
        lambda: h.ledger.book(date(2014, 5, 1), 15_000_000, "praksisnetvaerk", "lbf", "Temadag", None, actor="okonomi"),
    )
    h.record(date(2014, 6, 1), lambda: h.schedule("juni", date(2014, 6, 18)))
    h.record(
        date(2015, 2, 1), lambda: h.indicator.measure("2014", Decimal(40), date(2015, 1, 31), "Lejerbo", actor="k")
    )
    return h


PRINTED = datetime(2015, 6, 1, 12, tzinfo=UTC)  # the forum printed its pack then


def corrected_afterwards(h: History) -> None:
    """Facts recorded after PRINTED: some about days before it, which must not change the answer as known then."""
    h.record(date(2015, 6, 2), lambda: h.hold("juni", date(2014, 6, 18)))  # late evidence of a 2014 meeting
    h.record(date(2015, 6, 3), lambda: h.ledger.reverse(1, date(2014, 5, 2), "Fejlbogført", actor="okonomi"))
    h.record(date(2015, 6, 4), lambda: h.indicator.correct("2014", Decimal(38), date(2015, 1, 31), "Rettet", actor="k"))
    h.record(
        date(2015, 6, 5),
        lambda: h.contract.revise(network_times(h.terms, 4), date(2014, 1, 1), DECISION, actor="koordinator"),
    )
    h.record(date(2015, 6, 6), lambda: h.contract.end(date(2015, 3, 31), "Ophørt", actor="koordinator"))


def test_an_answer_as_known_at_a_time_stays_the_same_when_facts_are_recorded_afterwards() -> None:
    h = amager_until_june_2015()
    before = contract_status(h.record_so_far(), date(2015, 5, 31))
    corrected_afterwards(h)
    record = h.record_so_far()

    again = contract_status(as_known_at(record, PRINTED), date(2015, 5, 31))
    now = contract_status(record, date(2015, 5, 31))

    assert again == before
    assert now != before


def test_terms_lifecycle_meetings_money_and_measurements_are_each_as_known_then() -> None:
    h = amager_until_june_2015()
    corrected_afterwards(h)
    record = h.record_so_far()
    as_of = date(2015, 5, 31)

    then = contract_status(as_known_at(record, PRINTED), as_of)
    now = contract_status(record, as_of)

    # Then: signed, 3 network meetings a year, only March 2014 held, 150.000 kr spent, 40 evictions in 2014.
    assert (then["contract"]["status"], now["contract"]["status"]) == ("signed", "ended")
    assert (then["contract"]["terms_version"], now["contract"]["terms_version"]) == (1, 2)
    network_then, network_now = then["meetings"][0], now["meetings"][0]
    assert (network_then["frequency"], network_now["frequency"]) == ("3 gange årligt", "4 gange årligt")
    assert _held(network_then) == ["2014-03-12"] and _held(network_now) == ["2014-03-12", "2014-06-18"]
    assert (_spent(then, "urbanplanen"), _spent(now, "urbanplanen")) == (15_000_000, 0)
    latest = [g["indicators"][0]["latest"] for g in (then["goals"][0], now["goals"][0])]
    assert latest == ["40", "38"]


def _spent(status: dict[str, Any], plan: str) -> int:
    return int(next(p["spent"] for p in status["budget"] if p["plan"] == plan))


def _held(cadence: dict[str, Any]) -> list[str]:
    return sorted(m for w in cadence["windows"] for m in w.get("held", []))


def test_a_contract_not_yet_recorded_at_the_time_is_not_known() -> None:
    h = amager_until_june_2015()

    with pytest.raises(ContractNotKnownError):
        as_known_at(h.record_so_far(), datetime(2013, 1, 1, tzinfo=UTC))


def test_no_time_means_now_and_a_time_after_every_fact_changes_nothing() -> None:
    h = amager_until_june_2015()
    corrected_afterwards(h)
    record = h.record_so_far()

    assert as_known_at(record, None) is record
    assert as_known_at(record, datetime(2030, 1, 1, tzinfo=UTC)) == record


def test_the_lists_as_known_then_leave_out_contracts_recorded_later() -> None:
    h = amager_until_june_2015()
    record = h.record_so_far()
    moment = datetime(2013, 12, 12, 12, tzinfo=UTC)

    listed = known_at.directory([record], date(2014, 1, 1), moment, {})
    unknown = known_at.directory([record], date(2014, 1, 1), START - timedelta(days=800), {})

    assert [entry["status"] for entry, _ in listed] == ["signed"]
    assert unknown == []


def test_the_record_as_known_at_any_time_is_the_record_folded_from_the_events_recorded_by_then() -> None:
    """For every cut between two recordings (and on one), the record as known then equals the record folded from
    the events recorded by then: every slice, every replaced meeting, settlement and measurement."""
    h = amager_until_june_2015()
    corrected_afterwards(h)
    events = sorted(h.events, key=lambda e: e.timestamp)
    record = contract_record.fold(h.contract.id, events)
    for cut in range(1, len(events) + 1):
        for moment in (events[cut - 1].timestamp, events[cut - 1].timestamp + timedelta(milliseconds=500)):
            expected = contract_record.fold(h.contract.id, events[:cut])
            assert _facts(as_known_at(record, moment)) == _facts(expected), (cut, moment)


def _facts(value: Any) -> Any:
    """The record's facts: without the routes and the empty slices that opening a log makes (no fact yet)."""
    if isinstance(value, dict):
        found = {k: _facts(v) for k, v in value.items() if k != "routes"}
        return {k: v for k, v in found.items() if v not in ({}, [])}
    return value


def test_a_waiver_withdrawn_later_is_in_force_as_known_before_its_withdrawal() -> None:
    """The duty's facts are append-only lists: the withdrawal recorded later is left out as known before it."""
    h = amager_until_june_2015()
    window = Occurrence(date(2014, 9, 1), date(2014, 12, 31))
    h.record(date(2015, 3, 1), lambda: h.obligations.waive([window], window.due, "Aflyst", "k"))
    h.record(date(2015, 7, 1), lambda: h.obligations.withdraw_waiver(window.due, "Fejl", "k"))
    record = h.record_so_far()

    then = as_known_at(record, PRINTED)["settlements"][DUTY]
    after = as_known_at(record, datetime(2015, 7, 2, tzinfo=UTC))["settlements"][DUTY]

    assert ([w["due"] for w in then["waivers"]], then["withdrawals"]) == (["2014-12-31"], [])
    assert [w["reason"] for w in after["withdrawals"]] == ["Fejl"]


def test_a_slice_whose_entries_carry_their_recording_time_is_cut_without_code_of_its_own() -> None:
    """The attestations slice (lists of entries by period) as known then: the correction recorded later is left out."""
    h = amager_until_june_2015()
    record = h.record_so_far()
    first = {"period": "2014", "status": "partly_met", "reason": "Halvt", "evidence": "Notat", "day": "2015-01-20",
             "party": "sof", "actor": "k", "recorded_at": "2015-01-20T09:00:00+00:00"}  # fmt: skip
    later = {**first, "status": "met", "reason": "", "recorded_at": "2015-06-20T09:00:00+00:00"}
    record["attestations"] = {"sof-standing": {"attested": {"2014": [first, later]}, "evidence": []}}

    then = as_known_at(record, PRINTED)["attestations"]["sof-standing"]["attested"]["2014"]

    assert [a["status"] for a in then] == ["partly_met"]
