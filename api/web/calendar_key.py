"""The user's calendar key: what it is, and renewed so that every calendar address given before stops working."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.accounts.users import UserDirectory
from api.web.errors import WebRoute
from api.web.rendering import render
from api.web.session import Poster, SessionDep

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/kalendernoegle"


@router.get(PATH)
def calendar_key(request: Request, session: SessionDep, fornyet: bool = False) -> Response:
    return render(request, "calendar_key.html", session=session, as_of=None, renewed=fornyet)


@router.post(PATH)
def renew(request: Request, session: Poster) -> Response:
    """A new calendar key for the signed-in user; the page then says so."""
    with request.app.state.views.connection() as db:
        UserDirectory(db).renew_calendar_key(session.user.name)
    return RedirectResponse(f"{PATH}?fornyet=1", status_code=303)
