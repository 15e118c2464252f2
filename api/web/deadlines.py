""" "Kommende frister": what falls due in the next 90 days across the contracts, week by week."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.http.reading import visible_records
from api.reports.calendar_address import subscription
from api.reports.exports import file_response
from api.web.deadline_rows import by_week, duties_table, open_duties, party_choices
from api.web.errors import WebRoute
from api.web.params import AsOf, FileFormat
from api.web.rendering import render
from api.web.session import SessionDep
from domain.errors import NotFoundError

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DAYS = 90


@router.get("/kommende-frister")
def deadlines(
    request: Request,
    session: SessionDep,
    as_of: AsOf,
    part: str | None = None,
    dage: Annotated[int, Query(ge=1, le=366)] = DAYS,
    hent: FileFormat | None = None,
) -> Response:
    """The open duties due from the date through ``dage`` days later, grouped by ISO week; ``part``: one party's."""
    records = visible_records(request, session.user)
    choices = party_choices(records)
    party = part or None
    if party is not None and party not in dict(choices):
        raise NotFoundError(f"'{party}' er ikke en part i de kontrakter, du kan se.")
    until = as_of.day + timedelta(days=dage)
    rows = open_duties(records, as_of.day, until, party, overdue=False)
    if hent:
        title = f"Kommende frister {as_of.day:%d.%m.%Y}-{until:%d.%m.%Y}"
        return file_response(duties_table(title, rows), hent, f"kommende-frister-{as_of.day.isoformat()}")
    return render(
        request, "deadlines.html", session=session, as_of=as_of, party=party, parties=choices, days=dage,
        until=until, weeks=by_week(rows), total=len(rows),
        feed=subscription(request, session.user.name, party) if party else None,
    )  # fmt: skip
