"""What someone else recorded while a form was open: shown when a stale form is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.errors import StaleError
from domain.tracker import Tracker
from projections.audit_log import summary


@dataclass(frozen=True)
class Stale:
    """The version the form showed, the current one, and the changes between them (newest first)."""

    seen: int | None
    current: int | None
    changes: list[dict[str, Any]] = field(default_factory=list)


def stale(tracker: Tracker, aggregate_id: UUID, seen: int | None, error: StaleError) -> Stale:
    """The refused form's conflict, told in the audit log's plain Danish."""
    events: list[Any] = list(tracker.events.get(aggregate_id, gt=seen)) if seen is not None else []
    changes = [
        {"recorded_at": e.timestamp.isoformat(), "actor": getattr(e, "actor", ""), "summary": summary(e)}
        for e in events
    ]
    return Stale(seen, error.current_version, changes[::-1])
