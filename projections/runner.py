"""Following the event log: catch up in pages, follow new events, rebuild, show lag.

SQLite's recorder has no subscription, so both stores are followed the same way: poll the
head position and apply pages until caught up. One code path for both.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from domain.tracker import Tracker
from projections.database import ViewDatabase
from projections.shell import VIEWS, Page, Shell

PAGE_SIZE = 5000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lag:
    head: int
    positions: dict[str, int]

    @property
    def behind(self) -> dict[str, int]:
        return {name: self.head - position for name, position in self.positions.items()}


class Projector:
    """Keeps the views of one store up to date."""

    def __init__(self, tracker: Tracker, env: dict[str, str], page_size: int = PAGE_SIZE):
        self.tracker = tracker
        self.db = ViewDatabase(env)
        self.shell = Shell(self.db, tracker.mapper)
        self.page_size = page_size
        self._lock = threading.Lock()
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
        applied = 0
        with self._lock:
            while True:
                with _cyclic_gc_paused():
                    done = self._next_page()
                if done is None:
                    return applied
                applied += done.events
                if progress is not None:
                    progress(done.events)

    def _next_page(self) -> Page | None:
        page = self.tracker.recorder.select_notifications(start=self.shell.resume_from(), limit=self.page_size)
        return self.shell.apply_page(list(page))

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Read-your-writes: True once every view has reached ``position`` (bounded wait)."""
        deadline = time.monotonic() + timeout
        while min(self.positions().values(), default=0) < position:
            if time.monotonic() >= deadline:
                return False
            self.catch_up()
        return True

    def rebuild(self, names: list[str] | None = None, progress: Callable[[int], None] | None = None) -> int:
        """Drop the named views (all by default) and replay them from position zero."""
        with self._lock:
            for name in names or list(VIEWS):
                self.shell.rebuild(VIEWS[name])
        return self.catch_up(progress)

    def follow(self, stop: threading.Event, interval: float = 0.1) -> None:
        """Catch up, then poll for new events until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.catch_up()
            except Exception:  # the failed page rolled back; say why and try again after a pause
                log.exception("Projection page failed; retrying")
                stop.wait(1.0)
            stop.wait(interval)

    def close(self) -> None:
        self.db.close()


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one page (read and applied).

    A page allocates objects that live until its end, and each burst of allocations makes the
    collector traverse every live object, the records kept in memory included: a third of a
    rebuild's time. Reference counting still frees everything; cycles wait for the page's end.
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
