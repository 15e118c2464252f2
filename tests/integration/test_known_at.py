"""Answers as known at a time, on a real SQLite file and a real PostgreSQL: corrections recorded afterwards leave the
answer as known then unchanged, while the answer as known now changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from domain.errors import ContractNotKnownError
from domain.obligation import Evidence
from domain.tracker import Tracker
from domain.versions import Decision
from projections import known_at
from projections.contract_status import contract_status
from projections.known_at import as_known_at
from projections.record_shape import Record
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, contract_file, network_times, projecting

KEY = "amager-udsatte-grupper-2013"
AS_OF = date(2015, 5, 31)
NETWORK = "netvaerksmoede"
ATTENDEES = ["sof", "3b", "vibo-hab-aab-fsb-dfb"]


@pytest.fixture
def tracker(store: dict[str, str]) -> Iterator[Tracker]:
    """The Amager contract by 31 May 2015: signed, two network meetings held, one scheduled, a list handed in,
    an expense booked and the 2014 evictions measured."""
    tracker = Tracker(store, clock=lambda: date(2015, 6, 30))
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    for held in (date(2014, 3, 12), date(2014, 11, 5)):
        tracker.record_meeting_held(KEY, NETWORK, held, ATTENDEES, [], [], "", actor="karen")
    tracker.schedule_meeting(KEY, NETWORK, date(2015, 3, 10), "Sundholm", "", actor="karen")
    duty = "sof-kontaktliste-og-dagsorden"
    tracker.fulfil_obligation(KEY, duty, date(2014, 3, 12), Evidence(document="Kontaktliste"), "karen")
    tracker.book_expense(KEY, "urbanplanen", date(2014, 5, 1), 15_000_000, "Temadag", "okonomi", funder="lbf")
    tracker.record_measurement(KEY, "udsaettelser", "2014", Decimal(40), date(2015, 1, 31), "Lejerbo", "koordinator")
    yield tracker
    tracker.close()


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    yield from projecting(tracker, store, page_size=5)


def record_now(projector: Projector) -> Record:
    projector.catch_up()
    [found] = load_records(projector.db, KEY)
    return found


def a_moment_after_everything_so_far() -> datetime:
    """Now, once the clock has moved past it: every event recorded later has a later time."""
    moment = datetime.now(UTC)
    while datetime.now(UTC) <= moment:
        pass
    return moment


def record_corrections(tracker: Tracker, record: Record) -> None:
    """What the forum learnt after it printed: the scheduled meeting was held, an expense was wrong, a figure was
    corrected, the network meets 4 times a year from 1 January (a retroactive revision), the contract ended 1 May."""
    [scheduled] = [UUID(i) for i, m in record["meetings"].items() if m["state"] == "scheduled"]
    tracker.hold_meeting(scheduled, date(2015, 3, 10), ATTENDEES, ["Budget drøftet"], [], actor="karen")
    tracker.reverse_expense(KEY, "urbanplanen", 1, date(2015, 5, 20), "Fejlbogført", "okonomi")
    tracker.record_measurement(
        KEY, "udsaettelser", "2014", Decimal(38), date(2015, 1, 31), "Rettet", "koordinator", correct=True
    )
    four = network_times(contract_file(AMAGER).terms(), times=4)
    decision = Decision("Boligsocialt Forum Amager", date(2015, 6, 10), "punkt 4")
    tracker.revise_contract(KEY, four, date(2015, 1, 1), decision, actor="koordinator")
    tracker.end_contract(KEY, date(2015, 5, 1), "Ophørt før tid", actor="koordinator")


def test_the_status_as_known_at_a_time_is_the_same_after_later_corrections(
    tracker: Tracker, projector: Projector
) -> None:
    before = record_now(projector)
    printed = a_moment_after_everything_so_far()
    then = contract_status(as_known_at(before, printed), AS_OF)
    assert then == contract_status(before, AS_OF)

    record_corrections(tracker, record_now(projector))
    record = record_now(projector)

    assert contract_status(as_known_at(record, printed), AS_OF) == then
    now = contract_status(record, AS_OF)
    assert now != then
    # By hand: then signed, v1, 3 a year, 150.000,00 kr spent, 40 evictions; now ended (1 May), v2, 4 a year,
    # 0 kr spent (reversed), 38 evictions.
    assert [s["contract"]["status"] for s in (then, now)] == ["signed", "ended"]
    assert [s["contract"]["terms_version"] for s in (then, now)] == [1, 2]
    assert [_network(s)["frequency"] for s in (then, now)] == ["3 gange årligt", "4 gange årligt"]
    assert [_spent(s) for s in (then, now)] == [15_000_000, 0]
    assert [s["goals"][0]["indicators"][0]["latest"] for s in (then, now)] == ["40", "38"]


def test_a_meeting_scheduled_then_and_held_later_counts_as_held_only_as_known_now(
    tracker: Tracker, projector: Projector
) -> None:
    printed = a_moment_after_everything_so_far()
    record_corrections(tracker, record_now(projector))
    record = record_now(projector)

    def held(status: dict[str, Any]) -> list[str]:
        return sorted(day for w in _network(status)["windows"] for day in w["held"])

    then, now = (contract_status(r, AS_OF) for r in (as_known_at(record, printed), record))
    assert held(then) == ["2014-03-12", "2014-11-05"]
    assert held(now) == ["2014-03-12", "2014-11-05", "2015-03-10"]
    assert [w["scheduled"] for w in _network(then)["windows"] if w["scheduled"]] == [["2015-03-10"]]


def test_the_lists_as_known_then_fold_the_records_and_leave_out_later_contracts(
    tracker: Tracker, projector: Projector
) -> None:
    printed = a_moment_after_everything_so_far()
    record_corrections(tracker, record_now(projector))
    records = [record_now(projector)]

    [(entry, _)] = known_at.directory(records, AS_OF, printed, {"status": "signed"})
    assert entry["key"] == KEY
    assert known_at.directory(records, AS_OF, printed, {"status": "ended"}) == []
    assert known_at.directory(records, AS_OF, datetime(2000, 1, 1, tzinfo=UTC), {}) == []
    with pytest.raises(ContractNotKnownError):
        as_known_at(records[0], datetime(2000, 1, 1, tzinfo=UTC))


def _network(status: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in status["meetings"] if c["cadence"] == NETWORK)


def _spent(status: dict[str, Any]) -> int:
    return int(next(p["spent"] for p in status["budget"] if p["plan"] == "urbanplanen"))
