"""The changes each version of a contract recorded, as a snapshot holds them: packed in chunks, decoded on demand.

The terms on one date as known at one time need the draft and, for each path a revision touched,
the one version whose value wins – not the other revisions' texts. A snapshot therefore keeps the
texts in chunks of ``CHUNK`` versions, each an orjson document compressed on its own, and a
contract loaded from it decodes a chunk the first time one of its versions is read. A snapshot
taken again reuses the packed chunks nothing changed.
"""

from __future__ import annotations

import zlib
from base64 import b64decode, b64encode
from collections.abc import Iterator
from typing import Any

import orjson

Flat = dict[str, Any]
CHUNK = 256  # versions per chunk: one chunk decodes in well under a millisecond
LEVEL = 9  # zlib: a long-lived contract repeats itself; 9 packs ~17 % smaller than 6, decodes as fast


def pack(value: Any) -> str:
    """``value`` as compressed JSON in a string (base64: the snapshot itself is JSON)."""
    return b64encode(zlib.compress(orjson.dumps(value), LEVEL)).decode("ascii")


def unpack(packed: str) -> Any:
    return orjson.loads(zlib.decompress(b64decode(packed)))


class Texts:
    """Every version's changes by number – index 0 the draft – with the revisions' decoded chunk by chunk.

    It answers what a timeline asks of its list of changes: an item by index, length, iteration,
    ``append``, ``pop`` and ``copy``. Decoding on a shared (cached) contract from several threads
    is harmless: each writes the same values.
    """

    def __init__(self, draft: Flat, count: int, chunks: list[str]) -> None:
        self._items: list[Flat | None] = [draft, *([None] * (count - 1))]
        self._chunks: list[str | None] = list(chunks)  # as stored; None once its versions changed
        self._decoded: set[int] = set()

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> Flat:
        item = self._items[index]
        if item is None:
            index %= len(self._items)
            self._decode(_chunk(index))
            item = self._items[index]
            assert item is not None  # every packed version is in its chunk
        return item

    def __iter__(self) -> Iterator[Flat]:
        return (self[i] for i in range(len(self._items)))

    def append(self, changes: Flat) -> None:
        self._changing(len(self._items))
        self._items.append(changes)

    def pop(self) -> Flat:
        self._changing(len(self._items) - 1)
        item = self[-1]
        self._items.pop()
        return item

    def copy(self) -> Texts:
        copy = object.__new__(Texts)
        copy._items, copy._chunks, copy._decoded = list(self._items), list(self._chunks), set(self._decoded)
        return copy

    def packed(self) -> list[str]:
        """The chunks of every version after the draft, reusing those stored and unchanged."""
        return chunks(self, self._chunks)

    def _changing(self, index: int) -> None:
        """A version is added or taken back at ``index``: its chunk, if stored, is packed again when next stored."""
        k = _chunk(index)
        if index >= 1 and k < len(self._chunks):
            self._decode(k)
            self._chunks[k] = None

    def _decode(self, k: int) -> None:
        packed = self._chunks[k]
        if k in self._decoded or packed is None:
            return
        start = 1 + k * CHUNK
        values = unpack(packed)
        self._items[start : start + len(values)] = values
        self._decoded.add(k)


def chunks(changes: Texts | list[Flat], stored: list[str | None] | None = None) -> list[str]:
    """The packed chunks of ``changes`` after the draft; ``stored[k]``, when given and not None, is chunk k as is."""
    stored = stored or []
    found = []
    for k in range(_chunk(len(changes) - 1) + 1 if len(changes) > 1 else 0):
        packed = stored[k] if k < len(stored) else None
        if packed is None:
            start = 1 + k * CHUNK
            packed = pack([changes[i] for i in range(start, min(start + CHUNK, len(changes)))])
        found.append(packed)
    return found


def _chunk(index: int) -> int:
    """The chunk holding version index ``index`` (1 and up; the draft is not in a chunk)."""
    return (index - 1) // CHUNK
