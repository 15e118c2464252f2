"""The PostgreSQL recorder the tracker saves through: one round trip per save.

The library's ``PostgresApplicationRecorder`` pipelines the table lock and the insert, then waits
for them before it sends COMMIT: two round trips, during which the table lock is held. This one
sends BEGIN, the lock (its timeout first), the library's NOTIFY, the INSERT … RETURNING and COMMIT
in one psycopg pipeline with one Sync: the same statements in the same order, so notification ids
are still handed out in commit order (the EXCLUSIVE table lock), and never through the library's
database functions. When a statement fails, PostgreSQL skips the rest up to the Sync and the
transaction is rolled back before the error is raised, so nothing of it is committed.

A connection that fails before the answer arrives leaves the outcome open: the library's retry
sends the insert again, and if the first one had committed, the retry hits the unique constraint
on the events' versions; ``persistence.outcomes`` then finds the events there and answers them as
recorded (a lost acknowledgement), never as a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Connection
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

TOPIC = "persistence.recorder:OneTripRecorder"


class OneTripRecorder(PostgresApplicationRecorder):
    """Records events with BEGIN, LOCK, NOTIFY, INSERT … RETURNING and COMMIT sent together."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self._notify_statement = SQL("NOTIFY {0}").format(Identifier(self.channel_name))

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events or self.datastore.enable_db_functions:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn:
            return self._insert_in_one_trip(conn, rows)

    def _insert_in_one_trip(self, conn: Connection[DictRow], rows: list[Any]) -> list[int]:
        try:
            with conn.cursor() as curs, conn.cursor() as inserted:
                with conn.pipeline():  # its one Sync is sent when the block ends, and raises the first error
                    curs.execute("BEGIN")
                    self._lock_table(curs)
                    curs.execute(self._notify_statement, prepare=True)
                    inserted.execute(self.insert_events_statement, (rows,), prepare=True)
                    curs.execute("COMMIT")
                return [row["notification_id"] for row in inserted.fetchall()]
        except Exception:
            # A statement refused (the rest were skipped), or a value psycopg could not send after BEGIN and
            # the lock: roll back here, so that the lock is not held until the pool notices.
            if conn.info.transaction_status in (TransactionStatus.INERROR, TransactionStatus.INTRANS):
                conn.rollback()
            raise
