"""The transactional shell: a page of events per transaction, views and positions together.

Exactly once: a page updates every view that is behind **and** records each view's new
position in the same transaction; a failure rolls all of it back, so a rerun repeats
nothing and loses nothing. Each view has a version: when the code's version differs from
the stored one, the view is dropped and rebuilt from position zero instead of migrated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper

from projections import audit_log, contract_record, decoding, health, quarantine, question_tables, registry
from projections.database import OneTable, StoredRow, Table, ViewDatabase, lost_connection
from projections.record_shape import Record
from projections.routing import ROUTES, Routed, Router


class View(Table, Protocol):
    def apply(self, db: ViewDatabase, items: list[Routed], memory: dict[str, Any]) -> None: ...


class ContractRecords(OneTable):
    """The contract_records view: one JSON record per contract (see contract_record.py)."""

    NAME = "contract_records"
    # 2: meetings carry their version and recorded_at; 3: ledger entries are objects; 4: attestations;
    # 5: every entry carries its recorded_at and replaced entries are kept (superseded), for answers as known at a time;
    # 6: a duty's fulfilments, waivers and withdrawals as facts (placed on occurrences at question time)
    # 7: ledger corrections; 8: terms without contact persons' personal data (see domain/contract_upcasts.py)
    VERSION = 8
    TABLE = "view_contract_records"
    SCHEMA = "contract_id TEXT PRIMARY KEY, contract_key TEXT NOT NULL, record TEXT NOT NULL"

    def apply(self, db: ViewDatabase, items: list[Routed], memory: dict[str, Any]) -> None:
        """Fold the page into the touched records and write them back whole.

        ``memory`` holds the records as of the view's position (the shell empties it when the
        stored position moved without us), so a page reads from the table only records it
        has not seen before.
        """
        touched = sorted({i.contract_id for i in items if i.contract_id is not None})
        if not touched:
            return
        records: dict[str, Record] = memory
        unread = [cid for cid in touched if cid not in records]
        if unread:
            rows = db.fetchall(
                f"SELECT contract_id, record FROM {self.TABLE} WHERE contract_id IN ({db.placeholders(len(unread))})",
                unread,
            )
            records.update({cid: orjson.loads(text) for cid, text in rows})
        for item in items:
            if item.contract_id is None:
                continue
            record = records.get(item.contract_id) or contract_record.empty(UUID(item.contract_id))
            records[item.contract_id] = contract_record.evolve(record, item.event, registry.HANDLERS)
        db.upsert_many(
            self.TABLE,
            ("contract_id", "contract_key", "record"),
            [(cid, records[cid]["key"] or "", orjson.dumps(records[cid]).decode()) for cid in touched],
            "ON CONFLICT (contract_id) DO UPDATE SET contract_key = excluded.contract_key, record = excluded.record",
        )
        _forget_least_recent(records, touched, KEPT_REBUILDING if db.rebuilding else KEPT_RECORDS)


KEPT_RECORDS = 200  # records kept between pages: all 2,200 of the national data set took ~1 GB
# A rebuild meets each contract's events mostly together (a 20,000-event page touches ~50 of the
# national set's contracts, ~1 MB each in memory), so it keeps only a few besides its page's.
KEPT_REBUILDING = 8


def _forget_least_recent(records: dict[str, Any], touched: list[str], kept: int) -> None:
    """Keep the page's records and the most recently used others, up to ``kept``.

    Each record is written with its page, so a forgotten one is simply read again when an
    event touches it; events of one contract mostly come together, so few are.
    """
    for cid in touched:
        records[cid] = records.pop(cid)  # most recently used last
    surplus = len(records) - max(kept, len(touched))
    for cid in list(islice(records, max(0, surplus))):
        del records[cid]


class AuditLog:
    NAME = audit_log.NAME
    VERSION = audit_log.VERSION

    def create(self, db: ViewDatabase) -> None:
        audit_log.create(db)

    def drop(self, db: ViewDatabase) -> None:
        audit_log.drop(db)

    def apply(self, db: ViewDatabase, items: list[Routed], memory: dict[str, Any]) -> None:
        audit_log.apply(db, items)


VIEWS: dict[str, View] = {v.NAME: v for v in (ContractRecords(), AuditLog(), question_tables.QuestionRows())}


@dataclass
class Page:
    """What one transaction did."""

    first: int
    last: int
    events: int
    discarded: bool = False  # some view did not take it: it did not start right after that view's position


class Shell:
    """Applies pages of notifications to views on one database connection."""

    def __init__(self, db: ViewDatabase, mapper: Mapper[UUID], views: Iterable[View] | None = None):
        self.db = db
        self.mapper = decoding.faster(mapper)
        self.views = list(views) if views is not None else list(VIEWS.values())
        self.router = Router(db)
        # What each view keeps between pages, valid only at the position this shell last committed.
        self._memory: dict[str, dict[str, Any]] = {}
        self._remembered_at: dict[str, int] = {}
        self._partition_at = 0  # the last event of a partition's last page (apply_partition)
        self.fail_after: Callable[[View, list[Routed]], None] | None = None  # tests inject crashes here
        # Benchmark-only (tests/benchmarks/bench_costs.py): False skips the quarantine and the page-start check
        # to measure what they cost. Never False in the application: a poison event would then stop the view.
        self.checked = True

    def prepare(self) -> None:
        """Create missing tables; drop and reset any view whose code version changed."""
        with self.db.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS projection_tracking "
                "(view TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL)"
            )
            quarantine.create(self.db)
            health.create(self.db)
            stored: dict[str, int] = dict(self.db.fetchall("SELECT view, version FROM projection_tracking"))
            tables: list[Table] = [ROUTES, *self.views]
            for view in tables:
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
        tracked = self._tracked(lock)
        return {v.NAME: tracked.get(v.NAME, 0) for v in self.views}

    def resume_from(self) -> int:
        """The first position that a view (or the routes) has not seen."""
        tracked = self._tracked()
        return min([tracked.get(ROUTES.NAME, 0), *(tracked.get(v.NAME, 0) for v in self.views)]) + 1

    def _tracked(self, lock: bool = False) -> dict[str, int]:
        if not (lock and self.db.is_postgres):  # SQLite's BEGIN IMMEDIATE already serialises writers
            return {
                view: int(position)
                for view, position in self.db.fetchall("SELECT view, position FROM projection_tracking")
            }
        # Only our views' rows: a runner of other views goes on with its own pages meanwhile.
        names = [v.NAME for v in self.views]
        rows = self.db.fetchall(
            f"SELECT view, position FROM projection_tracking WHERE view IN ({self.db.placeholders(len(names))}) "
            "ORDER BY view FOR UPDATE",
            names,
        )
        return {view: int(position) for view, position in rows}

    def apply_page(self, notifications: Sequence[StoredRow], start: int | None = None) -> Page | None:
        """Apply notifications to every view that has not seen them, in one transaction.

        ``start`` is the position the page was read from (default: its first event's). A view
        takes the page only if it starts right after the view's stored position, checked under
        the lock the page is applied with; otherwise the page is discarded for that view
        (``Page.discarded``) and the caller reads again from ``resume_from``.
        """
        if not notifications:
            return None
        first, last = notifications[0][0], notifications[-1][0]
        start = first if start is None else start
        events = decoding.decode_all(self.mapper, notifications)
        advanced: list[str] = []
        discarded = False
        try:
            items = self.router.route(notifications, events)  # stored before our views can pass them
            with self.db.page_transaction():
                tracked = self._tracked(lock=True)
                names = [v.NAME for v in self.views]
                held = quarantine.held(self.db, names) if self.checked else {n: set() for n in names}
                for view in self.views:
                    position = tracked.get(view.NAME, 0)
                    if last <= position:
                        continue
                    if self.checked and start > position + 1:  # read before a reset, or after another runner's page
                        discarded = True
                        continue
                    behind = items if first > position else [i for i in items if i.position > position]
                    self._apply_contained(view, behind, position, held[view.NAME])
                    if self.fail_after is not None:
                        self.fail_after(view, behind)
                    self._track(view, last)
                    advanced.append(view.NAME)
        except BaseException:
            self._forget()  # the views' memory saw a page that was rolled back
            raise
        self._remembered_at.update(dict.fromkeys(advanced, last))
        return Page(first, last, len(notifications), discarded)

    def apply_partition(self, notifications: Sequence[StoredRow]) -> None:
        """Apply one partition's share of a page to every view without moving their positions.

        For a partitioned rebuild (see partitioned.py): the views are marked as being rebuilt,
        and the rebuild sets their positions once every partition has committed its share.
        """
        events = decoding.decode_all(self.mapper, notifications)
        names = [v.NAME for v in self.views]
        after = self._partition_at
        try:
            items = self.router.route(notifications, events)
            with self.db.page_transaction():
                held = quarantine.held(self.db, names)
                for view in self.views:
                    self._apply_contained(view, items, after, held[view.NAME])
        except BaseException:
            self._forget()
            raise
        self._partition_at = notifications[-1][0]
        self._remembered_at.update(dict.fromkeys(names, self._partition_at))

    def _apply_contained(self, view: View, items: list[Routed], position: int, held: set[str]) -> None:
        """Apply ``items`` to ``view``; an event it cannot apply quarantines its contract there, no more."""
        if not self.checked:
            view.apply(self.db, items, self._remembered(view.NAME, position))
            return
        for item in items:
            if isinstance(item.event, decoding.Undecodable) and _contract(item) not in held:
                quarantine.hold(self.db, view.NAME, _contract(item), item.contract_key, item.position, item.event.error)
                held.add(_contract(item))
        if held:
            items = [i for i in items if _contract(i) not in held]
        memory = self._remembered(view.NAME, position)
        try:
            with self.db.savepoint():
                view.apply(self.db, items, memory)
            return
        except Exception as error:
            if lost_connection(error):
                raise
        memory.clear()  # it may hold records the failed apply changed
        for contract, events in _by_contract(items).items():
            self._apply_one_contract(view, contract, events)

    def _apply_one_contract(self, view: View, contract: str, items: list[Routed]) -> None:
        """Apply one contract's events, the poison one found event by event (rarely taken: only after a failure)."""
        try:
            with self.db.savepoint():
                view.apply(self.db, items, {})
            return
        except Exception as error:
            if lost_connection(error):
                raise
        for item in items:
            try:
                with self.db.savepoint():
                    view.apply(self.db, [item], {})
            except Exception as error:
                if lost_connection(error):
                    raise
                quarantine.hold(self.db, view.NAME, contract, item.contract_key, item.position, error)
                return

    def _remembered(self, name: str, position: int) -> dict[str, Any]:
        """The view's memory if it is as of ``position``, else a fresh one."""
        if self._remembered_at.get(name) != position:
            self._memory[name] = {}
            self._remembered_at.pop(name, None)
        return self._memory.setdefault(name, {})

    def _forget(self) -> None:
        self._memory.clear()
        self._remembered_at.clear()
        self.router.forget()  # the routes of a failed page may not be stored

    def _reset(self, view: Table) -> None:
        view.drop(self.db)
        quarantine.release(self.db, view.NAME)
        self.db.execute("DELETE FROM projection_tracking WHERE view = ?", (view.NAME,))
        self.db.execute(
            "INSERT INTO projection_tracking (view, position, version) VALUES (?, 0, ?)", (view.NAME, view.VERSION)
        )

    def _track(self, view: Table, position: int) -> None:
        self.db.execute("UPDATE projection_tracking SET position = ? WHERE view = ?", (position, view.NAME))


def _contract(item: Routed) -> str:
    """The contract an event is quarantined under (its aggregate, when it is about none)."""
    return item.contract_id or item.aggregate_id or str(item.event.originator_id)


def _by_contract(items: list[Routed]) -> dict[str, list[Routed]]:
    grouped: dict[str, list[Routed]] = {}
    for item in items:
        grouped.setdefault(_contract(item), []).append(item)
    return grouped


def load_records(db: ViewDatabase, key: str | None = None) -> list[Record]:
    """Contract records from the view, in key order (one when ``key`` is given)."""
    table = ContractRecords.TABLE
    if key is None:
        rows = db.fetchall(f"SELECT record FROM {table} WHERE contract_key <> '' ORDER BY contract_key")
    else:
        rows = db.fetchall(f"SELECT record FROM {table} WHERE contract_key = ?", (key,))
    return [orjson.loads(text) for (text,) in rows]
