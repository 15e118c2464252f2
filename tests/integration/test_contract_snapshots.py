"""A contract loaded from its packed snapshot answers every time-travel question as one replayed from its events."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from domain import revision_texts
from domain.contract import Contract, contract_id
from domain.terms import ContractFile
from domain.tracker import Tracker
from domain.versions import Decision
from tests.conftest import AMAGER, contract_file, reopen
from tests.unit.test_timeline_snapshot import columns_as_stored_before

KEY = "amager-udsatte-grupper-2013"
DECISION = Decision("Boligsocialt Forum Amager", date(2014, 12, 1), "punkt 2")


@pytest.fixture
def amager() -> ContractFile:
    return contract_file(AMAGER)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 4 versions: the snapshots of a short history hold many."""
    monkeypatch.setattr(revision_texts, "CHUNK", 4)


def revised_at_random(tracker: Tracker, amager: ContractFile, seed: int, revisions: int) -> random.Random:
    """Amager's contract revised ``revisions`` times: titles, sources, goals, retroactive ones among them."""
    rng = random.Random(seed)
    tracker.import_contract(amager, actor="ann", source="amager.yaml")
    terms = amager.terms()
    for i in range(revisions):
        field, value = rng.choice(
            [("title", f"Titel {i}"), ("source", f"Kilde {i}"), ("overall_goals", [f"Mål {i}"] * rng.randint(0, 2))]
        )
        terms = terms.model_copy(update={field: value})
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 1200, rng.choice([1, 30])))
        tracker.revise_contract(KEY, terms, day, DECISION, "ann")
    return rng


def replayed(tracker: Tracker) -> Contract:
    """The contract folded from its events alone, no snapshot."""
    contract: Any = None
    for event in tracker.events.get(contract_id(KEY)):
        contract = event.mutate(contract)  # type: ignore[attr-defined]
    assert isinstance(contract, Contract)
    return contract


def questions(rng: random.Random, contract: Contract) -> list[tuple[date | None, datetime | None]]:
    times: list[datetime | None] = [None]
    for version in contract.versions:
        times += [version.recorded_at, version.recorded_at + timedelta(microseconds=1)]
    days = [None, date(2013, 6, 1), *(date(2014, 1, 1) + timedelta(days=rng.randrange(1300)) for _ in range(40))]
    return [(rng.choice(days), rng.choice(times)) for _ in range(300)]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_contract_from_its_packed_snapshot_answers_like_its_events(
    store: dict[str, str], tracker: Tracker, amager: ContractFile, seed: int
) -> None:
    rng = revised_at_random(tracker, amager, seed, 60)

    cold = reopen(store | {"CACHE_SIZE": "0"})
    try:
        assert cold.snapshots is not None
        assert [s.originator_version for s in cold.snapshots.get(contract_id(KEY), desc=True, limit=1)] == [50]
        loaded, expected = cold.get_contract(KEY), replayed(cold)
        for effective, known_at in questions(rng, expected):
            assert loaded.terms(effective, known_at) == expected.terms(effective, known_at), (effective, known_at)
        assert loaded.versions == expected.versions
    finally:
        cold.close()


def test_a_snapshot_stored_before_it_was_packed_still_loads(
    store: dict[str, str], tracker: Tracker, amager: ContractFile
) -> None:
    rng = revised_at_random(tracker, amager, 3, 30)
    contract = replayed(tracker)
    snapshot = Contract.Snapshot.take(contract)
    snapshot.state["timeline"] = columns_as_stored_before(contract.timeline)
    assert tracker.snapshots is not None
    tracker.snapshots.put([snapshot])

    cold = reopen(store | {"CACHE_SIZE": "0"})
    try:
        loaded = cold.get_contract(KEY)
        for effective, known_at in questions(rng, contract):
            assert loaded.terms(effective, known_at) == contract.terms(effective, known_at)
    finally:
        cold.close()
