"""Optimistic concurrency over HTTP (ETag = aggregate version, If-Match required on writes) and
read-your-writes (a query may wait until the views include a position a write returned)."""

from __future__ import annotations

import time
from typing import Annotated

from eventsourcing.domain import Aggregate
from fastapi import Depends, Header, Query, Request, Response

from api.http.view_pool import ViewPool
from domain.errors import RuleError
from domain.tracker import Outcome
from projections.partitioned import reached

WAIT_SECONDS = 5.0


class PreconditionRequiredError(Exception):
    """A write without If-Match (428): we cannot know which version the client saw."""

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class ViewsBehindError(Exception):
    """The views have not yet reached the position asked for (503, try again)."""

    def __init__(self, position: int):
        super().__init__(f"Visningerne er endnu ikke opdateret til position {position}; prøv igen om et øjeblik.")
        self.position = position


def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            description='Versionen du ændrer, som den kom i ETag, fx "3". Påkrævet.',
            examples=['"3"'],
        ),
    ] = None,
) -> int:
    """The version in If-Match; 428 without one."""
    if if_match is None:
        raise PreconditionRequiredError(
            'Skriv If-Match med den version du har set (ETag fra GET), fx If-Match: "3". '
            "Uden den kan en andens ændring blive overskrevet."
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise PreconditionRequiredError(f'If-Match skal være én version i anførselstegn, fx "3" (ikke {if_match!r}).')
    return int(value)


IfMatch = Annotated[int, Depends(expected_version)]


def etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def etag_of(response: Response, aggregate: Aggregate | None) -> int:
    """An aggregate's version as ETag, 0 before its first event (the aggregate is not there yet); returns it."""
    version = aggregate.version if aggregate is not None else 0
    etag(response, version)
    return version


def recorded(response: Response, outcome: Outcome) -> dict[str, int | None]:
    """What every write answers: the new version as ETag and in the body, with the log position."""
    etag(response, outcome.version)
    return {"version": outcome.version, "position": outcome.position}


MinPosition = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**62,
        description="Læs dine egne skrivninger: vent (højst 5 s) til visningerne har positionen et svar gav.",
    ),
]


def wait_for_views(request: Request, position: int | None) -> None:
    """Return once every view has reached ``position``; 503 after a bounded wait."""
    if position is None:
        return
    head = request.app.state.tracker.recorder.max_notification_id() or 0
    if position > head:
        raise PositionNotRecordedError(position, head)
    pool: ViewPool = request.app.state.views
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with pool.connection() as db:
            views = db.fetchall("SELECT position FROM projection_tracking")
        if views and min(reached(int(p)) for (p,) in views) >= position:
            return
        if time.monotonic() >= deadline:
            raise ViewsBehindError(position)
        time.sleep(0.02)


class PositionNotRecordedError(RuleError):
    """A client waits only for a position the event log has reached."""

    def __init__(self, position: int, head: int) -> None:
        self.position, self.head = position, head
        super().__init__(f"Position {position} er ikke registreret (den seneste er {head}).")
