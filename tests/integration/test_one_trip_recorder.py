"""The PostgreSQL recorder that saves in one round trip: notification ids still in commit order, a refused
insert commits nothing and leaves its connection usable, a lost acknowledgement is still answered as
recorded (or as unknown), and the follower is still woken. SQLite keeps the library's recorder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent

from domain.tracker import Tracker
from persistence import wakeup
from persistence.outcomes import UnknownOutcomeError
from persistence.recorder import OneTripRecorder
from projections.database import ViewDatabase
from tests.conftest import AMAGER, TODAY, contract_file, in_threads, postgres_env

PLAN, DAY = "urbanplanen", date(2015, 3, 2)


@pytest.fixture
def pg(postgres_url: str, postgres_schema: str) -> dict[str, str]:
    return postgres_env(postgres_url, postgres_schema) | {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "7"}


@pytest.fixture
def tracker(pg: dict[str, str]) -> Iterator[Tracker]:
    t = Tracker(pg, clock=lambda: TODAY)
    yield t
    t.close()


def event(originator: uuid.UUID, version: int, text: str = "x") -> StoredEvent:
    return StoredEvent(originator, version, "test:Event", text.encode())


def test_the_tracker_saves_through_the_one_trip_recorder_on_postgresql_only(tracker: Tracker, tmp_path: Any) -> None:
    assert isinstance(tracker.recorder, OneTripRecorder)
    on_sqlite = Tracker({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "f.sqlite3")})
    try:
        assert not isinstance(on_sqlite.recorder, OneTripRecorder)
    finally:
        on_sqlite.close()


def test_concurrent_savers_get_contiguous_positions_in_commit_order_with_none_lost(tracker: Tracker) -> None:
    recorder = tracker.recorder
    head = recorder.max_notification_id() or 0
    returned: list[list[int]] = []

    def save(n: int) -> None:
        originator = uuid.uuid4()
        for version in range(1, 26, 2):  # two events per save
            returned.append(list(recorder.insert_events([event(originator, version), event(originator, version + 1)])))

    in_threads(save, 8)
    stored = recorder.select_notifications(head + 1, 1000)
    assert len(stored) == 8 * 26
    assert [n.id for n in stored] == list(range(head + 1, head + 1 + len(stored)))  # no gaps, none twice
    assert sorted(i for ids in returned for i in ids) == [n.id for n in stored]
    for ids in returned:  # each save's events together, in the order given
        assert ids == list(range(ids[0], ids[0] + len(ids)))
    by_originator: dict[Any, list[int]] = {}
    for n in stored:
        by_originator.setdefault(n.originator_id, []).append(n.originator_version)
    assert all(versions == list(range(1, 27)) for versions in by_originator.values())


def test_a_refused_insert_commits_nothing_and_leaves_its_connection_usable(tracker: Tracker) -> None:
    recorder = tracker.recorder
    taken = uuid.uuid4()
    recorder.insert_events([event(taken, 1)])
    fresh = uuid.uuid4()
    with pytest.raises(IntegrityError):
        recorder.insert_events([event(fresh, 1), event(taken, 1, "another")])
    assert recorder.select_events(fresh) == []
    assert [e.state for e in recorder.select_events(taken)] == [b"x"]
    for n in range(3):  # the pool's one connection is reused, outside any transaction
        assert len(recorder.insert_events([event(fresh, n + 1)])) == 1
    with tracker.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_value_that_cannot_be_sent_leaves_no_transaction_open(
    tracker: Tracker, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = tracker.recorder
    originator = uuid.uuid4()
    with pytest.raises(Exception):  # noqa: B017 - whatever psycopg raises for it
        recorder.insert_events([StoredEvent(originator, 1, "test:Event", object())])  # type: ignore[arg-type]
    assert "rolling back returned connection" not in caplog.text  # rolled back at once, not by the pool
    with tracker.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert len(recorder.insert_events([event(originator, 1)])) == 1


def _acknowledgement_lost(tracker: Tracker, then: Any = None) -> None:
    """The next save commits, then its connection fails before the answer is read (the library retries)."""
    recorder: Any = tracker.recorder
    one_trip = recorder._insert_in_one_trip

    def committed_then_lost(conn: psycopg.Connection[Any], rows: list[Any]) -> list[int]:
        one_trip(conn, rows)
        recorder._insert_in_one_trip = one_trip
        conn.close()
        if then is not None:
            then()
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    recorder._insert_in_one_trip = committed_then_lost


@pytest.fixture
def amager(tracker: Tracker) -> Tracker:
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    return tracker


def booked(tracker: Tracker) -> list[Any]:
    return [n for n in tracker.recorder.select_notifications(1, 10_000) if n.topic == "forum:Ledger.ExpenseBooked"]


def test_a_lost_acknowledgement_is_answered_as_recorded_once(amager: Tracker) -> None:
    _acknowledgement_lost(amager)
    entry, outcome = amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Tabt svar", actor="ann")
    assert amager.recorder._insert_in_one_trip.__name__ == "_insert_in_one_trip"  # type: ignore[attr-defined]
    assert entry == 1
    assert [n.id for n in booked(amager)] == [outcome.position]


def test_a_lost_acknowledgement_that_cannot_be_checked_is_unknown(amager: Tracker) -> None:
    def store_gone() -> None:
        def down(*args: Any, **kwargs: Any) -> Any:
            raise OperationalError("connection refused")

        amager.recorder.select_events = down  # type: ignore[method-assign]

    _acknowledgement_lost(amager, then=store_gone)
    with pytest.raises(UnknownOutcomeError):
        amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Ukendt", actor="ann")


def test_the_follower_is_still_woken_by_an_append(amager: Tracker, pg: dict[str, str]) -> None:
    with closing(ViewDatabase(pg)) as db:
        db.listen(wakeup.channel(pg["POSTGRES_SCHEMA"]))
        assert not db.notified(0.05)
        amager.book_expense("amager-udsatte-grupper-2013", PLAN, DAY, 100, "Vækker", actor="ann")
        assert db.notified(10)
