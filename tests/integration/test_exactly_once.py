"""Exactly once, checked: a page that does not start at a view's position is discarded; rebuilds serialise."""

from __future__ import annotations

import fcntl
import threading
from typing import Any

import pytest

from domain.tracker import Tracker
from projections import audit_log
from projections.database import ViewDatabase
from projections.runner import Projector
from projections.shell import VIEWS
from tests.conftest import in_threads
from tests.integration.test_projections import caught_up_contents, history, table_contents

__all__ = ["history"]


def test_a_stale_page_read_before_a_rebuilds_reset_and_applied_after_it_is_discarded(
    store: dict[str, str], history: Tracker
) -> None:
    clean = Projector(history, store)
    clean.catch_up()
    expected = table_contents(clean)
    head = clean.head()
    follower = Projector(history, store)
    start = head - 9  # the follower had applied all but the last ten events when it read this page
    page = follower.db.read_events(history.recorder.events_table_name, start, 100)  # type: ignore[attr-defined]

    for view in VIEWS.values():  # meanwhile a rebuild resets the views
        clean.shell.rebuild(view)
    applied = follower.shell.apply_page(page, start)

    assert applied is not None and applied.discarded
    assert set(follower.positions().values()) == {0}  # nothing skipped to the page's end
    follower.catch_up()
    assert table_contents(follower) == expected  # every audit row, once
    assert len(audit_log.query(follower.db, limit=10_000)) == len(expected["audit"])
    for p in (clean, follower):
        p.close()


def exclusive_is_held(store: dict[str, str]) -> bool:
    """Whether some rebuild holds the views' exclusive lock (asked without waiting)."""
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        with open(store["SQLITE_DBNAME"] + ".views-lock", "ab") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False
    db = ViewDatabase(store)
    try:
        key = "hashtext('forum-tracker views ' || current_schema())"
        row = db.fetchone(f"SELECT pg_try_advisory_lock({key})")
        if row and row[0]:
            db.execute(f"SELECT pg_advisory_unlock({key})")
        return not (row and row[0])
    finally:
        db.close()


def test_a_rebuild_holds_the_views_exclusively_and_two_rebuilds_at_once_serialise(
    store: dict[str, str], history: Tracker
) -> None:
    expected = caught_up_contents(history, store)
    held_while_rebuilding: list[bool] = []
    failures: list[BaseException] = []
    projectors = [Projector(history, store, page_size=7) for _ in range(2)]

    def rebuild(projector: Projector) -> None:
        def progress(_: int) -> None:
            held_while_rebuilding.append(exclusive_is_held(store))

        try:
            projector.rebuild(progress=progress, workers=1)
        except BaseException as e:  # the assertion below names it
            failures.append(e)

    in_threads(lambda n: rebuild(projectors[n]), len(projectors), timeout=600)  # the timeout a safety net only

    assert failures == []
    assert held_while_rebuilding and all(held_while_rebuilding)
    assert not exclusive_is_held(store)
    assert table_contents(projectors[0]) == expected
    for p in projectors:
        p.close()


def test_a_follower_waits_while_a_rebuild_holds_the_views(store: dict[str, str], history: Tracker) -> None:
    rebuilder, follower = Projector(history, store), Projector(history, store)
    blocked: list[bool] = []
    workers: list[threading.Thread] = []

    def during(view: Any, items: list[Any]) -> None:  # inside the rebuild's first page: may the follower go on?
        if not workers:
            workers.append(threading.Thread(target=follower.catch_up))
            workers[0].start()
            workers[0].join(timeout=2)  # a blocked follower is still waiting after any pause; a free one may be too
            blocked.append(workers[0].is_alive())

    rebuilder.shell.fail_after = during
    rebuilder.rebuild(workers=1)
    rebuilder.shell.fail_after = None
    workers[0].join(timeout=600)

    assert blocked == [True]
    follower.catch_up()
    assert follower.lag().behind == {name: 0 for name in VIEWS}
    assert table_contents(follower) == table_contents(rebuilder)
    for p in (rebuilder, follower):
        p.close()


@pytest.fixture(autouse=True)
def _no_leftover_lock(store: dict[str, str]) -> None:
    assert not exclusive_is_held(store)
