"""The stored events of many aggregates in one query per chunk (the library reads one aggregate at a time).

For aggregates that are not snapshotted (a reminder log): a reminders run reads every recipient's log
about every contract, which one by one is two round trips each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

CHUNK = 500  # ids per query (SQLite allows 999 parameters in older builds)


def stored_events(recorder: Any, ids: Sequence[UUID]) -> Iterator[StoredEvent]:
    """The stored events of the aggregates ``ids``, each aggregate's in version order."""
    table = recorder.events_table_name
    datastore = recorder.datastore
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        if hasattr(datastore, "schema"):  # PostgreSQL
            sql = (
                f'SELECT originator_id, originator_version, topic, state FROM "{datastore.schema}"."{table}" '
                "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
            )
            with datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(sql, (chunk,))
                rows = [(r["originator_id"], r["originator_version"], r["topic"], r["state"]) for r in curs.fetchall()]
        else:
            marks = ", ".join("?" * len(chunk))
            sql = (
                f"SELECT originator_id, originator_version, topic, state FROM {table} "
                f"WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version"
            )
            with datastore.transaction(commit=False) as curs:
                curs.execute(sql, [i.hex for i in chunk])
                rows = [tuple(r) for r in curs.fetchall()]
        for originator_id, version, topic, state in rows:
            yield StoredEvent(_uuid(originator_id), version, topic, bytes(state))


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
