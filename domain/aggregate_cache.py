"""Aggregates kept in memory between commands, brought up to date from the store before each use.

Several processes may write the same store, so nothing is trusted as it was cached: every use
reads the events recorded after the cached version (one indexed query, usually empty) and applies
them. That makes a cached aggregate exactly as fresh as one loaded from the store at that moment.

Two ways to use one:

- ``read`` – for rules (the contract when booking an expense): a shared instance, never changed
  in place; when the store has newer events, a new instance replaces it.
- ``checkout`` / ``checkin`` – for the aggregate a command writes: the command gets the instance
  to itself (it leaves the cache), and only what was saved comes back. A command that fails or
  is refused takes its instance with it, so nothing unsaved is ever served again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore

A = TypeVar("A", bound=Aggregate)


class AggregateCache:
    """Up to ``maxsize`` read and ``maxsize`` written aggregates, least recently used dropped first."""

    def __init__(self, repository: Repository[UUID], events: EventStore[UUID], maxsize: int) -> None:
        self._repository = repository
        self._events = events
        self._maxsize = maxsize
        self._lock = threading.Lock()
        self._shared: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._owned: OrderedDict[UUID, Aggregate] = OrderedDict()

    def read(self, aggregate_id: UUID) -> Aggregate:
        """The current aggregate, shared with other readers: do not change it."""
        with self._lock:
            cached = self._shared.get(aggregate_id)
        if cached is not None and not self._newer(cached):
            with self._lock:
                if aggregate_id in self._shared:
                    self._shared.move_to_end(aggregate_id)
            return cached
        fresh: Aggregate = self._repository.get(aggregate_id)
        self._put(self._shared, fresh)
        return fresh

    def checkout(self, aggregate_id: UUID) -> Aggregate:
        """The current aggregate, for this caller alone to change and save."""
        with self._lock:
            cached = self._owned.pop(aggregate_id, None)
        if cached is None:
            loaded: Aggregate = self._repository.get(aggregate_id)
            return loaded
        for event in self._newer(cached):
            cached = event.mutate(cached)
            if cached is None:  # discarded in the meantime
                raise AggregateNotFoundError(aggregate_id)
        return cached

    def checkin(self, aggregate: Any) -> None:
        """An aggregate whose changes were all saved, for the next command to check out."""
        if isinstance(aggregate, Aggregate) and not aggregate.pending_events:
            self._put(self._owned, aggregate)

    def _newer(self, cached: Aggregate) -> list[Any]:
        return list(self._events.get(cached.id, gt=cached.version))

    def _put(self, into: OrderedDict[UUID, Aggregate], aggregate: Aggregate) -> None:
        with self._lock:
            current = into.get(aggregate.id)
            if current is None or current.version <= aggregate.version:
                into[aggregate.id] = aggregate
                into.move_to_end(aggregate.id)
            while len(into) > self._maxsize:
                into.popitem(last=False)
