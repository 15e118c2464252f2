"""Stored events back into domain events for the views, as the application's mapper does, faster.

The library's JSON transcoder calls a Python hook for every JSON object in an event. Here the
JSON is parsed by orjson and the application's own transcodings are applied to the few values
that carry one (dates, times, value objects); the mapper still resolves topics, converts ids,
decrypts, decompresses and upcasts. A state orjson would not read exactly (an integer beyond 64
bits, which it reads as a float; the domain stores no floats, so any float is taken for one) is
decoded by the application's transcoder instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, NamedTuple, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder, find_id_convertor
from eventsourcing.utils import resolve_topic

from projections.database import StoredRow


class Undecodable(NamedTuple):
    """A stored event that could not be decoded: the shell quarantines its contract in every view."""

    originator_id: UUID
    originator_version: int
    topic: str
    error: Exception


def decode_all(mapper: Mapper[UUID], rows: Sequence[StoredRow]) -> list[Any]:
    """The domain events of stored rows; a row that does not decode becomes an ``Undecodable``."""
    try:
        return _decode_all(mapper, rows)
    except Exception:  # found again row by row below, and kept as the poison it is
        return [_decode_one(mapper, row) for row in rows]


def _decode_one(mapper: Mapper[UUID], row: StoredRow) -> Any:
    try:
        return _decode_all(mapper, [row])[0]
    except Exception as error:  # the event is poison for the views, not for the runner
        return Undecodable(UUID(str(row[1])), row[2], row[3], error)


def _decode_all(mapper: Mapper[UUID], rows: Sequence[StoredRow]) -> list[Any]:
    """The domain events of stored rows, as ``mapper.to_domain_event`` makes them, without a
    ``StoredEvent`` per row (the library's steps: topic, state, id, version, upcasts)."""
    if mapper.cipher is not None or mapper.compressor is not None:
        return [mapper.to_domain_event(StoredEvent(*row[1:])) for row in rows]
    decode = mapper.transcoder.decode
    events = []
    for _, originator_id, version, topic, stored_state in rows:
        cls = resolve_topic(topic)
        state = decode(stored_state)
        state["originator_id"] = find_id_convertor(cls, cast(Hashable, type(originator_id)))(originator_id)
        state["originator_version"] = version
        if "class_version" in state or getattr(cls, "class_version", 1) != 1:
            _upcast(cls, state)
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        events.append(event)
    return events


def _upcast(cls: type[Any], state: dict[str, Any]) -> None:
    version, class_version = state.pop("class_version", 1), getattr(cls, "class_version", 1)
    while version < class_version:
        getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        version += 1


def faster(mapper: Mapper[UUID]) -> Mapper[UUID]:
    """A mapper that decodes like ``mapper`` (``mapper`` itself unless it uses the library's JSON transcoder)."""
    if type(mapper.transcoder) is not JSONTranscoder:
        return mapper
    return Mapper(OrjsonTranscoder(mapper.transcoder), mapper.compressor, mapper.cipher)


class _InexactError(Exception):
    """A float in a state: orjson reads an integer beyond 64 bits as one, so the state is decoded exactly instead."""


class OrjsonTranscoder(Transcoder):
    """Decodes what ``transcoder`` encoded, to the same objects; encodes with it."""

    def __init__(self, transcoder: JSONTranscoder):
        self.transcoder = transcoder

    def encode(self, obj: Any) -> bytes:
        return self.transcoder.encode(obj)

    def decode(self, data: bytes) -> Any:
        try:
            value = orjson.loads(data)
            kind = type(value)
            if kind is float:
                raise _InexactError
            return self._revive_object(value) if kind is dict else self._revive(value) if kind is list else value
        except (orjson.JSONDecodeError, KeyError, _InexactError):  # a number orjson cannot hold, an unknown transcoding
            return self.transcoder.decode(data)  # decodes, or raises the library's own error

    def _revive(self, value: Any) -> Any:
        """Apply the transcodings bottom-up, as the library's per-object hook does (any float: ``_InexactError``)."""
        items = value.items() if type(value) is dict else enumerate(value)
        for key, item in items:
            kind = type(item)
            if kind is dict:
                value[key] = self._revive_object(item)
            elif kind is list:
                value[key] = self._revive(item)
            elif kind is float:  # the domain stores no floats; a float is an integer orjson could not hold
                raise _InexactError
        return value

    def _revive_object(self, value: dict[str, Any]) -> Any:
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            data = value["_data_"]
            if type(data) is dict or type(data) is list:
                data = self._revive(data)
            elif type(data) is float:
                raise _InexactError
            return self.transcoder.names[value["_type_"]].decode(data)
        return self._revive(value)
