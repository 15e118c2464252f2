"""Commands from many threads at once, on a real SQLite file and a real PostgreSQL: group commit
and cached aggregates lose nothing, store nothing twice, answer each caller with its own
position, and refuse stale writes exactly as a lone command would."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import TranscodingNotRegisteredError

from domain.budget import ledger_id
from domain.contract import contract_id
from domain.errors import FunderNotOfPlanError, StaleError
from domain.terms import ContractTerms
from domain.tracker import Outcome, Tracker
from domain.versions import Decision
from tests.conftest import AMAGER, contract_file, in_threads, reopen

PLAN, DAY = "urbanplanen", date(2015, 3, 2)


@pytest.fixture
def keys(tracker: Tracker) -> list[str]:
    """Four contracts, each with an opened ledger on the plan."""
    base = contract_file(AMAGER)
    keys = [f"samtidig-{n}" for n in range(4)]
    for key in keys:
        tracker.import_contract(base.model_copy(update={"key": key}), actor="ann", source="test")
        tracker.book_expense(key, PLAN, DAY, 100, "Åbning", actor="ann")
    return keys


def booked(tracker: Tracker) -> list[Any]:
    return [n for n in tracker.recorder.select_notifications(1, 10_000) if n.topic == "forum:Ledger.ExpenseBooked"]


def test_concurrent_bookings_are_each_stored_once_and_answered_with_their_own_position(
    tracker: Tracker, keys: list[str]
) -> None:
    before = len(booked(tracker))
    answers: list[tuple[str, int, Outcome]] = []
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        key = keys[n % len(keys)]  # two threads per ledger: some are refused as stale, none lost
        barrier.wait()
        for i in range(10):
            try:
                entry, outcome = tracker.book_expense(key, PLAN, DAY, 1000 + n * 100 + i, f"T{n} {i}", actor="ann")
            except StaleError:
                continue
            answers.append((key, entry, outcome))

    in_threads(work, 8)

    stored = {n.id: n for n in booked(tracker)}
    assert len(stored) - before == len(answers) > 0
    assert len({outcome.position for _, _, outcome in answers}) == len(answers)
    for key, entry, outcome in answers:
        assert outcome.position is not None
        notification = stored[outcome.position]
        assert notification.originator_id == ledger_id(contract_id(key), PLAN)
        assert notification.originator_version == outcome.version
        assert tracker.get_ledger(key, PLAN).entries[entry - 1].number == entry  # type: ignore[union-attr]


def test_of_two_concurrent_bookings_expecting_the_same_version_exactly_one_lands(
    tracker: Tracker, keys: list[str]
) -> None:
    for _ in range(5):
        version = tracker.get_ledger(keys[0], PLAN).version  # type: ignore[union-attr]

        results = race_two(tracker, keys[0], version)

        assert sorted(results) == ["landed", "stale"]
        assert tracker.get_ledger(keys[0], PLAN).version == version + 1  # type: ignore[union-attr]


def race_two(tracker: Tracker, key: str, version: int) -> list[str]:
    results: list[str] = []
    barrier = threading.Barrier(2)

    def work(n: int) -> None:
        barrier.wait()
        try:
            tracker.book_expense(key, PLAN, DAY, 500, f"Kapløb {n}", actor="ann", expected_version=version)
            results.append("landed")
        except StaleError:
            results.append("stale")

    in_threads(work, 2)
    return results


def booking(tracker: Tracker, results: dict[str, Any], name: str, key: str, voucher: Any = None) -> threading.Thread:
    """Book an expense named ``name`` in a thread of its own; its outcome or error lands in ``results``."""

    def work() -> None:
        try:
            results[name] = tracker.book_expense(key, PLAN, DAY, 700, name, actor="ann", voucher=voucher)
        except Exception as e:  # the test asserts which error it was
            results[name] = e

    thread = threading.Thread(target=work)
    thread.start()
    return thread


@pytest.fixture
def gated(tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[set[Any]]]]:
    """Hold the first save until the gate opens, so commands queue up behind it; record each save's aggregates."""
    gate, saves, real = threading.Event(), [], tracker.save

    def save(*items: Any) -> Any:
        saves.append({i.originator_id for i in items if hasattr(i, "originator_id")})
        if len(saves) == 1:
            gate.wait(300)  # the test opens the gate; the timeout is a safety net against a hung test only
        return real(*items)

    monkeypatch.setattr(tracker, "save", save)
    yield gate, saves
    gate.set()


def test_a_stale_command_in_a_batch_does_not_fail_the_others(
    store: dict[str, str], tracker: Tracker, keys: list[str], gated: tuple[threading.Event, list[set[Any]]]
) -> None:
    gate, saves = gated
    results: dict[str, Any] = {}
    other = reopen(store)

    def book(name: str, key: str) -> threading.Thread:
        return booking(tracker, results, name, key)

    threads = [book("first-cmd", keys[0])]
    wait_until(lambda: len(saves) == 1)
    threads += [book("neighbour-a", keys[1]), book("neighbour-b", keys[2]), book("stale-cmd", keys[3])]
    wait_until(lambda: tracker.committer.waiting() == 3)
    other.book_expense(keys[3], PLAN, DAY, 900, "Fra en anden proces", actor="bob")  # after "stale" read the ledger
    gate.set()
    for t in threads:
        t.join()
    other.close()

    assert isinstance(results["stale-cmd"], StaleError)
    for name in ("first-cmd", "neighbour-a", "neighbour-b"):
        assert results[name][1].position is not None
    ids = [ledger_id(contract_id(k), PLAN) for k in keys[1:]]
    assert set(ids) in saves  # the neighbours and the stale command were tried in one batch
    texts = [n.state for n in booked(tracker)]
    assert sum(b'"stale-cmd"' in t for t in texts) == 0
    assert all(
        sum(f'"{name}"'.encode() in t for t in texts) == 1 for name in ("first-cmd", "neighbour-a", "neighbour-b")
    )


def test_a_command_whose_event_cannot_be_stored_fails_alone_in_its_batch(
    tracker: Tracker, keys: list[str], gated: tuple[threading.Event, list[set[Any]]]
) -> None:
    gate, saves = gated
    results: dict[str, Any] = {}

    def book(name: str, key: str, voucher: Any = None) -> threading.Thread:
        return booking(tracker, results, name, key, voucher)

    threads = [book("first-cmd", keys[0])]
    wait_until(lambda: len(saves) == 1)
    threads += [book("unstorable", keys[1], voucher=object()), book("neighbour", keys[2])]
    wait_until(lambda: tracker.committer.waiting() == 2)
    gate.set()
    for t in threads:
        t.join()

    assert isinstance(results["unstorable"], TranscodingNotRegisteredError)
    assert results["neighbour"][1].position is not None


def test_a_booking_from_a_cached_ledger_continues_after_another_process_booked(
    store: dict[str, str], tracker: Tracker, keys: list[str]
) -> None:
    other = reopen(store)
    try:
        tracker.book_expense(keys[0], PLAN, DAY, 100, "Her", actor="ann")
        other.book_expense(keys[0], PLAN, DAY, 200, "Der", actor="bob")
        version = other.get_ledger(keys[0], PLAN).version  # type: ignore[union-attr]

        entry, outcome = tracker.book_expense(
            keys[0], PLAN, DAY, 300, "Her igen", actor="ann", expected_version=version
        )
    finally:
        other.close()
    assert (entry, outcome.version) == (4, version + 1)


def test_a_cached_contract_never_lets_through_a_booking_the_revised_contract_refuses(
    store: dict[str, str], tracker: Tracker, keys: list[str]
) -> None:
    tracker.book_expense(keys[0], PLAN, DAY, 100, "Kommunen betaler", actor="ann", funder="municipality")
    other = reopen(store)
    try:
        terms = other.get_contract(keys[0]).terms()
        other.revise_contract(keys[0], only_lbf_funds(terms), date(2015, 1, 1), decision(), actor="bob")
    finally:
        other.close()

    with pytest.raises(FunderNotOfPlanError):
        tracker.book_expense(keys[0], PLAN, DAY, 100, "Kommunen betaler", actor="ann", funder="municipality")


def test_a_refused_save_leaves_no_trace_in_the_next_command(tracker: Tracker, keys: list[str]) -> None:
    version = tracker.get_ledger(keys[0], PLAN).version  # type: ignore[union-attr]
    with pytest.raises(StaleError):
        tracker.book_expense(keys[0], PLAN, DAY, 100, "For sent", actor="ann", expected_version=version - 1)

    _, outcome = tracker.book_expense(keys[0], PLAN, DAY, 100, "Til tiden", actor="ann", expected_version=version)

    assert outcome.version == version + 1
    assert [e.text for e in tracker.get_ledger(keys[0], PLAN).entries][-1] == "Til tiden"  # type: ignore[union-attr]


def only_lbf_funds(terms: ContractTerms) -> ContractTerms:
    def lbf_only(plan: Any) -> Any:
        funders = [
            f.model_copy(update={"percent": Decimal(100)}) for f in plan.budget_frame.funders if f.funder == "lbf"
        ]
        return plan.model_copy(update={"budget_frame": plan.budget_frame.model_copy(update={"funders": funders})})

    return terms.model_copy(update={"plans": [lbf_only(p) if p.key == PLAN else p for p in terms.plans]})


def decision() -> Decision:
    return Decision("Boligsocialt Forum Amager", date(2014, 12, 1), "punkt 3")


def wait_until(condition: Callable[[], bool], seconds: float = 300) -> None:
    """Return as soon as ``condition`` holds; the deadline is a safety net against a hung test, not a speed goal."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_ledger_snapshot_taken_as_it_is_saved_loads_the_same_as_its_events(
    store: dict[str, str], tracker: Tracker, keys: list[str]
) -> None:
    for i in range(205):
        tracker.book_expense(keys[0], PLAN, DAY, 100 + i, f"Post {i}", actor="ann")

    other = reopen(store)
    try:
        ledger_key = ledger_id(contract_id(keys[0]), PLAN)
        assert other.snapshots is not None
        snapshots = list(other.snapshots.get(ledger_key))
        replayed = project_aggregate(None, other.events.get(ledger_key))
        loaded = other.get_ledger(keys[0], PLAN)
    finally:
        other.close()
    assert [s.originator_version for s in snapshots] == [200]
    assert loaded is not None and replayed is not None
    assert (loaded.version, loaded.entries) == (replayed.version, replayed.entries) == (207, replayed.entries)


def test_two_processes_booking_the_same_ledgers_at_once_number_every_entry_once(
    store: dict[str, str], tracker: Tracker, keys: list[str]
) -> None:
    processes = [tracker, reopen(store)]
    landed: list[tuple[str, int]] = []

    def work(n: int) -> None:
        key = keys[n % 2]  # eight threads in two processes on two ledgers
        for i in range(8):
            try:
                entry, _ = processes[n // 4].book_expense(key, PLAN, DAY, 100 + i, f"T{n} {i}", actor="ann")
            except StaleError:
                continue
            landed.append((key, entry))

    in_threads(work, 8)
    processes[1].close()

    for key in keys[:2]:
        entries = tracker.get_ledger(key, PLAN).entries  # type: ignore[union-attr]
        assert [e.number for e in entries] == list(range(1, len(entries) + 1))
        assert sorted(entry for k, entry in landed if k == key) == list(range(2, len(entries) + 1))
