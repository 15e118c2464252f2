"""A small pool of view connections for the API's worker threads (reads and the users table)."""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from projections.database import ViewDatabase


class ViewPool:
    """At most ``size`` connections; a request waits for a free one instead of opening more."""

    def __init__(self, env: dict[str, str], size: int):
        self.env = env
        self._free: queue.LifoQueue[ViewDatabase] = queue.LifoQueue()
        self._slots = queue.Queue[None]()
        for _ in range(size):
            self._slots.put(None)

    @contextmanager
    def connection(self, timeout: float = 30.0) -> Iterator[ViewDatabase]:
        try:
            db = self._free.get_nowait()
        except queue.Empty:
            self._slots.get(timeout=timeout)  # a free slot lets us open one more connection
            try:
                db = ViewDatabase(self.env)
            except BaseException:
                self._slots.put(None)
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
                self._slots.put(None)
            else:
                self._free.put(db)

    def close(self) -> None:
        while True:
            try:
                self._free.get_nowait().close()
            except queue.Empty:
                return
