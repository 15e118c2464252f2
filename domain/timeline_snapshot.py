"""How a contract's snapshot stores its timeline: the index in one packed piece, the texts apart.

A snapshot used to hold the timeline's columns as JSON: 2 MB for a contract revised 10,000 times
(1.2 MB of it the revisions' texts), read and decoded in full on every load. Now it holds

* ``core``: the index – recording times, effective dates, actors, decisions, the touches of each
  path by version number, the draft's terms and the few non-empty removals – as one compressed
  orjson document, decoded on load: what every question needs;
* ``texts``: the revisions' changes in chunks (``domain/revision_texts.py``), decoded when a question
  needs a version of theirs;
* ``count``: how many versions.

Snapshots taken before (the columns themselves) still load: ``contract_upcasts.snapshot_timeline``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.revision_texts import Texts, chunks, pack, unpack
from domain.timeline import Timeline

_CORE = ("recorded", "effective", "actors", "decisions", "table", "index", "days", "unordered_from")
_NO_REMOVALS: Sequence[str] = ()


def packed(timeline: Timeline) -> dict[str, Any]:
    """The timeline as a snapshot stores it."""
    core = {name: getattr(timeline, name) for name in _CORE}
    core["removed"] = {str(i): list(r) for i, r in enumerate(timeline.removed) if r}
    core["draft"] = timeline.changes[0]
    changes: Any = timeline.changes
    texts = changes.packed() if isinstance(changes, Texts) else chunks(changes)
    return {"core": pack(core), "texts": texts, "count": len(timeline)}


def is_packed(stored: dict[str, Any]) -> bool:
    return "core" in stored


def unpacked(stored: dict[str, Any]) -> Timeline:
    """The timeline a snapshot stored by ``packed``: the texts are decoded when first read."""
    core, count = unpack(stored["core"]), int(stored["count"])
    removed: list[Sequence[str]] = [_NO_REMOVALS] * count
    for i, paths in core.pop("removed").items():
        removed[int(i)] = paths
    changes = Texts(core.pop("draft"), count, stored["texts"])
    return Timeline.from_columns(core | {"removed": removed, "changes": changes})
