"""A save whose commit acknowledgement was lost: the library retries the insert and hits its own events.
The outcome is the write's, never a conflict; another's write at the same version still is one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from domain.errors import StaleError
from domain.tracker import Tracker
from persistence.outcomes import UnknownOutcomeError
from tests.conftest import AMAGER, contract_file

PLAN, DAY = "urbanplanen", date(2015, 3, 2)


@pytest.fixture
def amager(tracker: Tracker) -> Iterator[Tracker]:
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    yield tracker


def _commit_then(tracker: Tracker, fault: Exception | None) -> None:
    """The next save is stored, then the store answers as if the acknowledgement were lost:
    with ``fault`` (the library gave up), or by the library's retry of the same insert."""
    save = tracker.save

    def stored_then_lost(*items: Any, **kwargs: Any) -> Any:
        tracker.recorder.insert_events([tracker.mapper.to_stored_event(e) for e in items])
        tracker.save = save  # type: ignore[method-assign]
        if fault is not None:
            raise fault
        return save(*items, **kwargs)  # the retry: IntegrityError, its own events are there

    tracker.save = stored_then_lost  # type: ignore[method-assign]


def booked(tracker: Tracker) -> list[Any]:
    return [n for n in tracker.recorder.select_notifications(1, 10_000) if n.topic == "forum:Ledger.ExpenseBooked"]


def test_a_retried_insert_of_a_stored_write_is_answered_as_recorded_not_as_a_conflict(amager: Tracker) -> None:
    # Given a booking whose commit is stored but whose acknowledgement is lost
    _commit_then(amager, None)
    # When it is booked
    entry, outcome = amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Tabt kvittering", actor="ann")
    # Then it is answered as booked, with its position, and stored once
    assert entry == 1
    assert outcome.position == booked(amager)[-1].id
    assert len(booked(amager)) == 1


def test_a_write_stored_before_the_store_failed_is_answered_as_recorded(amager: Tracker) -> None:
    _commit_then(amager, OperationalError("server closed the connection unexpectedly"))
    entry, outcome = amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Tabt kvittering", actor="ann")
    assert entry == 1 and outcome.position == booked(amager)[-1].id
    assert len(booked(amager)) == 1


def test_a_write_the_store_failed_before_storing_is_reported_as_the_outage(amager: Tracker) -> None:
    def down(*items: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    amager.save = down  # type: ignore[method-assign]
    with pytest.raises(OperationalError):
        amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Aldrig gemt", actor="ann")
    assert booked(amager) == []


def test_an_outcome_that_cannot_be_checked_is_unknown_never_a_conflict(amager: Tracker) -> None:
    def down(*items: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    def going_down(*items: Any, **kwargs: Any) -> Any:
        amager.recorder.select_events = down  # type: ignore[method-assign]
        raise OperationalError("server closed the connection unexpectedly")

    amager.save = going_down  # type: ignore[method-assign]
    with pytest.raises(UnknownOutcomeError):
        amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Ukendt", actor="ann")


def test_another_writers_event_at_the_same_version_is_still_a_conflict(amager: Tracker) -> None:
    # Given an opened ledger, and another writer storing a different booking at the same version just before this save
    amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Åbning", actor="ann")
    save = amager.save

    def raced(*items: Any, **kwargs: Any) -> Any:
        mine = [amager.mapper.to_stored_event(e) for e in items]
        amager.recorder.insert_events([replace(e, state=e.state.replace(b"Min", b"Hans")) for e in mine])
        amager.save = save  # type: ignore[method-assign]
        return save(*items, **kwargs)

    amager.save = raced  # type: ignore[method-assign]
    # When this booking is saved, Then it is refused as stale
    with pytest.raises(StaleError):
        amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 300, "Min", actor="ann")
