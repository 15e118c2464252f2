"""The views' connection: the same database as the events (SQLite file or PostgreSQL schema).

SQL is written once with ``?`` placeholders and ``ON CONFLICT`` upserts, which both stores
understand; PostgreSQL gets ``%s`` placeholders.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

Row = tuple[Any, ...]


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
            )
            schema = env.get("POSTGRES_SCHEMA") or "public"
            self._pg.execute(psycopg.sql.SQL("SET search_path TO {}").format(psycopg.sql.Identifier(schema)))
        else:
            self._lite = sqlite3.connect(env["SQLITE_DBNAME"], isolation_level=None, check_same_thread=False)
            self._lite.execute("PRAGMA busy_timeout = 10000")
        self._in_transaction = False

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

    def insert_many(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], suffix: str = "") -> None:
        """Insert many rows at once; ``suffix`` is an ON CONFLICT clause.

        PostgreSQL gets COPY (through a temporary staging table when there is a conflict
        clause): one round trip per page instead of one per row.
        """
        if not rows:
            return
        names = ", ".join(columns)
        if not self.is_postgres:
            values = self.placeholders(len(columns))
            self._lite.executemany(f"INSERT INTO {table} ({names}) VALUES ({values}) {suffix}", rows)
            return
        target = f"staging_{table}" if suffix else table
        if suffix:
            self._pg.execute(f"CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {table}) ON COMMIT DELETE ROWS")
        with self._pg.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if suffix:
            self._pg.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} {suffix}")
            self._pg.execute(f"TRUNCATE {target}")

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        if self.is_postgres:
            return self._pg.execute(sql.replace("?", "%s"), params).fetchall()
        return self._lite.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def placeholders(self, count: int) -> str:
        return ", ".join("?" * count)

    def close(self) -> None:
        if self.is_postgres:
            self._pg.close()
        else:
            self._lite.close()
