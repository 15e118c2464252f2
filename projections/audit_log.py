"""Who changed what, when and on which decision: one row per event, with a Danish one-liner.

Filter by contract, actor, event type and time range; pages are keyset-paged by position
(newest first), so page N costs the same as page 1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from domain.budget import Ledger, format_kroner
from domain.contract import Contract
from domain.goal import IndicatorLog
from domain.meeting import Meeting
from domain.obligation import ObligationLog
from projections.database import ViewDatabase

NAME = "audit_log"
VERSION = 1
TABLE = "view_audit_log"
COLUMNS = (
    "position", "contract_key", "aggregate_id", "aggregate_type", "event_type",
    "actor", "recorded_at", "effective_date", "decision", "summary",
)  # fmt: skip


class Routed(NamedTuple):
    """An event with its log position and the contract it belongs to."""

    position: int
    event: Any
    contract_id: str | None
    contract_key: str | None
    aggregate_id: str = ""


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
        json.dumps({"decided_by": decision.decided_by, "reference": decision.reference}, ensure_ascii=False)
        if decision
        else None,
        summary(event),
    )


def summary(event: Any) -> str:
    """One line of Danish about what happened, e.g. 'karen registrerede møde afholdt 12.03.2015'."""
    return _kind(type(event))[3](event)


_SUMMARIES: dict[type[Any], Callable[[Any], str]] = {
    Contract.Drafted: lambda e: f"{e.actor} oprettede kontrakten '{e.key}'",
    Contract.Signed: lambda e: f"{e.actor} registrerede kontrakten underskrevet {_dk(e.signed_on)}",
    Contract.Revised: lambda e: (
        f"{e.actor} registrerede revision gældende fra {_dk(e.effective_from)} "
        f"({len(e.changes) + len(e.removed)} ændrede felter)"
    ),
    ObligationLog.Opened: lambda e: f"{e.actor} åbnede registreringen af forpligtelsen '{e.responsibility}'",
    Ledger.Opened: lambda e: f"{e.actor} åbnede regnskabet for '{e.plan}'",
    IndicatorLog.Opened: lambda e: f"{e.actor} åbnede målingerne af indikatoren '{e.indicator}'",
    Contract.Ended: lambda e: f"{e.actor} registrerede kontrakten afsluttet {_dk(e.ended_on)}",
    Meeting.Scheduled: lambda e: f"{e.actor} planlagde møde ({e.cadence}) {_dk(e.on)}",
    Meeting.Held: lambda e: f"{e.actor} registrerede møde afholdt {_dk(e.held_on)}",
    Meeting.Moved: lambda e: f"{e.actor} flyttede mødet til {_dk(e.to)}",
    Meeting.Cancelled: lambda e: f"{e.actor} aflyste mødet ({e.reason})",
    ObligationLog.Fulfilled: lambda e: (
        f"{e.actor} registrerede forpligtelse med frist {_dk(e.due)} opfyldt {_dk(e.fulfilled_on)}"
    ),
    ObligationLog.Waived: lambda e: f"{e.actor} frafaldt forpligtelse med frist {_dk(e.due)} ({e.reason})",
    Ledger.ExpenseBooked: lambda e: f"{e.actor} bogførte {format_kroner(e.amount_ore)} {_dk(e.booked_on)}: {e.text}",
    Ledger.ExpenseReversed: lambda e: f"{e.actor} tilbageførte postering {e.reverses} {_dk(e.booked_on)} ({e.reason})",
    IndicatorLog.Corrected: lambda e: f"{e.actor} rettede måling for {e.period}: {e.value}",
    IndicatorLog.Measured: lambda e: f"{e.actor} registrerede måling for {e.period}: {e.value}",
}
# The business date of an event: the first of these attributes that holds a date.
_DATES = ("effective_from", "signed_on", "ended_on", "held_on", "on", "to", "fulfilled_on", "due", "booked_on",
          "measured_on")  # fmt: skip


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
    summary = next((s for c, s in _SUMMARIES.items() if issubclass(cls, c)), _unknown)
    return (aggregate_type, event_type, tuple(n for n in _DATES if n in fields), summary)


_KINDS: dict[type[Any], _Kind] = {}


def _unknown(event: Any) -> str:
    return f"{event.actor}: {type(event).__name__}"


def _effective(values: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = values.get(name)
        if isinstance(value, date):
            return value.isoformat()
    return None


def _dk(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"  # as strftime("%d.%m.%Y"), a quarter of the time


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
