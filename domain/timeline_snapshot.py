"""How a contract's snapshot stores its timeline: the index in one packed piece, the texts apart.

A snapshot used to hold the timeline's columns as JSON: 2 MB for a contract revised 10,000 times
(1.2 MB of it the revisions' texts), read and decoded in full on every load. Now it holds

* ``core``: the index – recording times, effective dates, actors, decisions, the touches of each
  path by version number, the draft's terms and the few non-empty removals – as one compressed
  orjson document, decoded on load: what every question needs;
* ``texts``: the revisions' changes in chunks (``domain/revision_texts.py``), decoded when a question
  needs a version of theirs;
* ``instants``: the recording times as microseconds since the epoch, an array of 8-byte integers
  (compressed) that loads in one copy and is bisected as it is (``Instants``); when a time would not
  come back as the same ISO string (not UTC), they stay in ``core`` as strings;
* ``count``: how many versions.

Snapshots taken before (the columns themselves) still load: ``contract_upcasts.snapshot_timeline``.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from base64 import b64decode, b64encode
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from domain import revision_texts
from domain.revision_texts import Texts, chunks, pack, unpack
from domain.timeline import Timeline

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CORE = ("effective", "actors", "decisions", "table", "index", "days", "unordered_from")
_NO_REMOVALS: Sequence[str] = ()


def packed(timeline: Timeline) -> dict[str, Any]:
    """The timeline as a snapshot stores it."""
    core = {name: getattr(timeline, name) for name in _CORE}
    instants = _instants(timeline.recorded)
    if instants is None:
        core["recorded"] = list(timeline.recorded)
    core["removed"] = {str(i): list(r) for i, r in enumerate(timeline.removed) if r}
    core["draft"] = timeline.changes[0]
    changes: Any = timeline.changes
    texts = changes.packed() if isinstance(changes, Texts) else chunks(changes)
    found = {"core": pack(core), "texts": texts, "count": len(timeline)}
    return found if instants is None else found | {"instants": _packed_array(instants)}


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
        core["recorded"] = Instants(_unpacked_array(stored["instants"]))
    return Timeline.from_columns(core | {"removed": removed, "changes": changes})


class Instants:
    """Recording times as a timeline reads them – ISO strings by index – held as microseconds since the epoch.

    A question bisects them (a few reads), so each string is built when read; times added after loading
    are kept as the strings they are. Answers what a timeline asks of its ``recorded`` list.
    """

    def __init__(self, micros: array[int], tail: list[str] | None = None) -> None:
        self._micros, self._tail = micros, tail or []

    def __len__(self) -> int:
        return len(self._micros) + len(self._tail)

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += len(self)
        if index >= len(self._micros):
            return self._tail[index - len(self._micros)]
        if index < 0:
            raise IndexError(index)
        return _iso(self._micros[index])

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def append(self, at: str) -> None:
        self._tail.append(at)

    def pop(self) -> str:
        if self._tail:
            return self._tail.pop()
        return _iso(self._micros.pop())

    def copy(self) -> Instants:
        return Instants(array("q", self._micros), list(self._tail))

    def micros(self) -> list[int] | None:
        tail = _instants(self._tail)
        return None if tail is None else [*self._micros, *tail]


def _iso(micros: int) -> str:
    return (_EPOCH + _MICROSECOND * micros).isoformat()


def _instants(recorded: Sequence[str]) -> list[int] | None:
    """The times as microseconds since the epoch; None unless each comes back as the same string.

    They were written by ``isoformat()``: a UTC time's string is the one ``_iso`` builds again.
    """
    if isinstance(recorded, Instants):
        return recorded.micros()
    if not all(at.endswith("+00:00") for at in recorded):
        return None
    return [(datetime.fromisoformat(at) - _EPOCH) // _MICROSECOND for at in recorded]


def _packed_array(values: list[int]) -> str:
    numbers = array("q", values)
    if sys.byteorder == "big":  # stored little-endian
        numbers.byteswap()
    return b64encode(zlib.compress(numbers.tobytes(), revision_texts.LEVEL)).decode("ascii")


def _unpacked_array(packed: str) -> array[int]:
    numbers = array("q")
    numbers.frombytes(zlib.decompress(b64decode(packed)))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
