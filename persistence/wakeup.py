"""Waking the view follower when events are appended: LISTEN/NOTIFY on PostgreSQL, polling as the fallback.

On PostgreSQL a statement trigger on the events table sends ``NOTIFY`` on a channel named after
the schema; PostgreSQL delivers it when the appending transaction commits, never before, so a
woken follower always finds the new events. The follower still polls at its interval, so a lost
notice (a dropped listening connection, a store whose owner has not yet installed the trigger)
costs at most one interval, never an event. SQLite has no notices: it is followed by polling.
"""

from __future__ import annotations

import logging
import threading

import psycopg

from projections.database import ViewDatabase

NOTIFY_FUNCTION = "forum_notify_appended"
log = logging.getLogger(__name__)


def channel(schema: str) -> str:
    """The notice channel of one schema's events (PostgreSQL identifiers stop at 63 bytes)."""
    return f"forum_appended_{schema}"[:63]


def has_notify(db: ViewDatabase, events_table: str) -> bool:
    """The events table has its notifying trigger."""
    found = db.fetchone(
        "SELECT 1 FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass(?)",
        (f"{events_table}_notify", events_table),
    )
    return found is not None


def install_notify(db: ViewDatabase, events_table: str) -> bool:
    """Make the trigger that notifies listeners after each append; False if this role may not (polling then)."""
    if has_notify(db, events_table):
        return True
    try:
        db.execute(
            f"CREATE OR REPLACE FUNCTION {NOTIFY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "PERFORM pg_notify(left('forum_appended_' || TG_TABLE_SCHEMA, 63), ''); RETURN NULL; END $$"
        )
        db.execute(
            f"CREATE OR REPLACE TRIGGER {events_table}_notify AFTER INSERT ON {events_table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {NOTIFY_FUNCTION}()"
        )
    except psycopg.errors.InsufficientPrivilege:
        log.warning("Hændelsestabellen vækker ikke følgeren (kør 'forum db setup'); visningerne følger ved polling.")
        return False
    return True


class Wakeup:
    """Waits until events may have been appended: a notice (PostgreSQL) or the end of the interval."""

    def __init__(self, env: dict[str, str]):
        self._db: ViewDatabase | None = None
        if env["PERSISTENCE_MODULE"].endswith("postgres"):
            self._db = ViewDatabase(env)
            self._db.listen(channel(env.get("POSTGRES_SCHEMA") or "public"))

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        """Return True when notified of an append; False after ``timeout`` seconds or (polling) once ``stop`` is set.

        Raises if the listening connection died: the caller starts again on fresh connections."""
        if self._db is None:
            stop.wait(timeout)
            return False
        return self._db.notified(timeout)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
