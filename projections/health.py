"""Is the read side current? Lag, the followers' heartbeats, their last error and the quarantined contracts.

Healthy means: a follower is running (a heartbeat within ``follower_timeout`` seconds, or the
in-process follower's thread alive) and the views are at the head, or were at the head within
``max_staleness`` seconds. Quarantined contracts do not make the read side unhealthy (every
other contract is current) but turn the status to "degraded" and are listed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from projections import quarantine
from projections.database import ViewDatabase
from projections.partitioned import REBUILDING_POSITION, reached

FOLLOWERS = "projection_followers"


@dataclass(frozen=True)
class Beat:
    """A follower's heartbeat: times are seconds since the epoch."""

    name: str
    seen_at: float
    caught_up_at: float | None
    last_error: str | None


@dataclass(frozen=True)
class Limits:
    max_staleness: float = 30.0  # seconds behind the head before the views count as stale
    follower_timeout: float = 15.0  # seconds without a heartbeat before a follower counts as gone


def create(db: ViewDatabase) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {FOLLOWERS} (name TEXT PRIMARY KEY, seen_at DOUBLE PRECISION NOT NULL, "
        "caught_up_at DOUBLE PRECISION, last_error TEXT)"
    )


def beats(db: ViewDatabase, since: float) -> list[Beat]:
    """The heartbeats seen at or after ``since``, most recent first."""
    rows = db.fetchall(
        f"SELECT name, seen_at, caught_up_at, last_error FROM {FOLLOWERS} WHERE seen_at >= ? ORDER BY seen_at DESC",
        (since,),
    )
    return [Beat(n, float(s), None if c is None else float(c), e) for n, s, c, e in rows]


def assess(db: ViewDatabase, head: int, limits: Limits, here: list[Beat] | None = None) -> dict[str, Any]:
    """The read side's health as `/health` and `forum projections status` show it.

    ``here`` are the followers of this process (alive now, whether or not they beat yet).
    """
    now = time.time()
    stored: dict[str, int] = {v: int(p) for v, p in db.fetchall("SELECT view, position FROM projection_tracking")}
    rebuilding = sorted(v for v, p in stored.items() if p >= REBUILDING_POSITION)
    tracked = {v: reached(p) for v, p in stored.items()}
    followers = {b.name: b for b in [*beats(db, now - limits.follower_timeout), *(here or [])]}
    behind = max([head - p for p in tracked.values()], default=head)
    caught_up = max([b.caught_up_at or 0.0 for b in followers.values()], default=0.0)
    errors = sorted((b for b in followers.values() if b.last_error), key=lambda b: b.seen_at)
    held = [q.as_json() for q in quarantine.listed(db)]
    problems: list[str] = []
    if rebuilding:
        problems.append(f"Visningerne genopbygges: {', '.join(rebuilding)}.")
    if not followers:
        problems.append("Ingen følger kører: visningerne opdateres ikke (start `forum projections run`).")
    elif behind > 0 and now - caught_up > limits.max_staleness:
        problems.append(
            f"Visningerne er {behind} hændelser bagud og var sidst ajour for over {limits.max_staleness:g} s siden."
        )
    status = "stale" if problems else "degraded" if held else "ok"
    return {
        "status": status,
        "position": head,
        "behind": behind,
        "views": {n: {"position": p, "behind": head - p} for n, p in sorted(tracked.items())},
        "followers": len(followers),
        "last_error": errors[-1].last_error if errors else None,
        "problems": problems,
        "quarantined": held,
    }
