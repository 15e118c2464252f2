""" "Mine opgaver": what a party must do within N days and what it has overdue, across its contracts."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.http.reading import visible_records
from api.reports.calendar_address import subscription
from api.reports.exports import file_response
from api.web.deadline_rows import duties_table, open_duties, party_choices
from api.web.errors import WebRoute
from api.web.params import AsOf, FileFormat
from api.web.rendering import render
from api.web.session import SessionDep
from domain.errors import NotFoundError

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DAYS = 30  # "due soon", as on the contract page


@router.get("/mine-opgaver")
def my_tasks(
    request: Request,
    session: SessionDep,
    as_of: AsOf,
    part: str | None = None,
    dage: Annotated[int, Query(ge=1, le=366)] = DAYS,
    hent: FileFormat | None = None,
) -> Response:
    """The party's open duties: overdue first, then those due within ``dage`` days (default: the user's party)."""
    records = visible_records(request, session.user)
    choices = party_choices(records)
    party = part or session.user.party
    if party is not None and party not in dict(choices):
        raise NotFoundError(f"'{party}' er ikke en part i de kontrakter, du kan se.")
    until = as_of.day + timedelta(days=dage)
    rows = open_duties(records, as_of.day, until, party, overdue=True) if party else []
    if hent:
        title = f"Opgaver for {dict(choices)[party] if party else ''} pr. {as_of.day:%d.%m.%Y}"
        return file_response(duties_table(title, rows), hent, f"opgaver-{party or 'ingen'}-{as_of.day.isoformat()}")
    return render(
        request, "my_tasks.html", session=session, as_of=as_of, party=party, parties=choices, days=dage, until=until,
        overdue=[r for r in rows if r["state"] == "overdue"], coming=[r for r in rows if r["state"] != "overdue"],
        feed=subscription(request, session.user.name, party) if party else None,
    )  # fmt: skip
