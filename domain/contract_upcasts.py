"""Old contract events and snapshots read without contact persons' personal data.

Before contact persons moved to ``domain/contact_persons.py`` the terms held their names and
e-mails in plaintext. Stored events are never rewritten, so these upcasts drop those paths when an
old event or snapshot is read: the aggregate, every view, diff and time-travel answer built from
them holds none. The plaintext bytes of such old events remain in the store (README, "Personal data").
"""

from __future__ import annotations

import dataclasses
from typing import Any

from domain import timeline_snapshot
from domain.timeline import Timeline
from domain.versions import impersonal


def drafted_v1_v2(state: dict[str, Any]) -> None:
    state["terms"] = impersonal(state["terms"])


def revised_v1_v2(state: dict[str, Any]) -> None:
    state["changes"] = impersonal(state["changes"])
    state["removed"] = list(impersonal(dict.fromkeys(state["removed"])))


def impersonal_timeline(timeline: Timeline) -> Timeline:
    """A snapshot's timeline (taken before class version 3) rebuilt without personal paths."""
    return Timeline(
        [
            dataclasses.replace(v, changes=impersonal(v.changes), removed=tuple(impersonal(dict.fromkeys(v.removed))))
            for v in timeline.versions
        ]
    )


def contract_v2_v3(state: dict[str, Any]) -> None:
    """A snapshot's state (the library's path) with a timeline without personal paths."""
    timeline = state["timeline"]
    timeline = timeline if isinstance(timeline, Timeline) else Timeline.from_columns(timeline)
    state["timeline"] = impersonal_timeline(timeline)


def snapshot_timeline(state: dict[str, Any]) -> Timeline:
    """The timeline of a ``Contract.Snapshot``'s state: packed, or as columns (taken before it was packed);
    one taken before class version 3 without personal paths."""
    if timeline_snapshot.is_packed(state["timeline"]):
        return timeline_snapshot.unpacked(state["timeline"])  # only ever taken at class version 3 or later
    timeline = Timeline.from_columns(state["timeline"])
    return timeline if state.get("class_version", 1) >= 3 else impersonal_timeline(timeline)
