"""Which contract each event is about: routes stored when an aggregate is created, never changed.

Every runner keeps the routes in memory and stores those of aggregates created after the stored
routes' position in a short transaction of its own, **before** its views' transaction moves past
them. So the stored routes are always at least as far as any view: a runner that starts at a
view's position finds every older aggregate's route stored, and reads every newer creation
itself. Runners of different views may therefore run at once without routing an event wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import Mapper

from domain.attestation import AttestationLog
from domain.budget import Ledger
from domain.contact_persons import ContactPersons
from domain.contract import Contract
from domain.documents import DocumentRegister
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import ObligationLog
from domain.reminders import ReminderLog
from projections.database import OneTable, StoredRow, ViewDatabase


class Routed(NamedTuple):
    """An event with its log position and the contract it belongs to."""

    position: int
    event: Any
    contract_id: str | None
    contract_key: str | None
    aggregate_id: str = ""


_CREATED = (Meeting.Scheduled, ObligationLog.Opened, AttestationLog.Opened, Ledger.Opened, IndicatorLog.Opened,
            ContactPersons.Opened, DocumentRegister.Opened, ReminderLog.Opened)  # fmt: skip
CREATION_TOPICS = tuple(cls.TOPIC for cls in (Contract.Drafted, *_CREATED))
Route = tuple[str | None, str | None, str]  # contract id, contract key, aggregate id
# Routes kept in memory, the oldest learnt forgotten first (one per aggregate: meetings grow with history).
KEPT_ROUTES = 100_000


class Routes(OneTable):
    """The stored routes: tracked like a view, but not rebuilt with the views (a route never changes)."""

    NAME = "routes"
    VERSION = 2  # 1 was untracked
    TABLE = "projection_routes"
    COLUMNS = ("aggregate_id", "contract_id", "contract_key")
    SCHEMA = "aggregate_id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, contract_key TEXT NOT NULL"


ROUTES = Routes()


class Router:
    """Routes events on one connection, keeping the routes it has seen in memory."""

    def __init__(self, db: ViewDatabase):
        self.db = db
        self._routes: dict[int, Route] = {}  # by the aggregate id's number: UUIDs hash and compare in Python
        self._stored_to = 0  # the stored routes' position as last seen (it only grows while we run)

    def forget(self) -> None:
        self._routes.clear()
        self._stored_to = 0

    def route(self, notifications: Sequence[StoredRow], events: list[Any]) -> list[Routed]:
        """The contract of every event; stores the routes of aggregates the store has not seen yet."""
        routes = self._routes
        new: list[tuple[int, tuple[str, str, str]]] = []
        unknown: set[UUID] = set()
        for notification, event in zip(notifications, events, strict=True):
            number = event.originator_id.int
            if number in routes:
                continue
            route = _created(event)
            if route is None:
                unknown.add(event.originator_id)
                continue
            routes[number] = route
            new.append((notification[0], (route[2], route[0], route[1])))
        self._store(new, notifications[-1][0])
        if unknown:
            self._look_up(unknown)
        new_routed = tuple.__new__  # Routed's own __new__ is a Python function: a quarter of the routing time
        routed = [
            new_routed(Routed, (n[0], e, *routes[e.originator_id.int]))
            for n, e in zip(notifications, events, strict=True)
        ]
        if len(routes) > KEPT_ROUTES:  # every route is stored by now: a forgotten one is looked up again
            for number in list(islice(routes, len(routes) - KEPT_ROUTES // 2)):
                del routes[number]
        return routed

    def store_to(self, events: ViewDatabase, table: str, mapper: Mapper[UUID], head: int, page: int = 20_000) -> None:
        """Store the routes of every aggregate created up to ``head`` (reads only the creation events)."""
        from projections.decoding import decode_all  # decoding imports the database module, as we do

        stored = self.db.fetchone("SELECT position FROM projection_tracking WHERE view = ?", (ROUTES.NAME,))
        start = (int(stored[0]) if stored else 0) + 1
        while start <= head:
            rows = [r for r in events.read_events(table, start, page, CREATION_TOPICS) if r[0] <= head]
            if not rows:
                break
            self.route(rows, decode_all(mapper, rows))
            start = rows[-1][0] + 1
        self._store([], head)

    def _store(self, new: list[tuple[int, tuple[str, str, str]]], last: int) -> None:
        """Store the routes created after the stored position, with that position, in one transaction."""
        if last <= self._stored_to:
            return
        with self.db.transaction():
            stored = self.db.fetchone(
                "SELECT position FROM projection_tracking WHERE view = ?"
                + (" FOR UPDATE" if self.db.is_postgres else ""),
                (ROUTES.NAME,),
            )
            stored_to = int(stored[0]) if stored else 0
            if last > stored_to:
                self.db.insert_many(
                    ROUTES.TABLE, ROUTES.COLUMNS, [row for position, row in new if position > stored_to]
                )
                self.db.execute("UPDATE projection_tracking SET position = ? WHERE view = ?", (last, ROUTES.NAME))
        self._stored_to = max(last, stored_to)

    def _look_up(self, ids: set[UUID]) -> None:
        """Routes of aggregates created before this runner's first page; the rest are about no contract."""
        by_text = {str(i): i for i in ids}
        rows = self.db.fetchall(
            f"SELECT aggregate_id, contract_id, contract_key FROM {ROUTES.TABLE} "
            f"WHERE aggregate_id IN ({self.db.placeholders(len(by_text))})",
            sorted(by_text),
        )
        for aggregate_id, contract_id, key in rows:
            self._routes[by_text.pop(aggregate_id).int] = (contract_id, key, aggregate_id)
        for text, i in by_text.items():
            self._routes[i.int] = (None, None, text)


def _created(event: Any) -> tuple[str, str, str] | None:
    """The route a creation event establishes (None for aggregates that are not about a contract)."""
    if isinstance(event, Contract.Drafted):
        aggregate_id = str(event.originator_id)
        return (aggregate_id, event.key, aggregate_id)
    if isinstance(event, _CREATED):
        return (str(event.contract_id), event.contract_key, str(event.originator_id))
    return None
