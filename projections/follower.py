"""Following the event log for good: reconnect with back-off, give up after a long outage, beat a heartbeat.

A follower opens its connections afresh after any failure (the database restarted, the
network dropped, a bug): the failed page rolled back, so nothing is lost or doubled. If the
store stays unreachable longer than ``max_outage`` it raises ``FollowerGaveUpError``, so that
`forum projections run` exits non-zero and a supervisor restarts it. Each round it stores a
heartbeat (``projection_followers``) that `/health` reads: who follows, when it last reached
the head, and its last error.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from domain.tracker import Tracker
from persistence.sealing import Sealer
from persistence.wakeup import Wakeup
from projections import health
from projections.database import ViewDatabase
from projections.runner import PAGE_SIZE, Projector

BEAT_EVERY = 1.0  # seconds between heartbeats while all is well (each one is a write)
log = logging.getLogger(__name__)


class FollowerGaveUpError(Exception):
    """The store stayed unreachable longer than the follower may wait."""


class Follower:
    """Keeps the views up to date until stopped; survives connection losses."""

    def __init__(
        self,
        tracker: Tracker,
        env: dict[str, str],
        interval: float = 0.1,
        max_outage: float = 300.0,
        backoff: tuple[float, float] = (0.2, 10.0),
        page_size: int = PAGE_SIZE,
        projector: Projector | None = None,
        sealer: Sealer | None = None,
    ):
        self.tracker, self.env = tracker, env
        self.interval, self.max_outage, self.backoff, self.page_size = interval, max_outage, backoff, page_size
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.last_error: str | None = None
        self.caught_up_at: float | None = None
        self.started_at = time.time()
        self.reconnects = 0
        self._projector = projector  # opened already (by a caller that made the tables with it), or at the start
        self.sealer = sealer  # seals the log in the same rounds, trailing the head by one interval
        self._beaten = 0.0
        self._wakeup: Wakeup | None = None  # notices of appends (PostgreSQL), opened with the projector

    def run(self, stop: threading.Event) -> None:
        """Catch up, then poll, until ``stop`` is set; raises ``FollowerGaveUpError`` after too long an outage."""
        delay, outage_since = self.backoff[0], None
        while not stop.is_set():
            try:
                projector = self._projector or self._open()
                projector.catch_up()
                if self.sealer is not None:
                    self.sealer.seal()
                self.caught_up_at = time.time()
                self._beat(projector.db, force=outage_since is not None)
                delay, outage_since = self.backoff[0], None
                self._wait(stop)
            except Exception as error:  # any failure: start again on fresh connections
                self.last_error = f"{type(error).__name__}: {error}".strip()[:500]
                log.warning("Følgeren mistede forbindelsen eller fejlede (%s); prøver igen om %.1f s", error, delay)
                self._close()
                outage_since = outage_since if outage_since is not None else time.monotonic()
                if time.monotonic() - outage_since >= self.max_outage:
                    raise FollowerGaveUpError(
                        f"Visningerne er ikke opdateret i {self.max_outage:g} s: {self.last_error}"
                    ) from error
                stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
        self._close()

    def beat(self) -> health.Beat:
        """This follower's heartbeat now (for the health of the process it runs in)."""
        return health.Beat(self.name, time.time(), self.caught_up_at or self.started_at, self.last_error)

    def _wait(self, stop: threading.Event) -> None:
        """Until events may have come: a notice of an append, or the poll interval (the fallback)."""
        if self._wakeup is None:
            self._wakeup = Wakeup(self.env)
        self._wakeup.wait(self.interval, stop)

    def _open(self) -> Projector:
        self._projector = Projector(self.tracker, self.env, self.page_size)
        self.reconnects += 1
        return self._projector

    def _close(self) -> None:
        if self.sealer is not None:
            self.sealer.close()
        if self._wakeup is not None:
            wakeup, self._wakeup = self._wakeup, None
            wakeup.close()
        if self._projector is not None:
            projector, self._projector = self._projector, None
            projector.close()

    def _beat(self, db: ViewDatabase, force: bool = False) -> None:
        now = time.time()
        if not force and now - self._beaten < BEAT_EVERY:
            return
        db.execute(
            f"INSERT INTO {health.FOLLOWERS} (name, seen_at, caught_up_at, last_error) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at, caught_up_at = excluded.caught_up_at, "
            "last_error = excluded.last_error",
            (self.name, now, self.caught_up_at, self.last_error),
        )
        self._beaten = now
