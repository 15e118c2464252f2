""" "Kommende frister": what falls due in the next 90 days across the contracts, week by week."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.reports.calendar_address import subscription
from api.reports.exports import file_response
from api.web.deadline_rows import Duties, by_week, duties_table, duty_list
from api.web.errors import WebRoute
from api.web.params import AsOf
from api.web.rendering import render
from api.web.session import SessionDep

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DAYS = 90


@router.get("/kommende-frister")
def deadlines(request: Request, session: SessionDep, as_of: AsOf, asked: Duties) -> Response:
    """The open duties due from the date through ``dage`` days later, grouped by ISO week; ``part``: one party's."""
    days = asked.days or DAYS
    found = duty_list(request, session.user, as_of.day, asked.part, days, mine=False)
    if asked.file:
        title = f"Kommende frister {as_of.day:%d.%m.%Y}-{found.until:%d.%m.%Y}"
        return file_response(duties_table(title, found.rows), asked.file, f"kommende-frister-{as_of.day}")
    return render(
        request, "deadlines.html", session=session, as_of=as_of, party=found.party, parties=found.parties,
        days=days, until=found.until, weeks=by_week(found.rows), total=len(found.rows),
        feed=subscription(request, session.user.name, found.party) if found.party else None,
    )  # fmt: skip
