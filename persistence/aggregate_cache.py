"""Aggregates kept in memory between commands, kept current by following the notification log.

Several processes may write the same store, so a cached aggregate is only served to a command
after the cache has read the log up to a point after that command began (``refresh``): every
aggregate the log shows a newer version of is dropped, to be loaded again. Commands that begin
while a refresh is in flight share the next one, so a busy process reads the log once for many
commands instead of querying each aggregate per command. The log is gapless in commit order
(the recorder's table lock), so reading it past a position misses nothing committed before.

Two ways to use an aggregate:

- ``read`` – for rules (the contract when booking an expense): shared, never changed in place.
- ``checkout`` / ``checkin`` – for the aggregate a command writes: the command has it to itself
  (it leaves the cache); only what was saved comes back, so a command that fails or is refused
  takes its changes with it.

An aggregate enters the cache only when the log read so far shows no newer version of it. So does
an aggregate found not to exist (a contract's register of contact persons before its first person),
until the log shows its first event.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ApplicationRecorder

PAGE = 1000


class AggregateCache:
    """Up to ``maxsize`` read and ``maxsize`` written aggregates, least recently used dropped first."""

    def __init__(self, repository: Repository[UUID], recorder: ApplicationRecorder, maxsize: int) -> None:
        self._repository = repository
        self._recorder = recorder
        self._maxsize = maxsize
        self._lock = threading.Lock()
        self._shared: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._owned: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._absent: OrderedDict[UUID, None] = OrderedDict()  # read, and not there
        self._log = _LogSeen(maxsize * 10)
        self._turn = threading.Condition(self._lock)
        self._started = self._finished = 0  # refreshes
        self._refreshing = False

    def refresh(self) -> None:
        """Read the log from where the last refresh stopped, in a refresh that starts after now."""
        if self._maxsize == 0:  # caching nothing: nothing to keep current
            return
        with self._turn:
            wanted = self._started + 1
            while self._finished < wanted:
                if self._refreshing:
                    self._turn.wait()
                    continue
                self._refreshing, self._started = True, self._started + 1
                caught_up = False
                self._turn.release()
                try:
                    self._catch_up()
                    caught_up = True
                finally:  # a failed refresh counts for nobody: the next caller tries again
                    self._turn.acquire()
                    self._refreshing = False
                    if caught_up:
                        self._finished = self._started
                    self._turn.notify_all()

    def read(self, aggregate_id: UUID) -> Aggregate:
        """The current aggregate (as of the last refresh), shared with other readers: do not change it."""
        with self._lock:
            cached = self._shared.get(aggregate_id)
            if cached is not None:
                self._shared.move_to_end(aggregate_id)
                return cached
            if aggregate_id in self._absent:
                self._absent.move_to_end(aggregate_id)
                raise AggregateNotFoundError(aggregate_id)
            before = self._log.position
        try:
            loaded: Aggregate = self._repository.get(aggregate_id)
        except AggregateNotFoundError:
            self._put_absent(aggregate_id, before)
            raise
        self._put(self._shared, loaded, before)
        return loaded

    def checkout(self, aggregate_id: UUID) -> Aggregate:
        """The current aggregate (as of the last refresh), for this caller alone to change and save."""
        with self._lock:
            cached = self._owned.pop(aggregate_id, None)
        if cached is not None:
            return cached
        loaded: Aggregate = self._repository.get(aggregate_id)
        return loaded

    def checkin(self, aggregate: Any, position: int) -> None:
        """An aggregate whose changes were all saved, its last event at ``position`` in the log."""
        if isinstance(aggregate, Aggregate) and not aggregate.pending_events:
            self._put(self._owned, aggregate, position)

    def _put(self, into: OrderedDict[UUID, Aggregate], aggregate: Aggregate, current_at: int | None) -> None:
        """Cache an aggregate known to be current at log position ``current_at``, unless the log
        since then shows a newer version of it (or since then can no longer say)."""
        with self._lock:
            if current_at is None or not self._log.none_newer(aggregate.id, aggregate.version, current_at):
                return
            self._absent.pop(aggregate.id, None)
            into[aggregate.id] = aggregate
            into.move_to_end(aggregate.id)
            while len(into) > self._maxsize:
                into.popitem(last=False)

    def _put_absent(self, aggregate_id: UUID, current_at: int | None) -> None:
        """Remember that an aggregate was not there at log position ``current_at``, unless the log since shows it."""
        with self._lock:
            if current_at is None or not self._log.none_newer(aggregate_id, 0, current_at):
                return
            self._absent[aggregate_id] = None
            while len(self._absent) > self._maxsize:
                self._absent.popitem(last=False)

    def _catch_up(self) -> None:
        if self._log.position is None:  # nothing is cached yet: start from the head
            head = self._recorder.max_notification_id() or 0
            with self._lock:
                self._log.start(head)
            return
        for _ in range(20):
            assert self._log.position is not None
            page = self._recorder.select_notifications(self._log.position + 1, PAGE)
            with self._lock:
                for n in page:
                    aggregate_id = n.originator_id if isinstance(n.originator_id, UUID) else UUID(n.originator_id)
                    self._note(aggregate_id, n.originator_version, n.id)
            if len(page) < PAGE:
                return
        head = self._recorder.max_notification_id() or 0  # far behind: forget everything instead
        with self._lock:
            self._shared.clear()
            self._owned.clear()
            self._absent.clear()
            self._log.start(head)

    def _note(self, aggregate_id: UUID, version: int, position: int) -> None:
        self._log.record(aggregate_id, version, position)
        self._absent.pop(aggregate_id, None)
        for cache in (self._shared, self._owned):
            cached = cache.get(aggregate_id)
            if cached is not None and cached.version < version:
                del cache[aggregate_id]


class _LogSeen:
    """The latest version of each aggregate the log has shown lately, and how far it was read."""

    def __init__(self, maxsize: int) -> None:
        self.position: int | None = None  # the last notification read
        self._latest: OrderedDict[UUID, tuple[int, int]] = OrderedDict()  # version, position
        self._maxsize = maxsize
        self._forgotten = 0  # what the log showed up to here may have been forgotten

    def start(self, head: int) -> None:
        """Read on from ``head``; what came before it is unknown."""
        self._latest.clear()
        self._forgotten = head
        self.position = head

    def record(self, aggregate_id: UUID, version: int, position: int) -> None:
        self._latest[aggregate_id] = (version, position)
        self._latest.move_to_end(aggregate_id)
        self.position = position
        while len(self._latest) > self._maxsize:
            _, (_, at) = self._latest.popitem(last=False)
            self._forgotten = max(self._forgotten, at)

    def none_newer(self, aggregate_id: UUID, version: int, since: int) -> bool:
        """Whether the log read after position ``since`` shows no version of the aggregate above ``version``."""
        if self.position is None or since < self._forgotten:
            return False
        latest = self._latest.get(aggregate_id)
        return latest is None or latest[0] <= version
