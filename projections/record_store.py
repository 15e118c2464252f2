"""The contract_records view: each contract's record stored in parts, so a page writes only what it changed.

A record is one JSON document of up to a few hundred kilobytes (the terms of a large contract, years
of ledger entries). Written whole, every page of the follower (a few events) rewrote it all: most of
a page's time. So it is stored as parts: its head (id and key), and each slice cut into chunks of
``CHUNK`` entries in the order they were added (a plan's ledger entries chunked per plan). An event
adds entries at the end of a slice or changes one in place, so a page changes the last chunk of a
list, or the chunk that holds a changed entry, and only the parts whose text changed are written.

Part names sort in the record's order: joining the parts in name order gives the record back, the
order of its keys included. ``read`` and ``joined`` are the only ways to read a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any
from uuid import UUID

import orjson

from projections import contract_record, registry
from projections.database import ViewDatabase
from projections.record_shape import Record
from projections.routing import Routed

TABLE = "view_contract_records"  # one row per contract: its key (the contracts a reader lists)
PARTS = "view_contract_parts"
CHUNK = 32  # entries per part
HEAD = "00"
SLICES = [name for name in contract_record.empty(UUID(int=0)) if name not in ("id", "key")]
NESTED = {"ledgers"}  # dicts of growing lists: each list chunked on its own
KEPT_RECORDS = 200  # records kept between pages: all 2,200 of the national data set took ~1 GB
# A rebuild meets each contract's events mostly together (a page touches a few of the national
# set's contracts, ~1 MB each in memory), so it keeps only a few besides its page's.
KEPT_REBUILDING = 8

Parts = dict[str, bytes]


def split(record: Record) -> Parts:
    """The record's parts by name, each its JSON text."""
    parts = {HEAD: orjson.dumps({"id": record["id"], "key": record["key"]})}
    for number, name in enumerate(SLICES, 1):
        value: Any = record[name]  # type: ignore[literal-required]
        if name in NESTED:
            for index, (key, entries) in enumerate(value.items()):
                for chunk, at in enumerate(range(0, max(len(entries), 1), CHUNK)):
                    parts[f"{number:02d}.{index:06d}.{chunk:06d}"] = orjson.dumps({key: entries[at : at + CHUNK]})
        elif isinstance(value, dict):
            entries = list(value.items())
            for chunk, at in enumerate(range(0, len(entries), CHUNK)):
                parts[f"{number:02d}.{chunk:06d}"] = orjson.dumps(dict(entries[at : at + CHUNK]))
        else:
            for chunk, at in enumerate(range(0, len(value), CHUNK)):
                parts[f"{number:02d}.{chunk:06d}"] = orjson.dumps(value[at : at + CHUNK])
    return parts


def joined(rows: Iterable[Sequence[Any]]) -> dict[str, Record]:
    """Records from rows of (contract id, part name, part text, …), each contract's parts in name order."""
    records: dict[str, Record] = {}
    for contract_id, name, text, *_ in rows:
        record = records.get(contract_id)
        value = orjson.loads(text)
        if record is None:
            record = records[contract_id] = contract_record.empty(UUID(contract_id))
        if name == HEAD:
            record["key"] = value["key"]
            continue
        slice_name = SLICES[int(name[:2]) - 1]
        found: Any = record[slice_name]  # type: ignore[literal-required]
        if slice_name in NESTED:
            for key, entries in value.items():
                found.setdefault(key, []).extend(entries)
        elif isinstance(found, dict):
            found.update(value)
        else:
            found.extend(value)
    return records


def read(db: ViewDatabase, ids: Sequence[str]) -> dict[str, Record]:
    """The stored records of ``ids`` (those that have one)."""
    if not ids:
        return {}
    return joined(
        db.fetchall(
            f"SELECT contract_id, part, body FROM {PARTS} WHERE contract_id IN ({db.placeholders(len(ids))}) "
            "ORDER BY contract_id, part",
            list(ids),
        )
    )


def load_records(db: ViewDatabase, key: str | None = None) -> list[Record]:
    """Contract records from the view, in key order (one when ``key`` is given)."""
    if key is not None:  # an index lookup, then the parts by theirs: a join may be planned as a scan of every part
        ids = [cid for (cid,) in db.fetchall(f"SELECT contract_id FROM {TABLE} WHERE contract_key = ?", (key,))]
        return list(read(db, ids).values())
    rows = db.fetchall(
        f"SELECT p.contract_id, p.part, p.body FROM {TABLE} r JOIN {PARTS} p ON p.contract_id = r.contract_id "
        "WHERE r.contract_key <> '' ORDER BY r.contract_key, p.contract_id, p.part"
    )
    return list(joined(rows).values())


def _digest(text: bytes) -> tuple[int, int]:
    """What tells a part's text from its last stored one: its length and hash (SipHash, in C: no
    copy of the text kept, and a page of a large record hashed in well under a millisecond)."""
    return len(text), hash(text)


class ContractRecords:
    """The contract_records view: one record per contract (see contract_record.py), stored in parts."""

    NAME = "contract_records"
    # 2: meetings carry their version and recorded_at; 3: ledger entries are objects; 4: attestations;
    # 5: every entry carries its recorded_at and replaced entries are kept (superseded), for answers as known at a time;
    # 6: a duty's fulfilments, waivers and withdrawals as facts (placed on occurrences at question time)
    # 7: ledger corrections; 8: terms without contact persons' personal data (see domain/contract_upcasts.py)
    # 9: stored in parts (record_store.py)
    VERSION = 9
    TABLE = TABLE

    def create(self, db: ViewDatabase) -> None:
        db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (contract_id TEXT PRIMARY KEY, contract_key TEXT NOT NULL)")
        db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_key ON {TABLE} (contract_key)")
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {PARTS} (contract_id TEXT NOT NULL, part TEXT NOT NULL, body TEXT NOT NULL, "
            "PRIMARY KEY (contract_id, part))"
        )

    def drop(self, db: ViewDatabase) -> None:
        for table in (TABLE, PARTS):
            db.execute(f"DROP TABLE IF EXISTS {table}")

    def apply(self, db: ViewDatabase, items: list[Routed], memory: dict[str, Any]) -> None:
        """Fold the page into the touched records and write the parts that changed.

        ``memory`` holds the records as of the view's position, each with the digests of its
        stored parts (the shell empties it when the stored position moved without us), so a page
        reads from the tables only records it has not seen before.
        """
        touched = sorted({i.contract_id for i in items if i.contract_id is not None})
        if not touched:
            return
        kept: dict[str, tuple[Record, dict[str, tuple[int, int]]]] = memory
        unread = [cid for cid in touched if cid not in kept]
        if unread:
            rows = db.fetchall(
                f"SELECT contract_id, part, body FROM {PARTS} WHERE contract_id IN ({db.placeholders(len(unread))}) "
                "ORDER BY contract_id, part",
                unread,
            )
            stored = joined(rows)
            digests: dict[str, dict[str, tuple[int, int]]] = {cid: {} for cid in unread}
            for cid, name, text in rows:
                digests[cid][name] = _digest(text.encode())
            kept.update({cid: (stored.get(cid) or contract_record.empty(UUID(cid)), digests[cid]) for cid in unread})
        for item in items:
            if item.contract_id is not None:
                contract_record.evolve(kept[item.contract_id][0], item.event, registry.HANDLERS)
        self._write(db, {cid: kept[cid] for cid in touched})
        _forget_least_recent(kept, touched, KEPT_REBUILDING if db.rebuilding else KEPT_RECORDS)

    def _write(self, db: ViewDatabase, records: dict[str, tuple[Record, dict[str, tuple[int, int]]]]) -> None:
        """Write each record's new and changed parts (and its key, when its head changed).

        A part not among the digests is not stored (a record read from the tables comes with the
        digests of all its parts), so it is inserted; in a rebuild nearly all are, by COPY.
        """
        new: list[tuple[str, str, str]] = []
        changed: list[tuple[str, str, str]] = []
        heads: list[tuple[str, str]] = []
        for cid, (record, digests) in records.items():
            parts = split(record)
            for name, text in parts.items():
                digest, stored = _digest(text), digests.get(name)
                if stored != digest:
                    (changed if stored is not None else new).append((cid, name, text.decode()))
                    if name == HEAD:  # a new contract, or its key came
                        heads.append((cid, record["key"] or ""))
                    digests[name] = digest
            vanished = [name for name in digests if name not in parts]  # never, as the fold goes: kept true
            db.executemany(f"DELETE FROM {PARTS} WHERE contract_id = ? AND part = ?", [(cid, n) for n in vanished])
            for name in vanished:
                del digests[name]
        db.upsert_many(TABLE, ("contract_id", "contract_key"), heads,
                       "ON CONFLICT (contract_id) DO UPDATE SET contract_key = excluded.contract_key")  # fmt: skip
        db.upsert_many(PARTS, ("contract_id", "part", "body"), changed,
                       "ON CONFLICT (contract_id, part) DO UPDATE SET body = excluded.body")  # fmt: skip
        if new:
            db.insert_many(PARTS, ("contract_id", "part", "body"), new)


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
