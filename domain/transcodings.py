"""How dates and the domain's value objects are stored in events and snapshots."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.contract import LifecycleFact
from domain.goal import Measurement
from domain.money import Entry
from domain.obligation import Evidence, Fulfilment, Settlement
from domain.personal import Sealed
from domain.versions import Decision, Version


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ValueAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields, under a stable name."""

    def __init__(self, cls: type[Any], name: str):
        self.type = cls
        self.name = name
        self._fields = tuple(f.name for f in dataclasses.fields(cls))  # looked up once, not per value

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


VALUES: dict[str, type[Any]] = {
    "forum:Decision": Decision,
    "forum:Version": Version,
    "forum:LifecycleFact": LifecycleFact,
    "forum:Evidence": Evidence,
    "forum:Settlement": Settlement,
    "forum:Fulfilment": Fulfilment,
    "forum:Entry": Entry,
    "forum:Measurement": Measurement,
    "forum:Sealed": Sealed,
}


def register(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for name, cls in VALUES.items():
        transcoder.register(ValueAsDict(cls, name))
