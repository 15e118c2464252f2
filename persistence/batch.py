"""The aggregates a ``together()`` block has loaded and changed, per thread, saved as one unit of work at its end."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


class Batch:
    """While a block is open in this thread, every aggregate its use cases load or save, by id."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def _aggregates(self) -> dict[UUID, Aggregate] | None:
        found: dict[UUID, Aggregate] | None = getattr(self._local, "aggregates", None)
        return found

    @property
    def active(self) -> bool:
        return self._aggregates is not None

    @contextmanager
    def opened(self) -> Iterator[list[Aggregate]]:
        """Open a block; once it ran without error, the list holds the aggregates it changed."""
        if self.active:
            raise RuntimeError("together() blocks do not nest")
        self._local.aggregates = {}
        changed: list[Aggregate] = []
        try:
            yield changed
            changed.extend(a for a in self._local.aggregates.values() if a.pending_events)
        finally:
            self._local.aggregates = None

    def get(self, aggregate_id: UUID) -> Aggregate | None:
        aggregates = self._aggregates
        return aggregates.get(aggregate_id) if aggregates is not None else None

    def seen(self, aggregate: Aggregate) -> None:
        aggregates = self._aggregates
        if aggregates is not None:
            aggregates.setdefault(aggregate.id, aggregate)

    def keep(self, items: tuple[Any, ...]) -> None:
        """What a use case saves inside the block: kept until the block ends."""
        if not all(isinstance(item, Aggregate) for item in items):
            raise RuntimeError("A new contract is drafted before a together() block, not in it.")
        for item in items:
            self.seen(item)
