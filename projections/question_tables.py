"""Query-ready rows derived from the contract records, refreshed once per catch-up.

The questions that list every contract (the directory, overdue meetings) must not parse every
record for every request. So whatever does not depend on ``as_of`` is derived here, per
contract, whenever its record changed: directory segments (contract_directory.segments), the
windows that can ever be late (overdue_meetings.late_windows) and a row per contract (who may
read it, how far its windows were derived). ``as_of`` is still applied at query time.

Exactly once: a page marks the contracts it touched in a dirty set, in the page's transaction
(the ``question_rows`` view). ``drain`` then derives the rows of every dirty contract from its
record, clears the set and moves its own position (``question_rows.derived``) to the page's,
all in one transaction. Deriving is idempotent, so a crash between the two loses nothing: the
dirty set is still there. Rows are derived only from records at least as new as the dirty
marks, so runners that apply the views separately cannot leave them stale. Read-your-writes
waits for every position, this one included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import orjson

from projections import contract_directory, overdue_meetings, quarantine, record_store, registry
from projections.database import ViewDatabase, lost_connection
from projections.question import Derivation
from projections.record_shape import Record
from projections.routing import Routed
from projections.terms_cache import segments

NAME = "question_rows"
DERIVED = "question_rows.derived"
DIRTY = "view_question_dirty"
CONTRACTS = "view_question_contracts"
RECORDS = "view_contract_records"  # projections.record_store.TABLE
RECORDS_VIEW = "contract_records"  # its tracked name
BATCH = 100  # records in memory at once while draining
BATCH_REBUILDING = 20  # in a rebuild, whose peak memory is this batch's records (~1 MB each) on top of the CLI's
OPEN_AHEAD = timedelta(days=2 * 366)  # windows of an open-ended period: this far past its last fact
COMPLETE = "9999-12-31"


class QuestionRows:
    """The dirty set as a tracked view; its tables are made and dropped with it."""

    NAME = NAME
    VERSION = 4  # 2: a revised schedule's windows never overlap (domain.duties.partitioned); 3: no contact persons
    # 3: directory contacts carry their role's key, and no personal data
    # 4: directory rows name their activity types and target groups (filters)

    def create(self, db: ViewDatabase) -> None:
        db.execute(f"CREATE TABLE IF NOT EXISTS {DIRTY} (contract_id TEXT PRIMARY KEY)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {CONTRACTS} (contract_id TEXT PRIMARY KEY, contract_key TEXT NOT NULL, "
            "readers TEXT NOT NULL, windows_until TEXT NOT NULL)"
        )
        db.execute(f"CREATE INDEX IF NOT EXISTS {CONTRACTS}_key ON {CONTRACTS} (contract_key)")
        for derived in registry.DERIVED:
            derived.create(db)
        db.execute(
            "INSERT INTO projection_tracking (view, position, version) VALUES (?, 0, ?) ON CONFLICT (view) DO NOTHING",
            (DERIVED, self.VERSION),
        )

    def drop(self, db: ViewDatabase) -> None:
        for table in (DIRTY, CONTRACTS):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for derived in registry.DERIVED:
            derived.drop(db)
        db.execute("DELETE FROM projection_tracking WHERE view = ?", (DERIVED,))

    def apply(self, db: ViewDatabase, items: list[Routed], memory: dict[str, Any]) -> None:
        touched = sorted({i.contract_id for i in items if i.contract_id is not None})
        db.upsert_many(DIRTY, ("contract_id",), [(cid,) for cid in touched], "ON CONFLICT (contract_id) DO NOTHING")


def drain(db: ViewDatabase) -> int:
    """Derive the rows of every dirty contract; returns how many were derived."""
    if _settled(db):
        return 0
    with db.page_transaction():
        lock = " FOR UPDATE" if db.is_postgres else ""
        sql = f"SELECT view, position FROM projection_tracking WHERE view IN (?, ?, ?){lock}"
        tracked: dict[str, int] = dict(db.fetchall(sql, (NAME, DERIVED, RECORDS_VIEW)))
        if NAME not in tracked or DERIVED not in tracked:
            return 0  # the view is being reset; its next page marks everything again
        if tracked.get(RECORDS_VIEW, 0) < tracked[NAME]:
            return 0  # the records lag the dirty marks (another runner applies them): derive once they are in
        ids = [cid for (cid,) in db.fetchall(f"SELECT contract_id FROM {DIRTY} ORDER BY contract_id")]
        for batch in _batches(ids, BATCH_REBUILDING if db.rebuilding else BATCH):
            _refresh_contained(db, batch, tracked[NAME])
        db.execute("UPDATE projection_tracking SET position = ? WHERE view = ?", (tracked[NAME], DERIVED))
    return len(ids)


def derive_owned(db: ViewDatabase, owns: Callable[[str], bool], position: int) -> int:
    """Derive the rows of the dirty contracts that ``owns`` accepts (one partition of a rebuild, see partitioned.py)."""
    ids = [cid for (cid,) in db.fetchall(f"SELECT contract_id FROM {DIRTY} ORDER BY contract_id") if owns(cid)]
    with db.page_transaction():
        for batch in _batches(ids, BATCH_REBUILDING):
            _refresh_contained(db, batch, position)
    return len(ids)


def _settled(db: ViewDatabase) -> bool:
    sql = "SELECT view, position FROM projection_tracking WHERE view IN (?, ?, ?)"
    rows: dict[str, int] = dict(db.fetchall(sql, (NAME, DERIVED, RECORDS_VIEW)))
    if rows.get(RECORDS_VIEW, 0) < rows.get(NAME, 0):
        return True  # nothing to derive from yet
    return rows.get(NAME) == rows.get(DERIVED) and db.fetchone(f"SELECT 1 FROM {DIRTY} LIMIT 1") is None


def _batches(ids: list[str], size: int = BATCH) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _refresh_contained(db: ViewDatabase, ids: list[str], position: int) -> None:
    """Derive the rows of ``ids``; a record that cannot be derived quarantines its contract (see quarantine.py)."""
    try:
        with db.savepoint():
            _refresh(db, ids)
        return
    except Exception as error:
        if lost_connection(error):
            raise
    for contract_id in ids:
        try:
            with db.savepoint():
                _refresh(db, [contract_id])
        except Exception as error:
            if lost_connection(error):
                raise
            found = db.fetchone(f"SELECT contract_key FROM {RECORDS} WHERE contract_id = ?", (contract_id,))
            quarantine.hold(db, NAME, contract_id, found[0] if found else None, position, error)
            db.execute(f"DELETE FROM {DIRTY} WHERE contract_id = ?", (contract_id,))  # its last rows stay, marked


def _refresh(db: ViewDatabase, ids: list[str]) -> None:
    marks = db.placeholders(len(ids))
    found = record_store.read(db, ids)
    for table in (CONTRACTS, *(d.table for d in registry.DERIVED), DIRTY):
        db.execute(f"DELETE FROM {table} WHERE contract_id IN ({marks})", ids)
    contracts: list[tuple[Any, ...]] = []
    derived: dict[str, list[tuple[Any, ...]]] = {d.table: [] for d in registry.DERIVED}
    for record in found.values():
        if not record["key"]:
            continue
        until, complete = _horizon(record)
        derivation = Derivation(contract_directory.readers(record), until, COMPLETE if complete else until.isoformat())
        contracts.append((record["id"], record["key"], derivation.readers, derivation.covered))
        for kept in registry.DERIVED:
            derived[kept.table] += kept.rows(record, derivation)
    db.insert_many(CONTRACTS, ("contract_id", "contract_key", "readers", "windows_until"), contracts)
    for kept in registry.DERIVED:
        db.insert_many(kept.table, kept.columns, derived[kept.table])


def _horizon(record: Record) -> tuple[date, bool]:
    """How far to derive windows, and whether that covers every date (every period has an end)."""
    spans = segments(record)
    ends = [terms.period.end for _, _, terms in spans]
    closed = [end for end in ends if end is not None]
    if len(closed) == len(ends):
        return max(closed), True
    return max([*closed, _last_fact(record, spans[0][2].period.start)]) + OPEN_AHEAD, False


def _last_fact(record: Record, start: date) -> date:
    days = [m["on"] for m in record["meetings"].values()]
    days += [v["effective_from"] for v in record["versions"]] + [f["day"] for f in record["lifecycle"]]
    days += [e["booked_on"] for entries in record["ledgers"].values() for e in entries]
    return max(start, date.fromisoformat(max(days))) if days else start


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


# The directory entries (JSON) on a date, a page in key order: answered from the directory's rows.
directory = contract_directory.query


def find(db: ViewDatabase, key: str) -> tuple[Record, str] | None:
    """One contract's record and its readers (see contract_directory.readers), by key.

    Two index lookups, not one join: with the parts table's statistics stale (as after a rebuild)
    PostgreSQL planned the join as a scan of every part (25 ms at national size).
    """
    row = db.fetchone(f"SELECT contract_id, readers FROM {CONTRACTS} WHERE contract_key = ?", (key,))
    record = None if row is None else _record(db, row[0])
    return None if row is None or record is None else (record, row[1])


def overdue(
    db: ViewDatabase,
    as_of: date,
    party: str | None = None,
    after: overdue_meetings.Cursor | None = None,
    limit: int | None = None,
) -> list[tuple[overdue_meetings.Cursor, bytes]]:
    """The overdue windows on ``as_of`` (cursor, row JSON), in contract, cadence and due order.

    Stored windows answer for contracts derived past ``as_of``; the few open-ended ones that
    were not (``as_of`` far beyond their last fact) are folded from their records.
    """
    stored = [(c, row.encode()) for c, row in overdue_meetings.query(db, as_of, party, after, limit)]
    stale = db.fetchall(
        f"SELECT contract_id, contract_key, readers FROM {CONTRACTS} WHERE windows_until < ? AND contract_key >= ? "
        "ORDER BY contract_key",
        (as_of.isoformat(), after[0] if after else ""),
    )
    folded: list[tuple[overdue_meetings.Cursor, bytes]] = []
    for contract_id, key, readers in stale:
        if limit is not None and sum(1 for c, _ in [*stored, *folded] if c[0] < key) >= limit:
            break  # a full page precedes this contract
        if party is not None and f" {party} " not in readers:
            continue
        record = _record(db, contract_id)
        rows = overdue_meetings.ranked_overdue(record, as_of) if record else []
        folded += [((key, rank, row["due"]), _json(row).encode()) for rank, row in rows]
    if not folded:
        return stored
    found = stored + [r for r in folded if after is None or r[0] > after]
    return sorted(found, key=lambda r: r[0])[:limit]


def _record(db: ViewDatabase, contract_id: str) -> Record | None:
    return record_store.read(db, [contract_id]).get(contract_id)


def with_records(db: ViewDatabase, entries: list[bytes]) -> list[tuple[dict[str, Any], Record]]:
    """Directory entries (as ``directory`` answers) with their records, for answers that fold each contract."""
    page = [orjson.loads(entry) for entry in entries]
    if not page:
        return []
    keys = [entry["key"] for entry in page]
    ids = db.fetchall(
        f"SELECT contract_id, contract_key FROM {CONTRACTS} WHERE contract_key IN ({db.placeholders(len(keys))})", keys
    )  # then the parts by their index (see ``find``)
    by_id = record_store.read(db, [cid for cid, _ in ids])
    records: dict[str, Record] = {key: by_id[cid] for cid, key in ids if cid in by_id}
    return [(entry, records[entry["key"]]) for entry in page if entry["key"] in records]
