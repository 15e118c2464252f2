"""What routes read: contract records from the views, limited to what the user may see."""

from __future__ import annotations

from fastapi import Request

from api.auth import check_read, may_read
from api.preconditions import wait_for_views
from api.users import User
from domain.errors import NotFoundError
from domain.tracker import Tracker
from projections.contract_record import Record, terms_at
from projections.shell import load_records


def tracker(request: Request) -> Tracker:
    """The application of this process (one per app, opened at start-up)."""
    return request.app.state.tracker  # type: ignore[no-any-return]


def visible_records(request: Request, user: User, min_position: int | None = None) -> list[Record]:
    """Every contract record the user may read, in key order."""
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        records = load_records(db)
    return [r for r in records if may_read(user, terms_at(r, None))]


def one_record(request: Request, user: User, key: str, min_position: int | None = None) -> Record:
    """One contract's record; 404 when unknown, 403 when the user is not party to it."""
    wait_for_views(request, min_position)
    with request.app.state.views.connection() as db:
        records = load_records(db, key)
    if not records:
        raise NotFoundError(f"Kontrakten '{key}' findes ikke.")
    check_read(user, terms_at(records[0], None), key)
    return records[0]
