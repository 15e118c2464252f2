"""The API's pool of view connections: bounded, reused, and never stuck when all are taken."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from api.http import view_pool
from api.http.view_pool import ViewPool
from projections.database import ViewDatabase
from tests.conftest import in_threads, postgres_env


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


def _backend_of(db: ViewDatabase) -> int:
    return int(db.fetchone("SELECT pg_backend_pid()")[0])  # type: ignore[index]


@pytest.fixture
def dropped(postgres_url: str, postgres_schema: str) -> Iterator[tuple[ViewPool, int]]:
    """A pool of one connection, given back and then terminated by the server; its backend's pid."""
    pool = ViewPool(postgres_env(postgres_url, postgres_schema), size=1)
    with pool.connection() as db:
        pid = _backend_of(db)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    yield pool, pid
    pool.close()


def test_a_connection_dropped_by_the_server_is_replaced_before_it_is_lent_again(
    dropped: tuple[ViewPool, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    pool, pid = dropped
    monkeypatch.setattr(view_pool, "TRUSTED_SECONDS", 0.0)  # given back long enough ago to be checked

    with pool.connection() as db:
        replaced = _backend_of(db)

    assert replaced != pid


def test_a_connection_given_back_a_moment_ago_is_lent_again_without_a_check(
    dropped: tuple[ViewPool, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    pool, pid = dropped
    monkeypatch.setattr(view_pool, "TRUSTED_SECONDS", 3600.0)

    with pytest.raises(psycopg.OperationalError), pool.connection() as db:  # unseen without a check
        db.fetchone("SELECT 1")
    with pool.connection() as db:  # the failed one was closed, not given back: a new one
        replaced = _backend_of(db)

    assert replaced != pid
