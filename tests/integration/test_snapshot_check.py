"""Snapshots are derived, yet a forged one would change answers: `forum verify` replays each snapshotted
aggregate from its sealed events and names a snapshot that does not match."""

from __future__ import annotations

import json
from uuid import UUID

from domain import revision_texts, timeline_arrays
from domain.tracker import Tracker
from tests.integration import tampering
from tests.integration.tampering import forum, raw, verify_json

sealed_store = tampering.sealed_store  # the fixture


def _snapshot_a_ledger(store: dict[str, str]) -> tampering.Victim:
    with raw(store) as db:
        expense = db.booked_expense()
    tracker = Tracker(store)
    try:
        tracker.take_snapshot(UUID(expense.aggregate), version=expense.version)
    finally:
        tracker.close()
    return expense


def test_a_true_snapshot_passes_and_is_counted(sealed_store: dict[str, str]) -> None:
    _snapshot_a_ledger(sealed_store)

    code, report = verify_json()

    assert code == 0 and report["intact"]
    assert report["snapshots_checked"] >= 1


def test_a_forged_snapshot_is_named_with_its_aggregate_and_version(sealed_store: dict[str, str]) -> None:
    expense = _snapshot_a_ledger(sealed_store)
    with raw(sealed_store) as db:
        table = "forum_snapshots" if db.postgres else "stored_snapshots"
        row = db.rows(f"SELECT state FROM {table} WHERE originator_version = ?", (expense.version,))[0]
        text = bytes(row[0]).decode()
        forged = text.replace(str(json.loads(expense.state)["amount_ore"]), "99999999", 1)
        assert forged != text
        db.execute(f"UPDATE {table} SET state = ? WHERE originator_version = ?", (forged.encode(), expense.version))

    code, report = verify_json()

    assert code == 2
    assert [(f["kind"], f["aggregate"], f["version"], f["position"]) for f in report["findings"]] == [
        ("snapshot", expense.aggregate, expense.version, expense.position)
    ]
    assert forum("verify", "--from", "1")[0] == 0  # a range checks the events alone


def _snapshot_the_contract(store: dict[str, str]) -> tuple[str, int]:
    with raw(store) as db:
        drafted = db.event("topic = ?", ("forum:Contract.Drafted",))
    tracker = Tracker(store)
    try:
        version = tracker.repository.get(UUID(drafted.aggregate)).version
        tracker.take_snapshot(UUID(drafted.aggregate), version=version)
    finally:
        tracker.close()
    return drafted.aggregate, version


def test_a_forged_text_in_a_packed_contract_snapshot_is_named(sealed_store: dict[str, str]) -> None:
    aggregate, version = _snapshot_the_contract(sealed_store)
    assert verify_json()[0] == 0  # the true snapshot passes
    with raw(sealed_store) as db:
        table = "forum_snapshots" if db.postgres else "stored_snapshots"
        where = "topic = 'forum:Contract.Snapshot' AND originator_version = ?"
        stored = json.loads(bytes(db.rows(f"SELECT state FROM {table} WHERE {where}", (version,))[0][0]))
        timeline = stored["state"]["timeline"]
        core = revision_texts.unpack(timeline["core"])
        core["draft"]["title"] = "En anden kontrakt"
        timeline["core"] = revision_texts.pack(core)
        db.execute(f"UPDATE {table} SET state = ? WHERE {where}", (json.dumps(stored).encode(), version))

    code, report = verify_json()

    assert code == 2
    assert [(f["kind"], f["aggregate"], f["version"]) for f in report["findings"]] == [("snapshot", aggregate, version)]


def test_a_forged_effective_date_in_a_packed_contract_snapshot_is_named(sealed_store: dict[str, str]) -> None:
    aggregate, version = _snapshot_the_contract(sealed_store)
    with raw(sealed_store) as db:
        table = "forum_snapshots" if db.postgres else "stored_snapshots"
        where = "topic = 'forum:Contract.Snapshot' AND originator_version = ?"
        stored = json.loads(bytes(db.rows(f"SELECT state FROM {table} WHERE {where}", (version,))[0][0]))
        timeline = stored["state"]["timeline"]
        lengths = revision_texts.unpack(timeline["core"])["lengths"]
        numbers = timeline_arrays.unpacked(timeline["ints"], "i")
        numbers[0] += 1  # the draft's effective date, a day later
        timeline["ints"] = timeline_arrays.packed(list(numbers), "i")
        assert len(lengths) >= 3
        db.execute(f"UPDATE {table} SET state = ? WHERE {where}", (json.dumps(stored).encode(), version))

    code, report = verify_json()

    assert code == 2
    assert [(f["kind"], f["aggregate"], f["version"]) for f in report["findings"]] == [("snapshot", aggregate, version)]
