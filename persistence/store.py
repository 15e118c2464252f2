"""The eventsourcing application the tracker runs on: how aggregates are loaded, cached and saved.

It implements the use cases' port (``domain.use_cases.records.Records``): an aggregate is loaded
to read (shared, from the cache), to write (the command's alone) or fresh; what a command
changed is saved in one transaction through the group committer and snapshotted from memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, OriginatorVersionError
from eventsourcing.persistence import JSONTranscoder, Recording
from eventsourcing.utils import Environment

from domain import transcodings
from domain.use_cases.records import Outcome, Records, Use
from persistence import append_only, bulk_read, idempotency, recorder
from persistence.aggregate_cache import AggregateCache
from persistence.batch import Batch
from persistence.committer import GroupCommitter
from persistence.outcomes import ConflictingSaveError, InterruptedSaveError, decide, recorded_positions
from persistence.person_keys import PersonKeyStore
from persistence.verification import damaged

A = TypeVar("A", bound=Aggregate)


class StoredApplication(Application[UUID], Records):
    """Loads and saves for the use cases; ``together()`` records a block of them in one transaction."""

    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}
    person_keys: PersonKeyStore

    def __init__(
        self, env: dict[str, str], clock: Callable[[], date] = date.today, new_id: Callable[[], UUID] = uuid4
    ) -> None:
        self.clock = clock
        self.new_id = new_id  # injected, like the clock, so that a generated history can be reproduced
        self._batch = Batch()
        self.store_env = dict(env)
        super().__init__(append_only.library_env(env, f"{self.name.lower()}_events"))
        append_only.install(self.store_env, self.recorder)  # seal tables and refusing triggers
        self.committer = GroupCommitter(lambda *items: self.save(*items))  # looked up per call, like any method
        self.cache = AggregateCache(self.repository, self.recorder, int(self.env.get("CACHE_SIZE") or 100))
        self._commands = threading.local()
        self.person_keys = PersonKeyStore(dict(env))

    def close(self) -> None:
        self.person_keys.close()
        super().close()

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # Only the settings given configure the store: a stray variable in the process
        # environment (e.g. POSTGRES_ENABLE_DB_FUNCTIONS) must not change persistence.
        settings = {"IS_SNAPSHOTTING_ENABLED": "y", **(env or {})}
        if settings.get("PERSISTENCE_MODULE", "").endswith("postgres"):  # one round trip per save
            settings["APPLICATION_RECORDER_TOPIC"] = recorder.TOPIC
        return Environment(name, settings)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    @contextmanager
    def together(self) -> Iterator[None]:
        """Run the block's use cases with every rule, and save what they record in one transaction.

        For loading long histories (the demo): a later command sees what an earlier one in the
        block recorded, and one ``save`` of all the changed aggregates – the library's unit of
        work – records all of it or, when a command is refused, nothing. Outcomes inside the
        block have no position. New contracts are drafted before the block, not in it.
        """
        with self._batch.opened() as changed:
            yield
        if changed:
            self._save(*changed, subject=changed[0])

    # --- the use cases' port ------------------------------------------------------------

    @contextmanager
    def _command(self) -> Iterator[None]:
        """A use case starts from the store as it is when it begins (see ``AggregateCache.refresh``)."""
        if getattr(self._commands, "refreshed", None) is not None:  # inside another use case
            yield
            return
        self._commands.refreshed = False
        try:
            yield
        finally:
            self._commands.refreshed = None

    def _maybe(self, aggregate_id: UUID, kind: type[A], use: Use = "fresh") -> A | None:
        try:
            return self._load(aggregate_id, kind, use)
        except AggregateNotFoundError:
            return None

    def _exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def _load_all(self, aggregate_ids: list[UUID], kind: type[A]) -> dict[UUID, A]:
        """Read together (``bulk_read``): only for kinds never snapshotted; in a ``together()`` block one by one."""
        if self._batch.active or kind in self.snapshotting_intervals:
            return super()._load_all(aggregate_ids, kind)
        found: dict[UUID, Any] = {}
        try:
            for stored in bulk_read.stored_events(self.recorder, aggregate_ids):
                event: Any = self.mapper.to_domain_event(stored)
                found[event.originator_id] = event.mutate(found.get(event.originator_id))
        except OriginatorVersionError as gap:
            raise damaged(self.store_env, self.recorder, stored.originator_id, *gap.args) from None
        return {i: a for i, a in found.items() if isinstance(a, kind)}

    def _save(self, *items: Any, subject: Aggregate) -> Outcome:
        if self._batch.active:
            self._batch.keep(items)
            return Outcome(subject.version, None)
        attempt = idempotency.CURRENT.get()
        if attempt is not None:  # a write under an Idempotency-Key says what it is about to record, first
            pending = [e for item in items for e in (item.pending_events if isinstance(item, Aggregate) else [item])]
            attempt.intend([self.mapper.to_stored_event(e) for e in pending], subject.version)
        try:
            recordings: list[Recording[UUID]] = self.committer.commit(*items)
        except ConflictingSaveError as refused:  # ours, retried after a lost acknowledgement, or another's (412)
            return self._saved(items, subject, None, decide(self.recorder, self.mapper, refused))
        except InterruptedSaveError as failed:  # the store failed mid-save: it may have committed first
            positions = recorded_positions(self.recorder, self.mapper, failed.events)
            if positions is None:  # nothing recorded: the outage as it is (503), safe to retry
                raise failed.cause from None
            return self._saved(items, subject, None, positions)
        return self._saved(items, subject, recordings, [r.notification.id for r in recordings])

    def _saved(
        self, items: tuple[Any, ...], subject: Aggregate, recordings: list[Recording[UUID]] | None, positions: list[int]
    ) -> Outcome:
        """What a recorded command answers; snapshots and the cache only from a plain save's recordings."""
        if recordings is None:  # decided after a failure: the cache reloads these aggregates when next used
            return Outcome(subject.version, max(positions, default=None))
        self._snapshot(items, recordings)
        latest = {r.domain_event.originator_id: r.notification.id for r in recordings}
        for item in items:
            if isinstance(item, Aggregate) and item.id in latest:
                self.cache.checkin(item, latest[item.id])
        return Outcome(subject.version, max(positions, default=None))

    # --- internals ------------------------------------------------------------------------

    def _load(self, aggregate_id: UUID, kind: type[A], use: Use) -> A:
        """To read for rules (shared, never changed), to write (the caller's alone, see
        ``AggregateCache``), or fresh from the store; inside ``together()``: as the block has
        changed it so far. A gap in its stored versions is a damaged log, named (``DamagedLogError``)."""
        try:
            return self._load_intact(aggregate_id, kind, use)
        except OriginatorVersionError as gap:
            raise damaged(self.store_env, self.recorder, aggregate_id, *gap.args) from None

    def _load_intact(self, aggregate_id: UUID, kind: type[A], use: Use) -> A:
        aggregate = self._batch.get(aggregate_id)
        if aggregate is None:
            if self._batch.active or use == "fresh":
                aggregate = self.repository.get(aggregate_id)
            else:
                self._refresh_once()
                aggregate = self.cache.read(aggregate_id) if use == "read" else self.cache.checkout(aggregate_id)
        if not isinstance(aggregate, kind):
            raise AggregateNotFoundError(aggregate_id)
        self._batch.seen(aggregate)
        return aggregate

    def _refresh_once(self) -> None:
        """Once per use case (each time outside one): the cache catches up with the store."""
        if not getattr(self._commands, "refreshed", False):
            self.cache.refresh()
            if getattr(self._commands, "refreshed", None) is False:  # inside a use case: once is enough
                self._commands.refreshed = True

    def _snapshot(self, items: tuple[Any, ...], recordings: list[Recording[UUID]]) -> None:
        """Snapshot what was saved from memory, outside the group commit (the library would
        reload it from the store, replaying the whole interval, while every other command waits)."""
        for item in items:
            interval = self.snapshotting_intervals.get(type(item))
            if self.snapshots is None or not interval or not isinstance(item, Aggregate):
                continue
            events = (r.domain_event for r in recordings if r.domain_event.originator_id == item.id)
            if any(e.originator_version % interval == 0 for e in events):
                self.snapshots.put([type(item).Snapshot.take(item)])
