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
from persistence.append_only import events_table
from persistence.verification import LogCheck
from projections.database import ViewDatabase


def check_snapshots(app: Application[UUID], env: dict[str, str]) -> tuple[int, list[chain.Finding]]:
    """How many snapshots were checked, and each one whose state is not its aggregate's at its version."""
    if app.snapshots is None:
        return 0, []
    findings: list[chain.Finding] = []
    table = events_table(app.snapshots.recorder)
    with closing(ViewDatabase(env)) as db:
        keys = db.fetchall(f"SELECT originator_id, originator_version FROM {table} ORDER BY 1, 2")  # states one by one

        def stored(key: Any) -> StoredEvent:
            row = db.fetchone(
                f"SELECT topic, state FROM {table} WHERE originator_id = ? AND originator_version = ?", key
            )
            assert row is not None  # snapshots are never deleted (the app role may not)
            return StoredEvent(UUID(chain.originator(key[0])), int(key[1]), row[0], bytes(row[1]))

        log = LogCheck(db, events_table(app.recorder))
        for originator_id, group in groupby(keys, key=lambda r: chain.originator(r[0])):
            for version in _forged(app, UUID(originator_id), [stored(key) for key in group]):
                detail = "øjebliksbilledet svarer ikke til hændelserne frem til versionen"
                at = log.locate(originator_id, version) or 0
                findings.append(chain.Finding(at, "snapshot", originator_id, version, detail))
    return len(keys), findings


def _forged(app: Application[UUID], originator_id: UUID, snapshots: list[StoredEvent]) -> Iterator[int]:
    """The versions among ``snapshots`` whose state differs from the aggregate replayed from its events."""
    wanted = {s.originator_version: s for s in snapshots}
    aggregate: Any = None
    for event in app.events.get(originator_id, lte=max(wanted)):
        aggregate = cast(Any, event).mutate(aggregate)  # the library's aggregate events can mutate
        snapshot = wanted.pop(aggregate.version, None) if aggregate is not None else None
        if snapshot is None:
            continue
        kind = type(aggregate).Snapshot
        fresh = app.mapper.to_domain_event(app.mapper.to_stored_event(kind.take(aggregate)))
        if _comparable(kind, app.mapper.to_domain_event(snapshot)) != _comparable(kind, fresh):
            yield snapshot.originator_version  # compared as decoded by the same transcoder
    yield from wanted  # a snapshot of a version the events never reach


def _comparable(kind: Any, snapshot: object) -> Any:
    """A snapshot's state as its class compares it (a packed part unpacked; a damaged one differs)."""
    state = getattr(snapshot, "state", None)
    comparable = getattr(kind, "comparable", None)
    if state is None or comparable is None:
        return state
    try:
        return comparable(state)
    except Exception:  # a forged snapshot may not even unpack: it is not its aggregate's state
        return None
