"""A rebuild split by contract among processes writes exactly the rows of a one-process rebuild
and of a follower that applied the events page by page, on SQLite (one process) and PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest

from api.demo.generator import Spec, generate
from domain.tracker import Tracker
from projections import audit_log, health, question_tables, registry
from projections.partitioned import REBUILDING_POSITION, REBUILDING_VERSION, Partition, _mark
from projections.runner import Projector
from projections.shell import ContractRecords
from tests.integration.test_demo import tracker

__all__ = ["tracker"]  # the fixture: a tracker whose clock says 2026, after the demo's years

SPEC = Spec(contracts=5, years=2, seed=11)


def view_rows(projector: Projector) -> dict[str, list[Any]]:
    """Every row of every view table, the tracked positions and versions, and what is quarantined."""
    tables = {
        ContractRecords.TABLE: "contract_id",
        audit_log.TABLE: "position",
        question_tables.CONTRACTS: "contract_id",
        question_tables.DIRTY: "contract_id",
        "projection_quarantine": "1",
        **{d.table: "1" for d in registry.DERIVED},
    }
    rows = {t: sorted(map(tuple, projector.db.fetchall(f"SELECT * FROM {t} ORDER BY {o}")), key=repr)
            for t, o in tables.items()}  # fmt: skip
    rows["tracking"] = projector.db.fetchall("SELECT view, position, version FROM projection_tracking ORDER BY view")
    return rows


def test_a_rebuild_in_two_partitions_writes_the_rows_of_one_process_and_of_a_follower(
    tracker: Tracker, store: dict[str, str]
) -> None:
    generate(tracker, SPEC)
    following = Projector(tracker, store, page_size=25)  # many pages, as a follower applies them
    following.catch_up()
    followed = view_rows(following)
    following.close()
    projector = Projector(tracker, store, page_size=97)
    seen: list[int] = []

    one = projector.rebuild(workers=1)
    in_one = view_rows(projector)
    two = projector.rebuild(workers=2, progress=seen.append)
    in_two = view_rows(projector)
    three = projector.rebuild(workers=3)
    in_three = view_rows(projector)

    assert followed == in_one == in_two == in_three
    assert one == two == three == sum(seen) == projector.head()
    assert projector.lag().behind == {"contract_records": 0, "audit_log": 0, "question_rows": 0}
    contracts = [cid for (cid,) in projector.db.fetchall(f"SELECT contract_id FROM {ContractRecords.TABLE}")]
    assert {i for i in range(2) for cid in contracts if Partition(i, 2, {}).owns_contract(cid)} == {0, 1}
    assert len(in_two[audit_log.TABLE]) > 1000
    projector.close()


def test_a_follower_after_a_partitioned_rebuild_applies_what_came_after(
    tracker: Tracker, store: dict[str, str]
) -> None:
    generate(tracker, Spec(contracts=3, years=1, seed=11))
    projector = Projector(tracker, store, page_size=50)
    projector.rebuild(workers=2)
    generate(tracker, Spec(contracts=5, years=1, seed=11))  # two more contracts, after the rebuild
    projector.catch_up()
    after = view_rows(projector)
    projector.rebuild(workers=1)

    assert view_rows(projector) == after
    projector.close()


def test_a_failing_partition_fails_the_rebuild_and_leaves_the_views_to_be_rebuilt(
    tracker: Tracker, store: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not store["PERSISTENCE_MODULE"].endswith("postgres"):
        pytest.skip("SQLite rebuilds in one process")
    generate(tracker, Spec(contracts=4, years=1, seed=11))
    projector = Projector(tracker, store, page_size=50)
    projector.catch_up()
    expected = view_rows(projector)

    def broken(item: Any) -> None:  # not an event's fault (that would be quarantined): the database went away
        raise psycopg.OperationalError("injected lost connection in a partition")

    with monkeypatch.context() as patched:
        patched.setattr(audit_log, "row", broken)  # a forked worker inherits the crash
        with pytest.raises((RuntimeError, psycopg.OperationalError)):
            projector.rebuild(workers=2)

    assert projector.positions() == {"contract_records": 0, "audit_log": 0, "question_rows": 0}
    projector.catch_up()
    assert view_rows(projector) == expected
    projector.close()


def test_health_is_not_ok_while_the_views_are_being_rebuilt(tracker: Tracker, store: dict[str, str]) -> None:
    """A view marked as being rebuilt is far 'ahead' of the head: health must call it stale, not current."""
    generate(tracker, Spec(contracts=2, years=1, seed=11))
    projector = Projector(tracker, store, page_size=50)
    projector.catch_up()
    head = projector.head()
    fresh = [health.Beat("here", time.time(), time.time(), None)]
    assert health.assess(projector.db, head, health.Limits(), fresh)["status"] == "ok"

    _mark(projector.db, projector.shell.views, REBUILDING_POSITION, lambda v: REBUILDING_VERSION)
    answer = health.assess(projector.db, head, health.Limits(), fresh)

    assert answer["status"] == "stale" and answer["behind"] == head
    assert any("genopbygges" in p and "contract_records" in p for p in answer["problems"])
    projector.close()
