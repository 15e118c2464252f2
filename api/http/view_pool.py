"""A small pool of view connections for the API's worker threads (reads and the users table)."""

from __future__ import annotations

import queue
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from projections.database import ViewDatabase

# A connection given back this recently worked a moment ago: it is reused without a check (a round trip
# per borrow, two per read request: auth and query). One dropped within this window (PostgreSQL restarted
# that fast) fails its next request with 503, as one in use at the restart does.
TRUSTED_SECONDS = 0.5


class ViewPool:
    """At most ``size`` connections, opened when first needed, checked before reuse (unless given back within
    TRUSTED_SECONDS); a request waits for one."""

    def __init__(self, env: dict[str, str], size: int):
        self.env = env
        # Each item is an open connection with when it was given back, or None: the right to open one.
        self._items: queue.LifoQueue[tuple[ViewDatabase, float] | None] = queue.LifoQueue()
        for _ in range(size):
            self._items.put(None)

    @contextmanager
    def connection(self, timeout: float = 30.0) -> Iterator[ViewDatabase]:
        item = self._items.get(timeout=timeout)  # queue.Empty when none is free in time: 503
        try:
            db = _checked(item) or ViewDatabase(self.env)
        except BaseException:
            self._items.put(None)
            raise
        broken = False
        try:
            yield db
        except (psycopg.Error, sqlite3.Error):
            broken = True  # a connection in an unknown state is not reused
            raise
        finally:
            if broken:
                db.close()
                self._items.put(None)
            else:
                self._items.put((db, time.monotonic()))

    def close(self) -> None:
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[0].close()


def _checked(item: tuple[ViewDatabase, float] | None) -> ViewDatabase | None:
    """A kept connection, checked before use: one PostgreSQL dropped (a restart) is closed, and None returned."""
    if item is None:
        return None
    db, returned = item
    if not db.is_postgres or time.monotonic() - returned < TRUSTED_SECONDS:
        return db
    try:
        db.fetchone("SELECT 1")
    except (psycopg.Error, sqlite3.Error):
        db.close()
        return None
    return db
