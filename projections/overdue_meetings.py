"""Which meetings are overdue: each cadence's windows, the meetings in them, and compliance per year.

A window is met by a meeting of the cadence held within it (on or before ``as_of``). It is
overdue when it ended before ``as_of`` without one. "Efter behov" cadences have no windows and
are never overdue. A revised cadence governs the windows due from its effective date. Windows exist
only while the contract is in force: to the earlier of its period's end and the day it ended.

``late_windows`` derives, once per change of a record, the windows that hold no held meeting
at all: the only ones that can ever be overdue, whatever ``as_of`` (see question_tables.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import orjson

from domain.cadence import Occurrence
from domain.duties import governs, partitioned
from projections.contract_directory import contains
from projections.contract_record import ended_on
from projections.database import ViewDatabase
from projections.question import Derivation, DerivedTable
from projections.record_shape import Record
from projections.terms_cache import expected, segments

HORIZON = timedelta(days=366)  # windows this far past as_of are listed, so the next due date is known
Meetings = dict[str, list[tuple[str, str]]]  # per cadence: (ISO date, state), in date order


def compliance(record: Record, as_of: date) -> list[dict[str, Any]]:
    """Per cadence: windows with their meetings, overdue windows, next due date, compliance per year."""
    meetings = _by_cadence(record)
    return [_summary(entry, meetings[entry["cadence"]], as_of) for entry in _cadences(record, meetings, as_of)]


def overdue(record: Record, as_of: date) -> list[dict[str, Any]]:
    """The overdue windows of one contract on ``as_of``."""
    return [row for _, row in ranked_overdue(record, as_of)]


def overdue_in(record: Record, cadences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``overdue`` from an answer of ``compliance`` for the same date (so it is not folded twice)."""
    return [row for _, row in _ranked(record, cadences)]


def ranked_overdue(record: Record, as_of: date) -> list[tuple[int, dict[str, Any]]]:
    """The overdue windows, each with its cadence's rank (the order ``compliance`` lists cadences in)."""
    return _ranked(record, compliance(record, as_of))


def _ranked(record: Record, cadences: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (rank, {"contract": record["key"], "cadence": c["cadence"], "name": c["name"], "conveners": c["conveners"]} | w)
        for rank, c in enumerate(cadences)
        for w in c["windows"]
        if w["state"] == "overdue"
    ]


def late_windows(record: Record, until: date) -> list[tuple[int, dict[str, Any]]]:
    """Windows due by ``until`` without any held meeting, as ``overdue`` lists them once late.

    Each comes with its cadence's rank (the order ``compliance`` lists cadences in). A window
    with a held meeting is never overdue: the meeting lies in it, so before its due date.
    """
    meetings = _by_cadence(record)
    rows = []
    for rank, entry in enumerate(_cadences(record, meetings, date.max, until)):
        head = {"contract": record["key"], "cadence": entry["cadence"], "name": entry["name"]}
        head["conveners"] = entry["conveners"]
        for window in sorted(entry["windows"], key=lambda w: w["due"]):
            if not window["held"] and window["due"] <= until.isoformat():
                rows.append((rank, {**head, **window, "state": "overdue"}))
    return rows


def _cadences(record: Record, meetings: Meetings, as_of: date, until: date | None = None) -> list[dict[str, Any]]:
    """The cadences in the order first met, each with its windows up to ``until`` (default: as_of + HORIZON)."""
    cadences: dict[str, dict[str, Any]] = {}
    found: dict[str, list[Occurrence]] = defaultdict(list)
    ended = ended_on(record)
    for start, end, terms in segments(record):
        for activity in terms.activities:
            for cadence in activity.cadences:
                entry = cadences.setdefault(
                    cadence.key,
                    {"cadence": cadence.key, "activity": activity.key, "windows": []},
                )
                if "frequency" not in entry or start <= as_of:  # the rule in force on as_of names the cadence
                    entry.update(
                        name=cadence.name, frequency=cadence.frequency.describe(), conveners=list(cadence.conveners)
                    )
                horizon = until or max(as_of, terms.period.start) + HORIZON
                found[cadence.key] += [
                    o
                    for o in expected(terms, cadence.frequency, cadence.starts, horizon, ended)
                    if governs((start, end), o.due)
                ]
    for key, entry in cadences.items():
        entry["windows"] = [_window(o.window_start, o.due, meetings[key], as_of) for o in partitioned(found[key])]
    return list(cadences.values())


def _by_cadence(record: Record) -> Meetings:
    found: Meetings = defaultdict(list)
    for m in record["meetings"].values():
        found[m["cadence"]].append((m["on"], m["state"]))
    for rows in found.values():
        rows.sort()
    return found


def _window(start: date, due: date, meetings: list[tuple[str, str]], as_of: date) -> dict[str, Any]:
    first, last, today = start.isoformat(), due.isoformat(), as_of.isoformat()
    inside = meetings[bisect_left(meetings, (first,)) : bisect_right(meetings, (last, "\uffff"))]
    held = [on for on, state in inside if state == "held" and on <= today]
    if held:
        state = "met"
    elif due < as_of:
        state = "overdue"
    else:
        state = "open"
    return {
        "window_start": first,
        "due": last,
        "state": state,
        "held": held,
        "scheduled": [on for on, state in inside if state == "scheduled"],
        "cancelled": sum(1 for _, state in inside if state == "cancelled"),
    }


def _summary(entry: dict[str, Any], meetings: list[tuple[str, str]], as_of: date) -> dict[str, Any]:
    windows = sorted(entry["windows"], key=lambda w: w["due"])
    years: dict[str, dict[str, int]] = {}
    for w in windows:
        if w["state"] == "open":
            continue
        year = years.setdefault(w["due"][:4], {"expected": 0, "met": 0})
        year["expected"] += 1
        year["met"] += w["state"] == "met"
    today = as_of.isoformat()
    return {
        **entry,
        "windows": windows,
        "overdue": sum(1 for w in windows if w["state"] == "overdue"),
        "last_held": max((on for on, state in meetings if state == "held" and on <= today), default=None),
        "next_due": next((w["due"] for w in windows if w["state"] == "open"), None),
        "compliance_by_year": {
            y: {**c, "percent": round(100 * c["met"] / c["expected"], 1)} for y, c in sorted(years.items())
        },
    }


TABLE = "view_late_windows"
COLUMNS = ("contract_id", "contract_key", "cadence_rank", "due", "readers", "windows_until", "row")


def create(db: ViewDatabase) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (contract_id TEXT NOT NULL, contract_key TEXT NOT NULL, "
        "cadence_rank INTEGER NOT NULL, due TEXT NOT NULL, readers TEXT NOT NULL, windows_until TEXT NOT NULL, "
        "row TEXT NOT NULL, "
        "PRIMARY KEY (contract_key, cadence_rank, due))"
    )
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_id ON {TABLE} (contract_id)")


def drop(db: ViewDatabase) -> None:
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")


def late_rows(record: Record, derivation: Derivation) -> list[tuple[Any, ...]]:
    """The stored rows of one record's late windows (COLUMNS, the contract id first)."""
    return [
        (
            record["id"],
            record["key"],
            rank,
            row["due"],
            derivation.readers,
            derivation.covered,
            orjson.dumps(row).decode(),
        )
        for rank, row in late_windows(record, derivation.until)
    ]


DERIVED = DerivedTable(TABLE, COLUMNS, create, drop, late_rows)


Cursor = tuple[str, int, str]  # contract key, cadence rank, due: where the previous page ended


def query(
    db: ViewDatabase, as_of: date, party: str | None = None, after: Cursor | None = None, limit: int | None = None
) -> list[tuple[Cursor, str]]:
    """The stored late windows overdue on ``as_of`` (cursor, row JSON), in contract, cadence and due order.

    Only contracts whose windows were derived at least up to ``as_of`` answer here.
    """
    sql = f"SELECT contract_key, cadence_rank, due, row FROM {TABLE} WHERE due < ? AND windows_until >= ?"
    params: list[Any] = [as_of.isoformat(), as_of.isoformat()]
    if party is not None:
        sql += " AND " + contains(db, "readers")
        params.append(f" {party} ")
    if after is not None:
        key, rank, due = after
        sql += " AND (contract_key > ? OR (contract_key = ? AND (cadence_rank > ? OR (cadence_rank = ? AND due > ?))))"
        params += [key, key, rank, rank, due]
    sql += " ORDER BY contract_key, cadence_rank, due"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [((k, int(r), d), row) for k, r, d, row in db.fetchall(sql, params)]
