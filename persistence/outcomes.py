"""Whether a save the store refused or failed was in fact recorded (its acknowledgement lost), or not at all."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    Mapper,
    PersistenceError,
    StoredEvent,
)

from domain.errors import StaleError


class UnknownOutcomeError(Exception):
    """It cannot be decided whether a write was recorded (503: retry with the same Idempotency-Key)."""

    def __init__(self) -> None:
        super().__init__(
            "Ukendt udfald – prøv igen med samme Idempotency-Key. Lageret svarede ikke, mens skrivningen blev "
            "gemt, så det kan ikke afgøres, om den blev registreret."
        )


class ConflictingSaveError(Exception):
    """The store refused a command's events as a version conflict: they are ours (a retried insert) or another's."""

    def __init__(self, events: Sequence[Any]) -> None:
        super().__init__("The store refused the events as a version conflict.")
        self.events = list(events)


class InterruptedSaveError(Exception):
    """The store failed while saving a command's events (the cause): they may have been committed before it failed."""

    def __init__(self, events: Sequence[Any], cause: Exception) -> None:
        super().__init__("The store failed while saving the events.")
        self.events, self.cause = list(events), cause


def recorded_positions(recorder: AggregateRecorder, mapper: Mapper[Any], events: Sequence[Any]) -> list[int] | None:
    """The positions of exactly these events when the store holds them (same id, version, topic and
    content, so another's event at the same version is never taken for ours); None when it does not.
    Raises ``UnknownOutcomeError`` when the store cannot be asked."""
    mine = [mapper.to_stored_event(event) for event in events]
    return intended_positions(recorder, [Intended.of(e) for e in mine])


@dataclass(frozen=True)
class Intended:
    """An event a write was about to record: enough to recognise it in the store."""

    originator_id: UUID
    originator_version: int
    topic: str
    digest: str

    @classmethod
    def of(cls, stored: StoredEvent) -> Intended:
        originator = stored.originator_id if isinstance(stored.originator_id, UUID) else UUID(stored.originator_id)
        return cls(originator, stored.originator_version, stored.topic, state_digest(bytes(stored.state)))


def state_digest(state: bytes) -> str:
    return hashlib.sha256(state).hexdigest()


def intended_positions(recorder: AggregateRecorder, wanted: Sequence[Intended]) -> list[int] | None:
    """The positions of the intended events when the store holds all of them; None when it holds none.
    ``UnknownOutcomeError`` when the store cannot be asked, or holds only some (cannot happen in one transaction)."""
    try:
        found = [_holds(recorder, w) for w in wanted]
        if all(found):
            return [_position(recorder, w) for w in wanted]
    except PersistenceError as e:
        raise UnknownOutcomeError() from e
    if any(found):
        raise UnknownOutcomeError()
    return None


def _holds(recorder: AggregateRecorder, wanted: Intended) -> bool:
    stored = recorder.select_events(
        wanted.originator_id, gt=wanted.originator_version - 1, lte=wanted.originator_version
    )
    return bool(stored) and stored[0].topic == wanted.topic and state_digest(bytes(stored[0].state)) == wanted.digest


def decide(recorder: AggregateRecorder, mapper: Mapper[Any], refused: ConflictingSaveError) -> list[int]:
    """Our events' positions when a refused save was ours; otherwise the conflict it seemed to be (412)."""
    positions = recorded_positions(recorder, mapper, refused.events)
    if positions is None:
        raise StaleError(
            "En anden har registreret en ændring samtidig. Hent den nyeste version og prøv igen.",
            current_version=None,
        ) from refused
    return positions


def _position(recorder: Any, event: Intended) -> int:
    """An event's notification id, read from the recorder's own table (the library offers no lookup by originator)."""
    table = recorder.events_table_name
    datastore = recorder.datastore
    if hasattr(datastore, "schema"):  # PostgreSQL
        sql = (
            f'SELECT notification_id FROM "{datastore.schema}"."{table}" '
            "WHERE originator_id = %s AND originator_version = %s"
        )
        with datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(sql, (event.originator_id, event.originator_version))
            row = curs.fetchone()
            return int(row["notification_id"])
    sql = f"SELECT rowid FROM {table} WHERE originator_id = ? AND originator_version = ?"
    with datastore.transaction(commit=False) as curs:
        curs.execute(sql, (event.originator_id.hex, event.originator_version))
        return int(curs.fetchone()[0])
