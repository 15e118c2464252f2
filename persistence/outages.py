"""Which failures are the store being unreachable or busy (answer 503, retry) rather than a fault in the code."""

from __future__ import annotations

import queue
import sqlite3

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError, WaitInterruptedError

from persistence.idempotency import KeyTakenError
from persistence.outcomes import UnknownOutcomeError

RETRY_AFTER_SECONDS = 2

_UNREACHABLE = (
    OperationalError,
    InterfaceError,
    WaitInterruptedError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    psycopg.errors.PipelineAborted,  # the connection broke while a pipelined save was in flight
)
# Every class an outage is raised as (for error handlers, which look exceptions up by class).
OUTAGE_CLASSES: tuple[type[Exception], ...] = (
    *_UNREACHABLE,
    UnknownOutcomeError,
    KeyTakenError,
    PersistenceError,
    queue.Empty,
    sqlite3.OperationalError,
)
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy", "unable to open database")


def is_outage(exc: BaseException) -> bool:
    """The store did not answer (connection lost or refused, pool exhausted, SQLite locked beyond its
    busy timeout), here or as the cause of what was raised: nothing is known to be wrong with the request."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _one_outage(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _one_outage(exc: BaseException) -> bool:
    if isinstance(exc, (UnknownOutcomeError, KeyTakenError, queue.Empty, *_UNREACHABLE)):
        return True
    if type(exc) is PersistenceError:  # the library's wrapper of a driver error it has no class for
        return True
    return isinstance(exc, sqlite3.OperationalError) and any(s in str(exc).lower() for s in _SQLITE_BUSY)


def outage_message(exc: BaseException) -> str:
    """What a person is told (Danish): the unknown outcome in its own words, otherwise that the store is away."""
    if isinstance(exc, UnknownOutcomeError | KeyTakenError):
        return str(exc)
    return (
        "Databasen svarer ikke lige nu (den genstartes eller er optaget). Intet er gemt af denne forespørgsel "
        "– prøv igen om lidt; en skrivning sendt med Idempotency-Key kan trygt sendes igen med samme nøgle."
    )
