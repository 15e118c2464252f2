"""Who changed what, when and on which decision: one row per event, with a Danish one-liner.

Filter by contract, actor, event type and time range; pages are keyset-paged by position
(newest first), so page N costs the same as page 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

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


@dataclass(frozen=True)
class Routed:
    """An event with its log position and the contract it belongs to."""

    position: int
    event: Any
    contract_id: str | None
    contract_key: str | None
    aggregate_id: str = ""


def row(item: Routed) -> tuple[Any, ...] | None:
    """The audit row of one event (None for events that are not about a contract)."""
    event = item.event
    actor = getattr(event, "actor", None)
    if actor is None or item.contract_key is None:
        return None
    topic = type(event).TOPIC.removeprefix("forum:")
    aggregate_type, _, event_type = topic.partition(".")
    decision = getattr(event, "decision", None)
    return (
        item.position,
        item.contract_key,
        item.aggregate_id or str(event.originator_id),
        aggregate_type,
        event_type,
        actor,
        event.timestamp.isoformat(),
        _effective(event),
        json.dumps({"decided_by": decision.decided_by, "reference": decision.reference}, ensure_ascii=False)
        if decision
        else None,
        summary(event),
    )


def summary(event: Any) -> str:
    """One line of Danish about what happened, e.g. 'karen registrerede møde afholdt 12.03.2015'."""
    who = event.actor
    if isinstance(event, Contract.Drafted):
        return f"{who} oprettede kontrakten '{event.key}'"
    if isinstance(event, Contract.Signed):
        return f"{who} registrerede kontrakten underskrevet {_dk(event.signed_on)}"
    if isinstance(event, Contract.Revised):
        n = len(event.changes) + len(event.removed)
        return f"{who} registrerede revision gældende fra {_dk(event.effective_from)} ({n} ændrede felter)"
    if isinstance(event, ObligationLog.Opened):
        return f"{who} åbnede registreringen af forpligtelsen '{event.responsibility}'"
    if isinstance(event, Ledger.Opened):
        return f"{who} åbnede regnskabet for '{event.plan}'"
    if isinstance(event, IndicatorLog.Opened):
        return f"{who} åbnede målingerne af indikatoren '{event.indicator}'"
    if isinstance(event, Contract.Ended):
        return f"{who} registrerede kontrakten afsluttet {_dk(event.ended_on)}"
    if isinstance(event, Meeting.Scheduled):
        return f"{who} planlagde møde ({event.cadence}) {_dk(event.on)}"
    if isinstance(event, Meeting.Held):
        return f"{who} registrerede møde afholdt {_dk(event.held_on)}"
    if isinstance(event, Meeting.Moved):
        return f"{who} flyttede mødet til {_dk(event.to)}"
    if isinstance(event, Meeting.Cancelled):
        return f"{who} aflyste mødet ({event.reason})"
    if isinstance(event, ObligationLog.Fulfilled):
        return f"{who} registrerede forpligtelse med frist {_dk(event.due)} opfyldt {_dk(event.fulfilled_on)}"
    if isinstance(event, ObligationLog.Waived):
        return f"{who} frafaldt forpligtelse med frist {_dk(event.due)} ({event.reason})"
    if isinstance(event, Ledger.ExpenseBooked):
        return f"{who} bogførte {format_kroner(event.amount_ore)} {_dk(event.booked_on)}: {event.text}"
    if isinstance(event, Ledger.ExpenseReversed):
        return f"{who} tilbageførte postering {event.reverses} {_dk(event.booked_on)} ({event.reason})"
    if isinstance(event, (IndicatorLog.Measured, IndicatorLog.Corrected)):
        verb = "rettede" if isinstance(event, IndicatorLog.Corrected) else "registrerede"
        return f"{who} {verb} måling for {event.period}: {event.value}"
    return f"{who}: {type(event).__name__}"


def _effective(event: Any) -> str | None:
    for name in ("effective_from", "signed_on", "ended_on", "held_on", "on", "to", "fulfilled_on", "due", "booked_on",
                 "measured_on"):  # fmt: skip
        value = getattr(event, name, None)
        if isinstance(value, date):
            return value.isoformat()
    return None


def _dk(day: date) -> str:
    return day.strftime("%d.%m.%Y")


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
    rows = [r for r in (row(item) for item in items) if r is not None]
    db.insert_many(TABLE, COLUMNS, rows)


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
