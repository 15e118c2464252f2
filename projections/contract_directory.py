"""Which contracts there are: status, period, parties, current contact persons, current version.

``entry`` folds one record for a date. ``segments`` derives, once per change of a record, one
row per span of effective dates in which one version of the terms is in force; ``query``
answers the directory for a date from those rows, a page at a time in key order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from domain.terms import ContractTerms
from projections.contract_record import status_on
from projections.database import ViewDatabase
from projections.question import Derivation, DerivedTable
from projections.record_shape import Record
from projections.terms_cache import segments as term_segments
from projections.terms_cache import terms_on

TABLE = "view_directory"
COLUMNS = ("contract_id", "contract_key", "seg_from", "seg_to", "urban_area", "focus_area", "signed_on", "ended_on",
           "search", "readers", "entry", "activity_types", "target_groups")  # fmt: skip


def entry(record: Record, as_of: date) -> dict[str, Any]:
    return _with_status(_entry(record, terms_on(record, as_of)), status_on(record, as_of))


def _entry(record: Record, terms: ContractTerms) -> dict[str, Any]:
    parties = {p.key: p.name for p in terms.parties}
    return {
        "key": record["key"],
        "title": terms.title,
        "urban_area": terms.urban_area,
        "focus_area": terms.focus_area,
        "period": terms.period.model_dump(mode="json"),
        "example": terms.example,
        "parties": [{"key": k, "name": n} for k, n in parties.items()],
        "contacts": [
            {"key": c.key, "party": parties.get(c.party, c.party), "role": c.role}
            for c in terms.contacts
            if c.leadership
        ],
        "terms_version": len(record["versions"]),
        "activity_types": sorted({a.type for a in terms.activities if a.type}),
        "target_groups": sorted({g for a in terms.activities for g in a.target_groups}),
    }


def _with_status(row: dict[str, Any], status: str) -> dict[str, Any]:
    """The entry with its status in the place the API has always shown it (after focus_area)."""
    head = ("key", "title", "urban_area", "focus_area")
    return {**{k: row[k] for k in head}, "status": status, **{k: v for k, v in row.items() if k not in head}}


def directory(
    records: list[Record],
    as_of: date,
    urban_area: str | None = None,
    focus_area: str | None = None,
    status: str | None = None,
    text: str | None = None,
    activity_type: str | None = None,
    target_group: str | None = None,
) -> list[dict[str, Any]]:
    """Contracts matching the filters (case-insensitive text search in key, title and parties; an activity of the
    type, an activity for the target group)."""
    rows = [entry(r, as_of) for r in records if r["key"]]
    needle = text.casefold() if text else None
    return [
        row
        for row in rows
        if (urban_area is None or row["urban_area"] == urban_area)
        and (focus_area is None or row["focus_area"] == focus_area)
        and (status is None or row["status"] == status)
        and (needle is None or needle in _search(row))
        and (activity_type is None or activity_type in row["activity_types"])
        and (target_group is None or target_group in row["target_groups"])
    ]


def _search(row: dict[str, Any]) -> str:
    return f"{row['key']} {row['title']} {' '.join(p['name'] for p in row['parties'])}".casefold()


def readers(record: Record) -> str:
    """The parties that may read the contract (those of its latest terms), as ' a b ' for a substring test."""
    return " " + " ".join(p.key for p in terms_on(record, None).parties) + " "


def segments(record: Record, derivation: Derivation) -> list[tuple[Any, ...]]:
    """The directory rows of one record (COLUMNS, the contract id first, the entry as JSON)."""
    signed = min((f["day"] for f in record["lifecycle"] if f["kind"] == "signed"), default=None)
    ended = min((f["day"] for f in record["lifecycle"] if f["kind"] == "ended"), default=None)
    who = derivation.readers
    rows = []
    for start, end, terms in term_segments(record):
        row = _entry(record, terms)
        rows.append(
            (record["id"], record["key"], start.isoformat(), end.isoformat() if end else None, terms.urban_area,
             terms.focus_area, signed, ended, _search(row), who, orjson.dumps(_with_status(row, "")).decode(),
             _spaced(row["activity_types"]), _spaced(row["target_groups"]))
        )  # fmt: skip
    return rows


def _spaced(keys: list[str]) -> str:
    """Keys as ' a b ', so a filter is a substring test (as readers)."""
    return " " + " ".join(keys) + " "


def create(db: ViewDatabase) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (contract_id TEXT NOT NULL, contract_key TEXT NOT NULL, "
        "seg_from TEXT NOT NULL, seg_to TEXT, urban_area TEXT NOT NULL, focus_area TEXT NOT NULL, signed_on TEXT, "
        "ended_on TEXT, search TEXT NOT NULL, readers TEXT NOT NULL, entry TEXT NOT NULL, "
        "activity_types TEXT NOT NULL, target_groups TEXT NOT NULL, PRIMARY KEY (contract_key, seg_from))"
    )
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_id ON {TABLE} (contract_id)")


def drop(db: ViewDatabase) -> None:
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")


DERIVED = DerivedTable(TABLE, COLUMNS, create, drop, segments)


STATUS = "CASE WHEN ended_on < ? THEN 'ended' WHEN signed_on <= ? THEN 'signed' ELSE 'drafted' END"
IN_FORCE = "seg_from <= ? AND (seg_to IS NULL OR seg_to >= ?)"  # the segment in force on a day


def contains(db: ViewDatabase, column: str) -> str:
    """SQL: ``column`` contains the parameter (no pattern characters to escape, unlike LIKE)."""
    return f"strpos({column}, ?) > 0" if db.is_postgres else f"instr({column}, ?) > 0"


def query(
    db: ViewDatabase,
    as_of: date,
    filters: dict[str, str | None],
    party: str | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[bytes]:
    """The directory entries (JSON) on ``as_of`` matching ``filters``, in key order.

    ``filters`` may hold urban_area, focus_area, status, text, activity_type and target_group; ``party`` limits to the
    contracts that party may read; ``after`` is the last key of the previous page.
    """
    sql, params = _matching(db, as_of.isoformat(), filters, party)
    if after is not None:
        sql += " AND contract_key > ?"
        params.append(after)
    sql += " ORDER BY contract_key"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_filled(entry, status) for status, entry in db.fetchall(sql, params)]


def _matching(db: ViewDatabase, day: str, filters: dict[str, str | None], party: str | None) -> tuple[str, list[Any]]:
    """SQL for (status, entry) of the segments in force on ``day`` matching ``filters``, and its parameters."""
    sql = f"SELECT {STATUS}, entry FROM {TABLE} WHERE {IN_FORCE}"
    params: list[Any] = [day, day, day, day]
    for column in ("urban_area", "focus_area"):
        if filters.get(column) is not None:
            sql += f" AND {column} = ?"
            params.append(filters[column])
    if filters.get("status") is not None:
        sql += f" AND {STATUS} = ?"
        params += [day, day, filters["status"]]
    if filters.get("text"):
        sql += " AND " + contains(db, "search")
        params.append(str(filters["text"]).casefold())
    for column in ("activity_type", "target_group"):
        if filters.get(column) is not None:
            sql += " AND " + contains(db, f"{column}s")
            params.append(f" {filters[column]} ")
    if party is not None:
        sql += " AND " + contains(db, "readers")
        params.append(f" {party} ")
    return sql, params


def _filled(entry: str, status: str) -> bytes:
    """A stored entry (its status left empty: it depends on the date) with its status on the date."""
    return entry.encode().replace(b'"status":""', b'"status":"%s"' % status.encode(), 1)


def entry_choices(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """``choices`` from directory entries (as ``entry`` answers them)."""
    return {
        "urban_areas": sorted({e["urban_area"] for e in entries}),
        "focus_areas": sorted({e["focus_area"] for e in entries}),
        "statuses": sorted({e["status"] for e in entries}),
    }


def choices(db: ViewDatabase, as_of: date, party: str | None = None) -> dict[str, list[str]]:
    """The urban areas, focus areas and statuses of the contracts on ``as_of``: a filter's choices."""
    day = as_of.isoformat()
    sql = f"SELECT DISTINCT urban_area, focus_area, {STATUS} FROM {TABLE} WHERE {IN_FORCE}"
    params = [day, day, day, day]
    if party is not None:
        sql += " AND " + contains(db, "readers")
        params.append(f" {party} ")
    rows = db.fetchall(sql, params)
    return {
        "urban_areas": sorted({r[0] for r in rows}),
        "focus_areas": sorted({r[1] for r in rows}),
        "statuses": sorted({r[2] for r in rows}),
    }
