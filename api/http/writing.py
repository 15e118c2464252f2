"""One write request: who writes (role-gated), the version they saw (If-Match) and what every write answers.

A write route takes one of ``CoordinatorWrite`` / ``RecorderWrite`` (a change of something versioned: If-Match
required) or ``CoordinatorCreate`` / ``RecorderCreate`` (a new aggregate: no version yet), calls one use case
with ``write.actor`` and ``write.expected``, and returns ``write.recorded(outcome)`` (or ``write.answer(...)``
for an answer that adds fields). The OpenAPI documents the role's bearer auth and the If-Match header as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Response
from pydantic import BaseModel

from api.accounts.users import User
from api.http.auth import Coordinator, Recorder, actor_of
from api.http.preconditions import IfMatch, recorded
from api.http.reading import tracker
from api.http.schemas import Recorded
from domain.permissions import Actor
from domain.tracker import Outcome, Tracker

Answer = TypeVar("Answer", bound=BaseModel)


@dataclass(frozen=True)
class Write:
    """A write request after its gates: the role admitted the user, and (for a change) If-Match was read."""

    request: Request
    response: Response
    user: User
    expected: int | None

    @property
    def tracker(self) -> Tracker:
        return tracker(self.request)

    @property
    def actor(self) -> Actor:
        return actor_of(self.user)

    def created(self, location: str) -> None:
        """Name the new resource in the Location header."""
        self.response.headers["Location"] = location

    def answer(self, kind: type[Answer], outcome: Outcome, **fields: Any) -> Answer:
        """The write's answer of ``kind``: ``fields`` plus the new version (also as ETag) and log position."""
        return kind(**fields, **recorded(self.response, outcome))

    def recorded(self, outcome: Outcome) -> Recorded:
        return self.answer(Recorded, outcome)


def _change_by_coordinator(request: Request, response: Response, user: Coordinator, expected: IfMatch) -> Write:
    return Write(request, response, user, expected)


def _change_by_recorder(request: Request, response: Response, user: Recorder, expected: IfMatch) -> Write:
    return Write(request, response, user, expected)


def _create_by_coordinator(request: Request, response: Response, user: Coordinator) -> Write:
    return Write(request, response, user, None)


def _create_by_recorder(request: Request, response: Response, user: Recorder) -> Write:
    return Write(request, response, user, None)


CoordinatorWrite = Annotated[Write, Depends(_change_by_coordinator)]
RecorderWrite = Annotated[Write, Depends(_change_by_recorder)]
CoordinatorCreate = Annotated[Write, Depends(_create_by_coordinator)]
RecorderCreate = Annotated[Write, Depends(_create_by_recorder)]
