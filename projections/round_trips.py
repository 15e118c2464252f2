"""Fewer round trips to PostgreSQL: statements held back to go with the next one, in one pipeline.

A page of the follower is a handful of small statements; on a busy machine each round trip costs
about a millisecond, most of a small page's time. A statement whose result nobody reads (BEGIN, a
lock, a position) is held back and sent with the next statement that is sent anyway; PostgreSQL
runs them in order, so it takes effect before that one, and its error, if any, is raised there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg

Row = tuple[Any, ...]
Statement = tuple[str, Sequence[Any]]
IDLE = psycopg.pq.TransactionStatus.IDLE


class RoundTrips:
    """One connection's held-back statements (placeholders already ``%s``)."""

    def __init__(self, connection: psycopg.Connection[Any]):
        self.connection = connection
        self.held: list[Statement] = []

    def defer(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.held.append((sql, params))

    def run(self, queries: Sequence[Statement], fetch: bool = True) -> list[list[Row]]:
        """The rows of each query, sent in one round trip after the held-back statements."""
        statements = [*self.held, *queries]
        self.held = []
        if len(statements) == 1:
            cursor = self.connection.execute(*statements[0])
            return [cursor.fetchall()] if fetch and queries else []
        with self.connection.pipeline():
            cursors = [self.connection.execute(sql, params) for sql, params in statements]
        return [c.fetchall() for c in cursors[len(cursors) - len(queries) :]] if fetch else []

    def flush(self) -> None:
        """Send the held-back statements now (a COPY or a savepoint must not overtake them)."""
        if self.held:
            self.run([], fetch=False)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        held, self.held = self.held, []
        with self.connection.pipeline(), self.connection.cursor() as cursor:
            for statement in held:
                self.connection.execute(*statement)
            cursor.executemany(sql, rows)

    @contextmanager
    def transaction(self, pipelined: bool) -> Iterator[None]:
        """A transaction; ``pipelined`` (and outermost): its BEGIN goes with its first statement and its COMMIT
        with the last held-back ones."""
        if not (pipelined and self.connection.info.transaction_status == IDLE and not self.held):
            self.flush()  # what was held back belongs before this block (a savepoint when nested)
            outermost = self.connection.info.transaction_status == IDLE
            try:
                with self.connection.transaction():
                    yield
                    self.flush()
            except BaseException:
                self.held.clear()  # held back inside the block that failed: undone with it
                raise
            finally:
                if outermost:
                    self.held.clear()  # held back but never needed: nothing came after it
            return
        self.defer("BEGIN")
        try:
            yield
            if self.held != [("BEGIN", ())]:  # else nothing was sent: nothing to commit
                self.run([("COMMIT", ())], fetch=False)
        except BaseException:
            if self.connection.info.transaction_status != IDLE:
                with suppress(psycopg.Error):  # a lost connection has rolled back already
                    self.connection.execute("ROLLBACK")
            raise
        finally:
            self.held.clear()
