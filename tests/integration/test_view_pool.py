"""The API's pool of view connections: bounded, reused, and never stuck when all are taken."""

from __future__ import annotations

import threading

from api.http.view_pool import ViewPool
from tests.conftest import in_threads


def test_more_concurrent_borrowers_than_connections_all_get_one_in_turn(store: dict[str, str]) -> None:
    pool = ViewPool(store, size=2)
    opened: set[int] = set()
    done: list[int] = []
    start = threading.Barrier(6)

    def borrow(n: int) -> None:
        start.wait()
        for _ in range(5):
            with pool.connection(timeout=300) as db:  # a safety net only: the turn comes, however slowly
                opened.add(id(db))
                assert db.fetchone("SELECT 1") == (1,)
        done.append(n)

    in_threads(borrow, 6, timeout=600)
    pool.close()

    assert sorted(done) == list(range(6))
    assert len(opened) <= 2
