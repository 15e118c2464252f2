""" "Mine opgaver": what a party must do within N days and what it has overdue, across its contracts."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.reports.calendar_address import subscription
from api.reports.exports import file_response
from api.web.deadline_rows import Duties, duties_table, duty_list
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.rendering import render
from api.web.session import SessionDep

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DAYS = 30  # "due soon", as on the contract page


@router.get("/mine-opgaver")
def my_tasks(request: Request, session: SessionDep, as_of: AsOf, asked: Duties) -> Response:
    """The party's open duties: overdue first, then those due within ``dage`` days (default: the user's party)."""
    days = asked.days or DAYS
    found = duty_list(request, session.user, as_of.day, asked.part or session.user.party, days, mine=True)
    party = found.party
    if asked.file:
        title = f"Opgaver for {dict(found.parties).get(party or '', '')} pr. {as_of.day:%d.%m.%Y}"
        return file_response(duties_table(title, found.rows), asked.file, f"opgaver-{party or 'ingen'}-{as_of.day}")
    return render(
        request, "my_tasks.html", session=session, as_of=as_of, party=party, parties=found.parties, days=days,
        until=found.until, overdue=[r for r in found.rows if r["state"] == "overdue"],
        coming=[r for r in found.rows if r["state"] != "overdue"],
        feed=subscription(request, session.user.name, party) if party else None,
    )  # fmt: skip
