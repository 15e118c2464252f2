"""Catching up with the event log in pages, rebuilding under an exclusive lock, showing lag.

SQLite's recorder has no subscription, so both stores are followed the same way: poll the
head position and apply pages until caught up. One code path for both.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from domain.tracker import Tracker
from persistence.verification import require_intact
from projections import partitioned, question_tables
from projections.database import StoredRow, ViewDatabase
from projections.shell import VIEWS, Shell, View

PAGE_SIZE = 20_000
# A rebuild's page: what is read ahead and decoded at once is its peak memory (with the records it
# touches), and a rebuild runs beside a server; smaller pages cost it little (measured at city).
REBUILD_PAGE_SIZE = 5_000
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Lag:
    head: int
    positions: dict[str, int]

    @property
    def behind(self) -> dict[str, int]:
        return {name: self.head - position for name, position in self.positions.items()}


class Projector:
    """Keeps the views of one store up to date."""

    def __init__(
        self, tracker: Tracker, env: dict[str, str], page_size: int = PAGE_SIZE, views: list[str] | None = None
    ):
        self.tracker = tracker
        self.env = env
        self.db = ViewDatabase(env)
        self.shell = Shell(self.db, tracker.mapper, [VIEWS[n] for n in views] if views is not None else None)
        self.page_size = page_size
        self._events = ViewDatabase(env)  # the read-ahead thread's own connection
        self._table: str = cast(Any, tracker.recorder).events_table_name
        self._lock = threading.Lock()
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="projector-read")
        self.parent: int | None = None  # a rebuild's worker: the pid of the rebuild it works for
        self.shell.prepare()

    def head(self) -> int:
        return self.tracker.recorder.max_notification_id() or 0

    def positions(self) -> dict[str, int]:
        """Each view's committed position (waits for a page in progress on this connection)."""
        with self._lock:
            return self.shell.positions()

    def lag(self) -> Lag:
        return Lag(self.head(), self.positions())

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply pages until every view has reached the head; returns the number of events applied."""
        with self._lock:
            return self._catch_up(self.shell, progress)

    def _catch_up(self, shell: Shell, progress: Callable[[int], None] | None = None) -> int:
        applied = 0
        start = shell.resume_from()
        page = self._read(start)
        while page:
            # A full page means more are waiting: read the next one while this one is applied.
            after = page[-1][0] + 1
            ahead = self._reader.submit(self._read, after) if len(page) == self.page_size else None
            with cyclic_gc_paused():
                done = shell.apply_page(page, start)
            exit_if_orphaned(self.parent)
            if done is not None and done.discarded:  # another runner moved the view: read again from there
                if ahead is not None:
                    ahead.result()
                start = shell.resume_from()
                page = self._read(start)
                continue
            applied += len(page)
            if progress is not None:
                progress(len(page))
            start = after if ahead is not None else shell.resume_from()
            page = ahead.result() if ahead is not None else self._read(start)
        with cyclic_gc_paused():  # as a page: the derived rows' objects die with their batch
            question_tables.drain(shell.db)  # derived rows: once per catch-up, not once per page
        return applied

    def _read(self, start: int) -> list[StoredRow]:
        return self._events.read_events(self._table, start, self.page_size)

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Read-your-writes: True once every view has reached ``position`` (bounded wait)."""
        deadline = time.monotonic() + timeout
        while min(self.positions().values(), default=0) < position:
            if time.monotonic() >= deadline:
                return False
            self.catch_up()
        return True

    def rebuild(
        self, names: list[str] | None = None, progress: Callable[[int], None] | None = None, workers: int | None = None
    ) -> int:
        """Drop the named views (all of ours by default) and replay them from position zero.

        On PostgreSQL the contracts are split among ``workers`` processes (one per core, at most
        eight, by default), each replaying every view for its share (see partitioned.py);
        SQLite serialises writers, so there one process replays them all.
        """
        views = [VIEWS[n] for n in names] if names else self.shell.views
        require_intact(self.env, self._table)  # a damaged log is named, and the views it made stay
        with self._lock, self.db.exclusive():  # two rebuilds, or a rebuild and a follower, never interleave
            for view in views:
                self.shell.rebuild(view)
            count = workers or partitioned.default_workers(os.cpu_count() or 1)
            page_size, self.page_size = self.page_size, min(self.page_size, REBUILD_PAGE_SIZE)
            try:
                if count == 1 or not self.db.is_postgres:
                    return self._catch_up(self.shell, progress)
                applied = partitioned.rebuild(self, views, count, progress)
                return applied + self._catch_up(self.shell, progress)  # what was appended meanwhile
            finally:
                self.page_size = page_size

    def _shell_of(self, views: list[View]) -> Shell:
        shell = Shell(self.db, self.tracker.mapper, views)
        shell.router = self.shell.router  # routes are facts: what one shell learnt serves the other
        shell.fail_after = self.shell.fail_after
        return shell

    def close(self) -> None:
        self._reader.shutdown()
        self._events.close()
        self.db.close()


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (a rebuild killed with -9 leaves no worker behind)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    exit_if_orphaned(parent)  # the parent died before the request took effect


def exit_if_orphaned(parent: int | None) -> None:
    """A worker whose parent is gone stops at once: its page rolled back or committed whole."""
    if parent is not None and os.getppid() != parent:
        os._exit(1)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a page is applied.

    A page allocates objects that live until its end, and each burst of allocations makes the
    collector traverse every live object, the records kept in memory included: about a quarter
    of a rebuild's CPU time when measured. Reference counting still frees everything; cycles
    wait for the page's end. (The switch is process-wide; it is restored, never forced on.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def unknown_views(names: list[str]) -> list[str]:
    return [n for n in names if n not in VIEWS]
