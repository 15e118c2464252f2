"""Who changed what, when and on which decision: one row per event, with a Danish one-liner.

Filter by contract, actor, event type and time range; pages are keyset-paged by position
(newest first), so page N costs the same as page 1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from domain.vocabulary import summarise
from projections.database import ViewDatabase
from projections.routing import Routed

NAME = "audit_log"
VERSION = 2  # 2: the decision carries its date
TABLE = "view_audit_log"
COLUMNS = (
    "position", "contract_key", "aggregate_id", "aggregate_type", "event_type",
    "actor", "recorded_at", "effective_date", "decision", "summary",
)  # fmt: skip


def row(item: Routed) -> tuple[Any, ...] | None:
    """The audit row of one event (None for events that are not about a contract)."""
    position, event, _, contract_key, aggregate_id = item
    values = event.__dict__  # one dict lookup per attribute: the row is made for every event
    actor = values.get("actor")
    if actor is None or contract_key is None:
        return None
    aggregate_type, event_type, dates, summary = _KINDS.get(type(event)) or _kind(type(event))
    decision = values.get("decision")
    return (
        position,
        contract_key,
        aggregate_id or str(event.originator_id),
        aggregate_type,
        event_type,
        actor,
        values["timestamp"].isoformat(),
        _effective(values, dates),
        _decision(decision) if decision else None,
        summary(event),
    )


def _decision(decision: Any) -> str:
    """Forum, day and reference of the decision a revision rests on."""
    day = decision.decided_on.isoformat() if decision.decided_on else None
    shown = {"decided_by": decision.decided_by, "decided_on": day, "reference": decision.reference}
    return json.dumps(shown, ensure_ascii=False)


def summary(event: Any) -> str:
    """One line of Danish about what happened, e.g. 'karen registrerede møde afholdt 12.03.2015'."""
    return _kind(type(event))[3](event)


# The business date of an event: the first of these attributes that holds a date.
_DATES = ("effective_from", "signed_on", "ended_on", "held_on", "on", "to", "fulfilled_on", "due", "booked_on",
          "measured_on", "attested_on", "evidenced_on")  # fmt: skip


# What the audit row needs to know about an event class, worked out once per class:
# aggregate type, event type, the date attributes it has, and its summary.
_Kind = tuple[str, str, tuple[str, ...], Callable[[Any], str]]


def _kind(cls: type[Any]) -> _Kind:
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = _describe(cls)
    return kind


def _describe(cls: type[Any]) -> _Kind:
    aggregate_type, _, event_type = cls.TOPIC.removeprefix("forum:").partition(".")
    fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set(_DATES)
    summary = summarise(f"{aggregate_type}.{event_type}")
    return (aggregate_type, event_type, tuple(n for n in _DATES if n in fields), summary)


_KINDS: dict[type[Any], _Kind] = {}


def _effective(values: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = values.get(name)
        if isinstance(value, date):
            return value.isoformat()
    return None


def create(db: ViewDatabase) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (position BIGINT PRIMARY KEY, contract_key TEXT NOT NULL, "
        "aggregate_id TEXT NOT NULL, aggregate_type TEXT NOT NULL, event_type TEXT NOT NULL, actor TEXT NOT NULL, "
        "recorded_at TEXT NOT NULL, effective_date TEXT, decision TEXT, summary TEXT NOT NULL)"
    )
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_contract ON {TABLE} (contract_key, position)")
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_actor ON {TABLE} (actor, position)")


def drop(db: ViewDatabase) -> None:
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")


def apply(db: ViewDatabase, items: list[Routed]) -> None:
    db.insert_many(TABLE, COLUMNS, (r for r in map(row, items) if r is not None))


def query(
    db: ViewDatabase,
    contract: str | None = None,
    actor: str | None = None,
    event_type: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    before: int | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Newest first; pass the last row's position as ``before`` for the next page."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("contract_key", contract), ("actor", actor), ("event_type", event_type)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if start is not None:
        where.append("recorded_at >= ?")
        params.append(start.astimezone(UTC).isoformat())
    if end is not None:
        where.append("recorded_at < ?")
        params.append(end.astimezone(UTC).isoformat())
    if before is not None:
        where.append("position < ?")
        params.append(before)
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = db.fetchall(
        f"SELECT {', '.join(COLUMNS)} FROM {TABLE} {clause}ORDER BY position DESC LIMIT ?", [*params, limit]
    )
    return [dict(zip(COLUMNS, r, strict=True)) | {"decision": json.loads(r[8]) if r[8] else None} for r in rows]
