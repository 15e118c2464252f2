"""A contract's record as it was known at a moment: the answer "as it could have been given then".

Every entry of every slice carries its ``recorded_at`` (record_shape.py); an entry a later event
replaced or removed is kept in ``superseded`` with the time it stopped being true. ``as_known_at``
keeps what was recorded by the moment, each entry as it was then, and the unchanged questions
answer from that record. The rule is generic: a new slice whose entries carry ``recorded_at`` (and
that calls ``contract_record.supersede`` before replacing or removing one) is covered without a line
here. Lists (the versions, the lifecycle, a ledger) are append-only: they are cut to their entries
recorded by the moment. Cost: one walk over the record, O(its entries), per answer.

The derived tables (question_tables.py) answer "now" only; the lists as known at a moment
(``directory``, ``overdue``) fold every readable record instead: O(all their entries) per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

from domain.errors import ContractNotKnownError
from projections import contract_directory, overdue_meetings
from projections.record_shape import Record

_GONE = object()  # an entry not yet recorded at the moment
_KEPT = ("id", "key")  # the record's identity, not a slice


def as_known_at(record: Record, moment: datetime | None) -> Record:
    """``record`` as known at ``moment`` (``None``: now, the record itself); a new record, ``record`` untouched.

    Raises ContractNotKnownError when the contract was not recorded yet at ``moment``.
    """
    if moment is None:
        return record
    if moment.tzinfo is None:
        raise ValueError("as_known_at needs a time with its zone")
    earlier = _earlier(record, moment)
    known: dict[str, Any] = {}
    for name, value in record.items():
        if name in _KEPT:
            known[name] = value
        elif name == "superseded":
            known[name] = [s for s in record["superseded"] if _time(s["until"]) <= moment]
        else:
            known[name] = _known(value, (name,), moment, earlier)
    for path, entry in earlier.items():  # removed later: not in the record any more
        _put(known, path, entry)
    if not known["versions"]:
        raise ContractNotKnownError(record["key"] or record["id"], moment)
    return cast(Record, known)


def _earlier(record: Record, moment: datetime) -> dict[tuple[str, ...], dict[str, Any]]:
    """The superseded entries true at ``moment``, by path (at most one per path)."""
    return {
        tuple(s["path"]): s["entry"]
        for s in record["superseded"]
        if _time(s["entry"]["recorded_at"]) <= moment < _time(s["until"])
    }


def _known(value: Any, path: tuple[str, ...], moment: datetime, earlier: dict[tuple[str, ...], Any]) -> Any:
    """``value`` (an entry, or a dict or list holding entries) as known at ``moment``; _GONE when unknown."""
    if isinstance(value, dict):
        if "recorded_at" in value:
            if _time(value["recorded_at"]) <= moment:
                earlier.pop(path, None)  # an entry recorded by then is the one known then
                return value
            return earlier.pop(path, _GONE)
        found = {}
        for key, item in value.items():
            item = _known(item, (*path, key), moment, earlier)
            if item is not _GONE:
                found[key] = item
        return found
    if isinstance(value, list):
        return [item for item in value if not isinstance(item, dict) or _known_entry(item, moment)]
    return value


def _known_entry(item: dict[str, Any], moment: datetime) -> bool:
    return "recorded_at" not in item or _time(item["recorded_at"]) <= moment


def _put(known: dict[str, Any], path: tuple[str, ...], entry: dict[str, Any]) -> None:
    """Put back an entry that a later event removed, creating the dicts on its path."""
    place = known
    for key in path[:-1]:
        place = place.setdefault(key, {})
        if not isinstance(place, dict):
            return  # lists are append-only: nothing is removed from them
    place[path[-1]] = entry


@lru_cache(maxsize=65536)
def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def known_records(records: Iterable[Record], moment: datetime) -> list[Record]:
    """The records as known at ``moment``, leaving out the contracts not recorded by then."""
    known = []
    for record in records:
        try:
            known.append(as_known_at(record, moment))
        except ContractNotKnownError:
            continue
    return known


def directory(
    records: Iterable[Record],
    as_of: date,
    moment: datetime,
    filters: dict[str, str | None],
    after: str | None = None,
    limit: int | None = None,
) -> list[tuple[dict[str, Any], Record]]:
    """The directory on ``as_of`` as known at ``moment`` (entries with their known records), in key order.

    As ``contract_directory.query``: ``filters`` may hold urban_area, focus_area, status, text, activity_type and
    target_group.
    """
    page: list[tuple[dict[str, Any], Record]] = []
    for record in sorted(known_records(records, moment), key=lambda r: r["key"] or ""):
        if after is not None and (record["key"] or "") <= after:
            continue
        page += [(entry, record) for entry in contract_directory.directory([record], as_of, **filters)]
        if limit is not None and len(page) >= limit:
            break
    return page


def overdue(
    records: Iterable[Record],
    as_of: date,
    moment: datetime,
    after: overdue_meetings.Cursor | None = None,
    limit: int | None = None,
) -> list[tuple[overdue_meetings.Cursor, dict[str, Any]]]:
    """The overdue windows on ``as_of`` as known at ``moment``, in contract, cadence and due order
    (as ``overdue_meetings.query`` pages them)."""
    rows: list[tuple[overdue_meetings.Cursor, dict[str, Any]]] = []
    for record in sorted(known_records(records, moment), key=lambda r: r["key"] or ""):
        key = record["key"] or ""
        ranked = overdue_meetings.ranked_overdue(record, as_of)
        found = sorted((((key, rank, row["due"]), row) for rank, row in ranked), key=lambda found: found[0])
        rows += [(cursor, row) for cursor, row in found if after is None or cursor > after]
        if limit is not None and len(rows) >= limit:
            return rows[:limit]
    return rows
