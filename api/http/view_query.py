"""The parameters every read of one contract's views takes — the contract (``key``), the date asked about
(``as_of``), the moment known at (``known_at``) and a position to wait for (``min_position``) — as one dependency.

No ``from __future__ import annotations`` here: the dependency is made per description of ``as_of`` and FastAPI
reads its parameters' annotations as objects.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from api.http.auth import Reader
from api.http.preconditions import MinPosition
from api.http.reading import KnownAt, one_record
from domain.bounds import Day
from projections.record_shape import Record


@dataclass(frozen=True)
class ViewQuery:
    """One contract's record as known at ``known_at`` (``None``: now) and the date the question is asked for."""

    record: Record
    as_of: date
    known_at: datetime | None


def view_query(as_of_text: str) -> Callable[..., ViewQuery]:
    """A dependency reading one contract's record for the user (404/403 as ``one_record``), ``as_of`` described as
    ``as_of_text`` (default: today)."""

    def dependency(
        request: Request,
        user: Reader,
        key: str,
        as_of: Annotated[Day | None, Query(description=as_of_text)] = None,
        known_at: KnownAt = None,
        min_position: MinPosition = None,
    ) -> ViewQuery:
        return ViewQuery(one_record(request, user, key, min_position, known_at), as_of or date.today(), known_at)

    return dependency


ContractView = Annotated[ViewQuery, Depends(view_query("Pr. dato (standard: i dag)."))]
StatusView = Annotated[ViewQuery, Depends(view_query("Status pr. dato (standard: i dag)."))]
