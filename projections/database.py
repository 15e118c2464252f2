"""The views' connection: the same database as the events (SQLite file or PostgreSQL schema).

SQL is written once with ``?`` placeholders and ``ON CONFLICT`` upserts, which both stores
understand; PostgreSQL gets ``%s`` placeholders.
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, Any, Protocol

import psycopg

Row = tuple[Any, ...]
_VIEWS_KEY = "SELECT hashtext('forum-tracker views ' || current_schema())"


def lost_connection(error: BaseException) -> bool:
    """Whether ``error`` is the database going away or refusing (not an event or a bug): retried, never quarantined."""
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return "locked" in str(error) or "disk" in str(error) or "unable to open" in str(error)
    return isinstance(error, MemoryError | OSError)


# A stored event as the views read it: (position, originator id, originator version, topic, state),
# the fields of the library's ``Notification`` in a plain tuple. The originator id is a UUID from
# PostgreSQL and its text from SQLite: the mapper's id convertor takes either.
StoredRow = tuple[int, Any, int, str, bytes]


class OneTable:
    """A tracked table of one schema: made if missing, dropped whole (its version changed, a rebuild)."""

    NAME: str
    VERSION: int
    TABLE: str
    SCHEMA: str  # the column definitions

    def create(self, db: ViewDatabase) -> None:
        db.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} ({self.SCHEMA})")

    def drop(self, db: ViewDatabase) -> None:
        db.execute(f"DROP TABLE IF EXISTS {self.TABLE}")


class ViewDatabase:
    """One connection for reading and writing views, with explicit transactions."""

    def __init__(self, env: dict[str, str]):
        self.is_postgres = env["PERSISTENCE_MODULE"].endswith("postgres")
        if self.is_postgres:
            self._pg = psycopg.connect(
                dbname=env["POSTGRES_DBNAME"],
                host=env.get("POSTGRES_HOST", "127.0.0.1"),
                port=int(env.get("POSTGRES_PORT", "5432")),
                user=env.get("POSTGRES_USER", "postgres"),
                password=env.get("POSTGRES_PASSWORD", ""),
                connect_timeout=int(env.get("POSTGRES_CONNECT_TIMEOUT", "5")),
                autocommit=True,
                application_name=f"forum-views {env.get('POSTGRES_SCHEMA') or 'public'}"[:63],
            )
            schema = env.get("POSTGRES_SCHEMA") or "public"
            self._pg.execute(psycopg.sql.SQL("SET search_path TO {}").format(psycopg.sql.Identifier(schema)))
            self._tune_postgres()
        else:
            self._lite = sqlite3.connect(env["SQLITE_DBNAME"], isolation_level=None, check_same_thread=False)
            self._lite.execute("PRAGMA busy_timeout = 10000")
            self._lock_path = env["SQLITE_DBNAME"] + ".views-lock"
            self._lock_file: IO[bytes] | None = None
        self._in_transaction = False
        self._savepoints = 0
        self.rebuilding = False  # this connection holds the views' exclusive lock (or works for one that does)

    def _tune_postgres(self) -> None:
        """Settings for this connection only, which writes nothing but views.

        Views are derived from the events and written together with their positions, so a
        commit need not wait for the disk: if the server crashes, the last pages are lost as a
        whole, views and positions together, and are applied again. Contract records are large
        values that PostgreSQL compresses; lz4 does so several times faster than the default.
        """
        self._pg.execute("SET synchronous_commit TO off")
        with suppress(psycopg.errors.InvalidParameterValue, psycopg.errors.UndefinedObject):
            self._pg.execute("SET default_toast_compression TO lz4")  # a server without lz4 keeps its default

    @contextmanager
    def transaction(self) -> Iterator[ViewDatabase]:
        """All or nothing: views and tracking positions are written together."""
        if self.is_postgres:
            with self._pg.transaction():
                yield self
            return
        self._lite.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._lite.execute("ROLLBACK")
            raise
        self._lite.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: undo only what this block wrote if it fails."""
        if self.is_postgres:
            with self._pg.transaction():
                yield
            return
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        self._lite.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self._lite.execute(f"ROLLBACK TO {name}")
            self._lite.execute(f"RELEASE {name}")
            raise
        self._lite.execute(f"RELEASE {name}")

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the views' exclusive lock: no page of another runner is applied meanwhile (a rebuild).

        PostgreSQL: a session advisory lock per schema, released when the session ends, a
        ``kill -9`` included. SQLite: an exclusive ``flock`` on a file beside the database,
        released by the kernel when the process dies.
        """
        if self.is_postgres:
            self._pg.execute(f"SELECT pg_advisory_lock(({_VIEWS_KEY}))")
        else:
            self._lock_file = open(self._lock_path, "ab")  # noqa: SIM115 - held until released below
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self.rebuilding = True
        try:
            yield
        finally:
            self.rebuilding = False
            if self.is_postgres:
                with suppress(psycopg.Error):  # a lost session has released it already
                    self._pg.execute(f"SELECT pg_advisory_unlock(({_VIEWS_KEY}))")
            elif self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None

    @contextmanager
    def page_transaction(self) -> Iterator[ViewDatabase]:
        """A transaction that applies a page: it waits while a rebuild holds the views (not in the rebuild itself).

        SQLite takes the shared ``flock`` before its write lock, so a rebuild waiting for the
        file never holds the database, and holds it until the commit.
        """
        if self.rebuilding:
            with self.transaction():
                yield self
            return
        if self.is_postgres:
            with self.transaction():
                self._pg.execute(f"SELECT pg_advisory_xact_lock_shared(({_VIEWS_KEY}))")
                yield self
            return
        with open(self._lock_path, "ab") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)  # closing the file releases it, after the commit
            with self.transaction():
                yield self

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.is_postgres:
            self._pg.execute(sql.replace("?", "%s"), params)
        else:
            self._lite.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.is_postgres:
            with self._pg.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)
        else:
            self._lite.executemany(sql, rows)

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert many new rows at once: COPY on PostgreSQL, one round trip per page.

        ``rows`` may be a generator: PostgreSQL then stores the first rows while later ones are
        still being made.
        """
        names = ", ".join(columns)
        if not self.is_postgres:
            self._lite.executemany(f"INSERT INTO {table} ({names}) VALUES ({self.placeholders(len(columns))})", rows)
            return
        with self._pg.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def upsert_many(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], conflict: str) -> None:
        """Insert or update a few rows; ``conflict`` is the ON CONFLICT clause (pipelined on PostgreSQL)."""
        names = ", ".join(columns)
        self.executemany(f"INSERT INTO {table} ({names}) VALUES ({self.placeholders(len(columns))}) {conflict}", rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        if self.is_postgres:
            return self._pg.execute(sql.replace("?", "%s"), params).fetchall()
        return self._lite.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def read_events(self, table: str, start: int, limit: int, topics: Sequence[str] = ()) -> list[StoredRow]:
        """Up to ``limit`` stored events from position ``start`` on, in order (the recorder's own table).

        What the recorder's ``select_notifications`` reads, with less work per row: tuples, not
        dicts and dataclasses per row, and on PostgreSQL the binary format, so ``state`` is not hex-decoded.
        """
        of_topics = f" AND topic IN ({self.placeholders(len(topics))})" if topics else ""  # only these events
        if not self.is_postgres:
            rows = self._lite.execute(
                f'SELECT rowid, originator_id, originator_version, topic, state FROM "{table}" '
                f"WHERE rowid >= ?{of_topics} ORDER BY rowid LIMIT ?",
                (start, *topics, limit),
            )
            return rows.fetchall()
        query = psycopg.sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
            "WHERE notification_id >= %s" + of_topics.replace("?", "%s") + " ORDER BY notification_id LIMIT %s"
        ).format(psycopg.sql.Identifier(table))
        with self._pg.cursor(binary=True) as cursor:
            return cursor.execute(query, (start, *topics, limit)).fetchall()

    @contextmanager
    def setup_lock(self) -> Iterator[None]:
        """One process at a time makes the tables (PostgreSQL: a session advisory lock per schema).

        Processes started together (uvicorn workers) would otherwise run the same
        ``CREATE … IF NOT EXISTS`` at once, which PostgreSQL may refuse ("tuple concurrently
        updated"). SQLite serialises schema changes itself.
        """
        if not self.is_postgres:
            yield
            return
        key = "SELECT hashtext('forum-tracker setup ' || current_schema())"
        self._pg.execute(f"SELECT pg_advisory_lock(({key}))")
        try:
            yield
        finally:
            self._pg.execute(f"SELECT pg_advisory_unlock(({key}))")

    def placeholders(self, count: int) -> str:
        return ", ".join("?" * count)

    def head(self, table: str) -> int:
        """The last stored event's position (0 for none), read on this connection."""
        if self.is_postgres:
            query = psycopg.sql.SQL("SELECT max(notification_id) FROM {}").format(psycopg.sql.Identifier(table))
            row = self._pg.execute(query).fetchone()
        else:
            row = self._lite.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()
        return int(row[0] or 0) if row else 0

    def listen(self, channel: str) -> None:
        """Receive the notices sent on ``channel`` (PostgreSQL only)."""
        self._pg.execute(psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(channel)))

    def notified(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a notice on a channel listened to; take every one waiting."""
        got = False
        for _ in self._pg.notifies(timeout=timeout, stop_after=1):
            got = True
        if got:  # notices that came meanwhile ask for the same catch-up: take them too
            for _ in self._pg.notifies(timeout=0):
                pass
        return got

    def close(self) -> None:
        with suppress(psycopg.Error, sqlite3.Error):  # closing a connection the server dropped
            if self.is_postgres:
                self._pg.close()
            else:
                self._lite.close()


class Table(Protocol):
    """A table the shell keeps: tracked by position, dropped and made again when its version changes."""

    NAME: str
    VERSION: int

    def create(self, db: ViewDatabase) -> None: ...
    def drop(self, db: ViewDatabase) -> None: ...
