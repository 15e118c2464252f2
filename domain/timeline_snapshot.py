"""How a contract's snapshot stores its timeline: the index in packed pieces, the texts apart.

A snapshot used to hold the timeline's columns as JSON: 2 MB for a contract revised 10,000 times
(1.2 MB of it the revisions' texts), read and decoded in full on every load. Now it holds

* ``core``: what every question needs and is not a column of numbers – the actors and decisions table,
  the days, the draft's terms, the few non-empty removals, the index's paths and the columns' lengths –
  as one compressed orjson document, decoded on load;
* ``ints``: the effective dates (ordinals), actors, decisions and each path's four columns of touches,
  one array of 4-byte integers (compressed), each column loaded in one copy (``domain/timeline_arrays.py``);
* ``texts``: the revisions' changes in chunks (``domain/revision_texts.py``), decoded when a question
  needs a version of theirs;
* ``instants``: the recording times as microseconds since the epoch, an array of 8-byte integers
  (compressed) bisected as it is; when a time would not come back as the same ISO string (not UTC),
  they stay in ``core`` as strings;
* ``count``: how many versions.

Snapshots packed before ``ints`` (those columns in ``core``) and those taken before (the columns
themselves, ``contract_upcasts.snapshot_timeline``) still load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain import timeline_arrays
from domain.revision_texts import Texts, chunks, pack, unpack
from domain.timeline import Timeline
from domain.timeline_arrays import DAYS, INSTANTS, Encoded, encoded

_TABLE = ("table", "days", "unordered_from")
_INTS = ("actors", "decisions")
_NO_REMOVALS: Sequence[str] = ()


def packed(timeline: Timeline) -> dict[str, Any]:
    """The timeline as a snapshot stores it."""
    core: dict[str, Any] = {name: getattr(timeline, name) for name in _TABLE}
    ints = _ints(timeline)
    if ints is None:  # a number beyond 4 bytes: the columns as JSON (as packed before ``ints``)
        core |= {name: list(getattr(timeline, name)) for name in ("effective", *_INTS)}
        core["index"] = {path: [list(c) for c in touches] for path, touches in timeline.index.items()}
    instants = encoded(timeline.recorded, INSTANTS)
    if instants is None:
        core["recorded"] = list(timeline.recorded)
    core["removed"] = {str(i): list(r) for i, r in enumerate(timeline.removed) if r}
    core["draft"] = timeline.changes[0]
    changes: Any = timeline.changes
    texts = changes.packed() if isinstance(changes, Texts) else chunks(changes)
    found: dict[str, Any] = {"texts": texts, "count": len(timeline)}
    if ints is not None:
        found["ints"], core["lengths"] = timeline_arrays.joined(ints)
        core["paths"] = list(timeline.index)
    found["core"] = pack(core)
    return found if instants is None else found | {"instants": timeline_arrays.packed(instants)}


def is_packed(stored: dict[str, Any]) -> bool:
    return "core" in stored


def unpacked(stored: dict[str, Any]) -> Timeline:
    """The timeline a snapshot stored by ``packed``: the texts are decoded when first read."""
    core, count = unpack(stored["core"]), int(stored["count"])
    removed: list[Sequence[str]] = [_NO_REMOVALS] * count
    for i, paths in core.pop("removed").items():
        removed[int(i)] = paths
    changes = Texts(core.pop("draft"), count, stored["texts"])
    if "instants" in stored:
        core["recorded"] = Encoded(timeline_arrays.unpacked(stored["instants"]), INSTANTS)
    if "ints" in stored:
        columns = timeline_arrays.split(stored["ints"], core.pop("lengths"))
        core |= {"effective": Encoded(next(columns), DAYS), "actors": next(columns), "decisions": next(columns)}
        core["index"] = {path: [next(columns) for _ in range(4)] for path in core.pop("paths")}
    return Timeline.from_columns(core | {"removed": removed, "changes": changes})


def _ints(timeline: Timeline) -> list[Sequence[int]] | None:
    """The columns of numbers ``ints`` stores, in order; None when the effective dates or a number would not fit."""
    days = encoded(timeline.effective, DAYS)
    if days is None:
        return None
    columns = [days, *(getattr(timeline, name) for name in _INTS)]
    columns += [column for touches in timeline.index.values() for column in touches]
    return columns if timeline_arrays.fits(columns) else None
