"""A signed-in user's own choice of reminders: every day, every week (the default) or none."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.mail.subscriptions import CHOICES, set_user_choice, user_choice
from api.web.errors import WebRoute
from api.web.rendering import render
from api.web.session import Poster, SessionDep, Submitted, field

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PATH = "/paamindelser"
LABELS = {
    "weekly": "Hver uge: frister og forfaldne for min part",
    "daily": "Hver dag",
    "off": "Ingen påmindelser",
}


@router.get(PATH)
def choice_form(request: Request, session: SessionDep, gemt: str | None = None) -> Response:
    with request.app.state.views.connection() as db:
        chosen = user_choice(db, session.user.name)
    return _page(request, session, chosen, "Dit valg er gemt." if gemt else None, None, 200)


@router.post(PATH)
def choose(request: Request, session: Poster, form: Submitted) -> Response:
    chosen = field(form, "hyppighed") or ""
    if chosen not in CHOICES:
        return _page(request, session, "weekly", None, "Vælg hvor ofte du vil have påmindelser.", 422)
    with request.app.state.views.connection() as db:
        set_user_choice(db, session.user.name, chosen)
    return RedirectResponse(f"{PATH}?gemt=1", status_code=303)


def _page(
    request: Request, session: object, chosen: str, saved: str | None, error: str | None, status: int
) -> Response:
    return render(
        request, "reminder_choice.html", status, session=session, chosen=chosen, labels=LABELS, saved=saved,
        error=error,
    )  # fmt: skip
