"""An event a view cannot apply quarantines its contract in that view; every other contract stays current."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.budget import Ledger
from domain.tracker import Tracker
from projections import budget_use, contract_record, quarantine, registry
from projections.health import Limits, assess
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, EXAMPLE, TODAY, contract_file

AMAGER_KEY = "amager-udsatte-grupper-2013"
EXAMPLE_KEY = "eksempel-social-vicevaert"


@pytest.fixture
def two_contracts(store: dict[str, str]) -> Iterator[Tracker]:
    """The Amager and the example contract, each with one expense booked."""
    tracker = Tracker(store, clock=lambda: TODAY)
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    tracker.import_contract(contract_file(EXAMPLE), actor="koordinator", source="eksempel.yaml")
    tracker.book_expense(AMAGER_KEY, "urbanplanen", date(2014, 5, 1), 1_000_000, "Temadag", "okonomi", funder="lbf")
    tracker.book_expense(EXAMPLE_KEY, "eksempel-helhedsplan", date(2018, 5, 1), 200_000, "Kaffe", "okonomi")
    yield tracker
    tracker.close()


def append_raw(tracker: Tracker, key: str, topic: str | None = None, **changes: Any) -> int:
    """Store, past every rule, a copy of the contract's last expense event with ``changes`` (a poison event)."""
    last = next(
        n
        for n in reversed(tracker.recorder.select_notifications(start=1, limit=10_000))
        if n.topic == Ledger.ExpenseBooked.TOPIC and _of(tracker, n, key)
    )
    state = json.loads(last.state) | changes
    versions = [e.originator_version for e in tracker.recorder.select_events(last.originator_id)]
    poison = StoredEvent(last.originator_id, max(versions) + 1, topic or last.topic, json.dumps(state).encode())
    tracker.recorder.insert_events([poison])
    return tracker.recorder.max_notification_id() or 0


def _of(tracker: Tracker, notification: Any, key: str) -> bool:
    ledger = tracker.repository.get(notification.originator_id)
    return bool(ledger.contract_key == key)


def spent(projector: Projector, key: str) -> int:
    record = load_records(projector.db, key)[0]
    return sum(p["spent"] for p in budget_use.budget_use(record, date(2021, 12, 31)))


@pytest.mark.parametrize(
    "poison",
    [
        {"amount_ore": 10**30},  # beyond 64 bits: the record cannot be written
        {"topic": "forum:Ledger.NoSuchEvent"},  # does not decode
    ],
    ids=["too-large-to-store", "undecodable"],
)
def test_a_poison_event_quarantines_its_contract_while_the_others_stay_current(
    store: dict[str, str], two_contracts: Tracker, poison: dict[str, Any]
) -> None:
    projector = Projector(two_contracts, store)
    projector.catch_up()
    amager_before = spent(projector, AMAGER_KEY)

    position = append_raw(two_contracts, AMAGER_KEY, **poison)
    two_contracts.book_expense(EXAMPLE_KEY, "eksempel-helhedsplan", date(2018, 6, 1), 50_000, "Leje", "okonomi")
    projector.catch_up()

    held = quarantine.listed(projector.db)
    assert {q.contract_key for q in held} == {AMAGER_KEY}
    assert {q.position for q in held} == {position}
    assert "contract_records" in {q.view for q in held}
    assert quarantine.of_contract(projector.db, AMAGER_KEY)
    assert quarantine.of_contract(projector.db, EXAMPLE_KEY) == []
    assert spent(projector, EXAMPLE_KEY) == 250_000  # the other contract is current
    assert spent(projector, AMAGER_KEY) == amager_before  # as before the poison, and marked unavailable
    assert projector.lag().behind == {name: 0 for name in projector.positions()}  # the views moved on
    projector.close()


def test_a_fixed_release_and_a_rebuild_heal_a_quarantined_contract(
    store: dict[str, str], two_contracts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    projector = Projector(two_contracts, store)
    append_raw(two_contracts, AMAGER_KEY, topic=Ledger.ExpenseReversed.TOPIC, reverses=99, reason="Ukendt post")
    projector.catch_up()
    assert [q.view for q in quarantine.of_contract(projector.db, AMAGER_KEY)] == ["contract_records"]

    def fixed(record: Any, event: Any) -> None:  # the release: a reversal of an unknown entry is left out
        if event.reverses <= len(record["ledgers"][record["routes"][str(event.originator_id)]]):
            contract_record.SLICES["ledgers"][Ledger.ExpenseReversed](record, event)

    monkeypatch.setitem(registry.HANDLERS, Ledger.ExpenseReversed, fixed)
    projector.rebuild()

    assert quarantine.listed(projector.db) == []
    assert spent(projector, AMAGER_KEY) == 1_000_000
    projector.close()


def test_the_health_of_the_read_side_lists_the_quarantined_contract(
    store: dict[str, str], two_contracts: Tracker
) -> None:
    projector = Projector(two_contracts, store)
    append_raw(two_contracts, AMAGER_KEY, amount_ore=10**30)
    projector.catch_up()

    answer = assess(projector.db, projector.head(), Limits())

    assert answer["status"] == "stale"  # no follower runs here
    assert [q["contract_key"] for q in answer["quarantined"]] == [AMAGER_KEY]
    assert "utilgængelige" in quarantine.reason(quarantine.listed(projector.db)[0])
    projector.close()
