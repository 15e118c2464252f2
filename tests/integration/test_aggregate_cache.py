"""The aggregate cache on a real SQLite file and a real PostgreSQL, with a second tracker writing
the same store as another process would: nothing older than the store is ever served."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest

from api.settings import Settings
from domain.budget import Ledger, ledger_id
from domain.contract import contract_id
from domain.tracker import Tracker
from persistence import aggregate_cache
from tests.conftest import AMAGER, contract_file, in_threads, reopen

KEY, PLAN, DAY = "amager-udsatte-grupper-2013", "urbanplanen", date(2015, 3, 2)
LEDGER = ledger_id(contract_id(KEY), PLAN)


@pytest.fixture
def other(store: dict[str, str], tracker: Tracker) -> Iterator[Tracker]:
    """The contract with an opened ledger, and a second tracker on the same store."""
    tracker.import_contract(contract_file(AMAGER), actor="ann", source="test")
    tracker.book_expense(KEY, PLAN, DAY, 100, "Åbning", actor="ann")
    second = reopen(store)
    yield second
    second.close()


def checked_out(tracker: Tracker) -> Ledger:
    ledger = tracker.cache.checkout(LEDGER)
    assert isinstance(ledger, Ledger)
    return ledger


def test_a_saved_ledger_is_not_cached_when_the_log_already_shows_a_newer_version(
    tracker: Tracker, other: Tracker
) -> None:
    tracker.cache.refresh()
    ledger = checked_out(tracker)
    ledger.book(DAY, 200, None, None, "Her", None, "ann")
    position = tracker.save(ledger)[-1].notification.id
    other.book_expense(KEY, PLAN, DAY, 300, "Der", actor="bob")
    tracker.cache.refresh()  # reads past both

    tracker.cache.checkin(ledger, position)

    assert [e.text for e in checked_out(tracker).entries][-2:] == ["Her", "Der"]


def test_a_checked_in_ledger_is_dropped_when_another_process_writes_it(tracker: Tracker, other: Tracker) -> None:
    tracker.cache.refresh()
    ledger = checked_out(tracker)
    ledger.book(DAY, 200, None, None, "Her", None, "ann")
    tracker.cache.checkin(ledger, tracker.save(ledger)[-1].notification.id)
    other.book_expense(KEY, PLAN, DAY, 300, "Der", actor="bob")

    tracker.cache.refresh()

    assert checked_out(tracker).version == ledger.version + 1


def test_nothing_enters_the_cache_before_it_first_read_the_log(tracker: Tracker, other: Tracker) -> None:
    fresh = reopen_cache(tracker)
    ledger = checked_out(tracker)

    fresh.checkin(ledger, 10**9)
    other.book_expense(KEY, PLAN, DAY, 300, "Der", actor="bob")
    fresh.refresh()

    assert fresh.checkout(LEDGER).version == ledger.version + 1


def test_a_cache_far_behind_the_log_forgets_what_it_held(
    tracker: Tracker, other: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker.cache.refresh()
    contract = tracker.cache.read(contract_id(KEY))
    monkeypatch.setattr(aggregate_cache, "PAGE", 1)
    for i in range(25):
        other.book_expense(KEY, PLAN, DAY, 300 + i, f"Der {i}", actor="bob")

    tracker.cache.refresh()

    assert tracker.cache.read(contract_id(KEY)) is not contract
    assert checked_out(tracker).version == 2 + 25


def reopen_cache(tracker: Tracker) -> aggregate_cache.AggregateCache:
    return aggregate_cache.AggregateCache(tracker.repository, tracker.recorder, 10)


def test_the_cache_keeps_as_many_aggregates_as_configured(store: dict[str, str], other: Tracker) -> None:
    size = Settings(database_url="postgresql://forum@db.example/forum", cache_size=1).store_env()["FORUM_CACHE_SIZE"]
    small = Tracker(store | {"FORUM_CACHE_SIZE": size}, clock=lambda: DAY)
    try:
        small.cache.refresh()
        contract = small.cache.read(contract_id(KEY))
        small.cache.read(LEDGER)

        assert small.cache.read(contract_id(KEY)) is not contract
    finally:
        small.close()


def test_a_read_contract_is_the_stored_one_after_another_process_revised_it(tracker: Tracker, other: Tracker) -> None:
    tracker.cache.refresh()
    before = tracker.get_contract(KEY)
    assert tracker.get_contract(KEY) is before  # served from the cache
    other.end_contract(KEY, date(2017, 12, 31), "Perioden er slut", actor="bob")

    after = tracker.get_contract(KEY)

    assert after.version == before.version + 1
    assert [f.kind for f in after.lifecycle] == [*(f.kind for f in before.lifecycle), "ended"]


def test_concurrent_commands_each_see_what_another_process_committed_before_they_began(
    tracker: Tracker, other: Tracker
) -> None:
    # Given four more ledgers, each cached by this tracker, and a barrier so that the refreshes overlap
    base = contract_file(AMAGER)
    keys = [f"samtidig-{n}" for n in range(4)]
    for key in keys:
        tracker.import_contract(base.model_copy(update={"key": key}), actor="ann", source="test")
        tracker.book_expense(key, PLAN, DAY, 100, "Åbning", actor="ann")
    entries: dict[str, list[int]] = {key: [] for key in keys}
    barrier = threading.Barrier(len(keys))

    def work(n: int) -> None:
        for i in range(6):
            other.book_expense(keys[n], PLAN, DAY, 200 + i, "Der", actor="bob")  # committed before this command
            barrier.wait()
            entry, _ = tracker.book_expense(keys[n], PLAN, DAY, 300 + i, "Her", actor="ann")
            entries[keys[n]].append(entry)

    # When commands on them run at once, each just after another process booked on its ledger
    in_threads(work, len(keys))

    # Then none was refused as stale: each saw the other's booking before it booked
    assert all(numbers == list(range(3, 3 + 2 * 6, 2)) for numbers in entries.values())
    tracker.cache.refresh()
    assert tracker.cache._log.position == tracker.recorder.max_notification_id()  # read to the head
