"""Group commit: what concurrently finished commands recorded, saved in one transaction.

While one save is in flight, the commands that finish queue up; the first of them to get the
turn saves the whole queue with one ``save(*items)`` – one table lock, one commit – and hands each
command its own recordings. A version conflict in the batch (nothing was committed) makes each
command be saved alone, so one stale command never fails its neighbours (nor does one whose
event cannot be stored). Two commands on the same aggregate never share a batch: the later one
is saved after, alone, and is refused as stale.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, PersistenceError, Recording

from persistence.outcomes import ConflictingSaveError, InterruptedSaveError

Save = Callable[..., list[Recording[Any]]]


@dataclass(eq=False)
class _Command:
    """One command's aggregates and loose events, their pending events taken out once (so that
    a command can be saved again alone); snapshots are the caller's, after the save."""

    items: Sequence[Any]
    events: list[Any] = field(default_factory=list)
    recordings: list[Recording[Any]] | None = None
    error: BaseException | None = None
    wake: threading.Event = field(default_factory=threading.Event)  # finished, or its turn to save

    def __post_init__(self) -> None:
        for item in self.items:
            self.events.extend(item.collect_events() if isinstance(item, Aggregate) else [item])

    @property
    def finished(self) -> bool:
        return self.recordings is not None or self.error is not None

    def ids(self) -> set[Any]:
        return {event.originator_id for event in self.events}


class GroupCommitter:
    """Saves the commands that finish while a save is in flight together, each with its own outcome."""

    def __init__(self, save: Save) -> None:
        self._save = save
        self._lock = threading.Lock()
        self._queue: list[_Command] = []
        self._saving = False

    def commit(self, *items: Any) -> list[Recording[Any]]:
        """Save the items' events (with others' waiting at the same time); this command's recordings."""
        command = _Command(items)
        with self._lock:
            self._queue.append(command)
            turn, self._saving = not self._saving, True
        if not turn:
            command.wake.wait()  # only the waiter whose turn it is wakes, not all of them
        if not command.finished:
            with self._lock:
                batch, self._queue = self._queue, []
            self._lead(batch)
        if command.error is not None:
            raise command.error
        assert command.recordings is not None
        return command.recordings

    def _lead(self, batch: list[_Command]) -> None:
        try:
            self._save_batch(batch)
        finally:
            for waiting in batch:
                if not waiting.finished:  # only when interrupted: nobody may wait for a save that won't come
                    waiting.error = RuntimeError("The save was interrupted.")
                waiting.wake.set()
            with self._lock:
                if self._queue:
                    self._queue[0].wake.set()  # the next save is theirs
                else:
                    self._saving = False

    def waiting(self) -> int:
        """How many commands are queued behind the save in flight."""
        with self._lock:
            return len(self._queue)

    def _save_batch(self, batch: list[_Command]) -> None:
        together: list[_Command] = []
        alone: list[_Command] = []
        seen: set[Any] = set()
        for command in batch:
            (alone if command.ids() & seen else together).append(command)
            seen |= command.ids()
        try:
            self._save_together(together)
        except _SaveEachAloneError:
            alone = together + alone
        for command in alone:
            if not command.finished:
                self._save_together([command])

    def _save_together(self, commands: list[_Command]) -> None:
        """One transaction for all. When one command may be the cause (a version conflict, an event
        that cannot be stored) nothing was committed, and each is saved alone; when the store
        failed, every command hears it, as it would have alone."""
        try:
            recordings = self._save(*(item for command in commands for item in command.events))
        except Exception as e:
            if len(commands) > 1 and (isinstance(e, IntegrityError) or not isinstance(e, PersistenceError)):
                raise _SaveEachAloneError from e
            for command in commands:
                # A conflict alone carries the events, so the caller can tell a retried insert of its
                # own (the acknowledgement was lost) from another's write at the same version.
                if isinstance(e, IntegrityError):
                    command.error = ConflictingSaveError(command.events)
                elif isinstance(e, PersistenceError):
                    command.error = InterruptedSaveError(command.events, e)
                else:
                    command.error = e
                command.error.__cause__ = e
            return
        by_event = {id(r.domain_event): r for r in recordings}
        for command in commands:
            command.recordings = [by_event[id(event)] for event in command.events]


class _SaveEachAloneError(Exception):
    """A batch failed because of one of its commands, before anything was committed."""
