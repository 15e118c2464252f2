"""The transactional shell: a page of events per transaction, views and positions together.

Exactly once: a page updates every view that is behind **and** records each view's new
position in the same transaction; a failure rolls all of it back, so a rerun repeats
nothing and loses nothing. Each view has a version: when the code's version differs from
the stored one, the view is dropped and rebuilt from position zero instead of migrated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification

from domain.budget import Ledger
from domain.contract import Contract
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import ObligationLog
from projections import audit_log, contract_record
from projections.audit_log import Routed
from projections.database import ViewDatabase

_CREATED = (Meeting.Scheduled, ObligationLog.Opened, Ledger.Opened, IndicatorLog.Opened)


class View(Protocol):
    NAME: str
    VERSION: int

    def create(self, db: ViewDatabase) -> None: ...
    def drop(self, db: ViewDatabase) -> None: ...
    def apply(self, db: ViewDatabase, items: list[Routed]) -> None: ...


class ContractRecords:
    """The contract_records view: one JSON record per contract (see contract_record.py)."""

    NAME = "contract_records"
    VERSION = 2  # 2: meetings carry their version and recorded_at
    TABLE = "view_contract_records"

    def create(self, db: ViewDatabase) -> None:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} "
            "(contract_id TEXT PRIMARY KEY, contract_key TEXT NOT NULL, record TEXT NOT NULL)"
        )

    def drop(self, db: ViewDatabase) -> None:
        db.execute(f"DROP TABLE IF EXISTS {self.TABLE}")

    def apply(self, db: ViewDatabase, items: list[Routed]) -> None:
        touched = sorted({i.contract_id for i in items if i.contract_id is not None})
        if not touched:
            return
        rows = db.fetchall(
            f"SELECT contract_id, record FROM {self.TABLE} WHERE contract_id IN ({db.placeholders(len(touched))})",
            touched,
        )
        records = {cid: json.loads(text) for cid, text in rows}
        for item in items:
            if item.contract_id is None:
                continue
            record = records.get(item.contract_id) or contract_record.empty(UUID(item.contract_id))
            records[item.contract_id] = contract_record.evolve(record, item.event)
        db.insert_many(
            self.TABLE,
            ("contract_id", "contract_key", "record"),
            [(cid, records[cid]["key"] or "", json.dumps(records[cid], ensure_ascii=False)) for cid in touched],
            "ON CONFLICT (contract_id) DO UPDATE SET contract_key = excluded.contract_key, record = excluded.record",
        )


class AuditLog:
    NAME = audit_log.NAME
    VERSION = audit_log.VERSION

    def create(self, db: ViewDatabase) -> None:
        audit_log.create(db)

    def drop(self, db: ViewDatabase) -> None:
        audit_log.drop(db)

    def apply(self, db: ViewDatabase, items: list[Routed]) -> None:
        audit_log.apply(db, items)


VIEWS: dict[str, View] = {v.NAME: v for v in (ContractRecords(), AuditLog())}


@dataclass
class Page:
    """What one transaction did."""

    first: int
    last: int
    events: int


class Shell:
    """Applies pages of notifications to views on one database connection."""

    def __init__(self, db: ViewDatabase, mapper: Mapper[UUID], views: Iterable[View] | None = None):
        self.db = db
        self.mapper = mapper
        self.views = list(views) if views is not None else list(VIEWS.values())
        self._routes: dict[str, tuple[str | None, str | None]] = {}
        self.fail_after: Callable[[View, list[Routed]], None] | None = None  # tests inject crashes here

    def prepare(self) -> None:
        """Create missing tables; drop and reset any view whose code version changed."""
        with self.db.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS projection_tracking "
                "(view TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL)"
            )
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS projection_routes "
                "(aggregate_id TEXT PRIMARY KEY, contract_id TEXT NOT NULL, contract_key TEXT NOT NULL)"
            )
            stored: dict[str, int] = dict(self.db.fetchall("SELECT view, version FROM projection_tracking"))
            for view in self.views:
                if stored.get(view.NAME) != view.VERSION:
                    self._reset(view)
                view.create(self.db)

    def rebuild(self, view: View) -> None:
        """Drop a view and set it back to position zero; the next pages replay it."""
        with self.db.transaction():
            self._reset(view)
            view.create(self.db)

    def positions(self, lock: bool = False) -> dict[str, int]:
        """Each view's position; with ``lock`` (inside a transaction) a concurrent runner waits for us."""
        sql = "SELECT view, position FROM projection_tracking"
        if lock and self.db.is_postgres:
            sql += " FOR UPDATE"  # SQLite's BEGIN IMMEDIATE already serialises writers
        rows: dict[str, int] = dict(self.db.fetchall(sql))
        return {v.NAME: int(rows.get(v.NAME, 0)) for v in self.views}

    def apply_page(self, notifications: list[Notification]) -> Page | None:
        """Apply notifications to every view that has not seen them, in one transaction."""
        if not notifications:
            return None
        decoded = [(n.id, self.mapper.to_domain_event(n)) for n in notifications]
        last = notifications[-1].id
        with self.db.transaction():
            positions = self.positions(lock=True)
            items = self._route(decoded)
            for view in self.views:
                behind = [i for i in items if i.position > positions[view.NAME]]
                if not behind:
                    continue
                view.apply(self.db, behind)
                if self.fail_after is not None:
                    self.fail_after(view, behind)
                self.db.execute("UPDATE projection_tracking SET position = ? WHERE view = ?", (last, view.NAME))
        return Page(notifications[0].id, last, len(notifications))

    def _reset(self, view: View) -> None:
        view.drop(self.db)
        self.db.execute("DELETE FROM projection_tracking WHERE view = ?", (view.NAME,))
        self.db.execute(
            "INSERT INTO projection_tracking (view, position, version) VALUES (?, 0, ?)", (view.NAME, view.VERSION)
        )

    def _route(self, decoded: list[tuple[int, Any]]) -> list[Routed]:
        """Find the contract of every event; remember new aggregates' contracts (immutable facts)."""
        ids = [str(event.originator_id) for _, event in decoded]
        new: list[tuple[str, str, str]] = []
        for aggregate_id, (_, event) in zip(ids, decoded, strict=True):
            if isinstance(event, Contract.Drafted):
                new.append((aggregate_id, aggregate_id, event.key))
            elif isinstance(event, _CREATED):
                new.append((aggregate_id, str(event.contract_id), event.contract_key))
        columns = ("aggregate_id", "contract_id", "contract_key")
        self.db.insert_many("projection_routes", columns, new, "ON CONFLICT (aggregate_id) DO NOTHING")
        for aggregate_id, contract_id, key in new:
            self._routes[aggregate_id] = (contract_id, key)
        unknown = sorted(set(ids) - self._routes.keys())
        if unknown:
            rows = self.db.fetchall(
                "SELECT aggregate_id, contract_id, contract_key FROM projection_routes "
                f"WHERE aggregate_id IN ({self.db.placeholders(len(unknown))})",
                unknown,
            )
            self._routes.update({a: (c, k) for a, c, k in rows})
        routed = []
        for aggregate_id, (position, event) in zip(ids, decoded, strict=True):
            routed_to, routed_key = self._routes.get(aggregate_id, (None, None))
            routed.append(Routed(position, event, routed_to, routed_key, aggregate_id))
        return routed


def load_records(db: ViewDatabase, key: str | None = None) -> list[contract_record.Record]:
    """Contract records from the view, in key order (one when ``key`` is given)."""
    table = ContractRecords.TABLE
    if key is None:
        rows = db.fetchall(f"SELECT record FROM {table} WHERE contract_key <> '' ORDER BY contract_key")
    else:
        rows = db.fetchall(f"SELECT record FROM {table} WHERE contract_key = ?", (key,))
    return [json.loads(text) for (text,) in rows]
