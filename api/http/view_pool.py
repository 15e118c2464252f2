"""A small pool of view connections for the API's worker threads (reads and the users table)."""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from projections.database import ViewDatabase


class ViewPool:
    """At most ``size`` connections, opened when first needed, checked before reuse; a request waits for one."""

    def __init__(self, env: dict[str, str], size: int):
        self.env = env
        # Each item is an open connection, or None: the right to open one.
        self._items: queue.LifoQueue[ViewDatabase | None] = queue.LifoQueue()
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
                self._items.put(db)

    def close(self) -> None:
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item.close()


def _checked(db: ViewDatabase | None) -> ViewDatabase | None:
    """A kept connection, checked before use: one PostgreSQL dropped (a restart) is closed, and None returned."""
    if db is None or not db.is_postgres:
        return db
    try:
        db.fetchone("SELECT 1")
    except (psycopg.Error, sqlite3.Error):
        db.close()
        return None
    return db
