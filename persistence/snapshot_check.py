"""Snapshots are derived, but a forged one changes answers: each is checked against its rebuilt aggregate.

Snapshots are not sealed (they are made from memory after a save, and may be taken again);
instead `forum verify` replays each snapshotted aggregate from its events – which the seals
vouch for – and compares the state at each snapshot's version with what the snapshot holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from itertools import groupby
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent

from persistence import chain
from persistence.append_only import SEALS, events_table
from projections.database import ViewDatabase


def check_snapshots(app: Application[UUID], env: dict[str, str]) -> tuple[int, list[chain.Finding]]:
    """How many snapshots were checked, and each one whose state is not its aggregate's at its version."""
    if app.snapshots is None:
        return 0, []
    findings: list[chain.Finding] = []
    checked = 0
    with closing(ViewDatabase(env)) as db:
        rows = db.fetchall(
            f"SELECT originator_id, originator_version, topic, state FROM {events_table(app.snapshots.recorder)} "
            "ORDER BY originator_id, originator_version"
        )
        for originator_id, group in groupby(rows, key=lambda r: chain.originator(r[0])):
            snapshots = list(group)
            checked += len(snapshots)
            for version in _forged(app, UUID(originator_id), snapshots):
                position = db.fetchone(
                    f"SELECT position FROM {SEALS} WHERE originator_id = ? AND originator_version = ?",
                    (originator_id, version),
                )
                detail = "øjebliksbilledet svarer ikke til hændelserne frem til versionen"
                at = position[0] if position else 0
                findings.append(chain.Finding(at, "snapshot", originator_id, version, detail))
    return checked, findings


def _forged(app: Application[UUID], originator_id: UUID, snapshots: list[Any]) -> Iterator[int]:
    """The versions among ``snapshots`` whose state differs from the aggregate replayed from its events."""
    wanted = {int(r[1]): r for r in snapshots}
    aggregate: Any = None
    for event in app.events.get(originator_id, lte=max(wanted)):
        aggregate = cast(Any, event).mutate(aggregate)  # the library's aggregate events can mutate
        row = wanted.pop(aggregate.version, None) if aggregate is not None else None
        if row is None:
            continue
        stored = app.mapper.to_domain_event(StoredEvent(originator_id, int(row[1]), row[2], bytes(row[3])))
        fresh = app.mapper.to_domain_event(app.mapper.to_stored_event(type(aggregate).Snapshot.take(aggregate)))
        if getattr(stored, "state", None) != getattr(fresh, "state", None):  # both through the transcoder
            yield int(row[1])
    yield from wanted  # a snapshot of a version the events never reach
