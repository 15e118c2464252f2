"""Unsubscribing from reminders by the signed link in every reminder: no sign-in, and one-click (RFC 8058)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.accounts.users import UserNotFoundError
from api.mail.subscriptions import set_user_choice
from api.mail.unsubscribe_link import PATH, recipient_of, unsubscribe_secret
from api.web.errors import WebRoute, error_page
from api.web.rendering import render
from domain.tracker import Tracker

router = APIRouter(route_class=WebRoute, include_in_schema=False)
INVALID = "Linket til at afmelde påmindelser er ugyldigt. Brug linket i den nyeste e-mail, eller kontakt koordinatoren."


@router.get(PATH)
def unsubscribe_form(request: Request, t: str = "") -> Response:
    """The page the link opens: one button, so that a link checker that follows links unsubscribes nobody."""
    if _recipient(request, t) is None:
        return error_page(request, 404, INVALID)
    return render(request, "unsubscribe.html", token=t, done=False, session=None)


@router.post(PATH)
def unsubscribe(request: Request, t: str = "") -> Response:
    """Unsubscribe (the page's button, or a mail program's one-click POST); again is harmless."""
    recipient = _recipient(request, t)
    if recipient is None:
        return error_page(request, 404, INVALID)
    kind, _, name = recipient.partition(":")
    try:
        if kind == "user":
            with request.app.state.views.connection() as db:
                set_user_choice(db, name, "off")
        else:
            _withdraw_person(request.app.state.tracker, name, recipient)
    except UserNotFoundError:
        return error_page(request, 404, INVALID)
    return render(request, "unsubscribe.html", token=t, done=True, session=None)


def _recipient(request: Request, token: str) -> str | None:
    return recipient_of(unsubscribe_secret(request.app.state.settings.seal_key_path()), token)


def _withdraw_person(tracker: Tracker, person: str, actor: str) -> None:
    """A contact person's consent is withdrawn in their contract's register (erased persons get nothing anyway)."""
    for key in tracker.contract_keys():
        if any(p["person"] == person for p in tracker.person_ids(key)):
            tracker.withdraw_reminders(key, person, actor)
            return
