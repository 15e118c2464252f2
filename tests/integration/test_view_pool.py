"""The API's pool of view connections: bounded, reused, and never stuck when all are taken."""

from __future__ import annotations

import threading

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


def _terminate(postgres_url: str, pid: int) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_dropped_by_the_server_is_replaced_before_it_is_lent_again(
    postgres_url: str, postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = ViewPool(postgres_env(postgres_url, postgres_schema), size=1)
    with pool.connection() as db:
        dropped = _backend_of(db)
    _terminate(postgres_url, dropped)
    monkeypatch.setattr(view_pool, "TRUSTED_SECONDS", 0.0)  # given back long enough ago to be checked

    with pool.connection() as db:
        replaced = _backend_of(db)
    pool.close()

    assert replaced != dropped


def test_a_connection_given_back_a_moment_ago_is_lent_again_without_a_check(
    postgres_url: str, postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = ViewPool(postgres_env(postgres_url, postgres_schema), size=1)
    with pool.connection() as db:
        kept = _backend_of(db)
    _terminate(postgres_url, kept)  # unseen without a check: the next statement on it fails
    monkeypatch.setattr(view_pool, "TRUSTED_SECONDS", 3600.0)

    with pytest.raises(psycopg.OperationalError), pool.connection() as db:
        db.fetchone("SELECT 1")
    with pool.connection() as db:  # the failed one was closed, not given back: a new one
        replaced = _backend_of(db)
    pool.close()

    assert replaced != kept
