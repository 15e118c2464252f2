"""Who is signed in to the web pages: the session cookie (a random session id), form tokens (CSRF), the form."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.datastructures import FormData

from api.accounts.users import User
from api.http.auth import SESSION_COOKIE, UnauthorizedError, csrf_token, csrf_valid, sessions
from api.http.forwarded import is_https

LOGIN_COOKIE = "forum_login"  # the log-in form's own token: a form posted from elsewhere cannot sign you in


class CsrfError(Exception):
    """A form came without the token of the session it was shown in (403)."""

    def __init__(self) -> None:
        super().__init__(
            "Formularen kunne ikke godkendes (sikkerhedsnøglen mangler eller passer ikke til din session). "
            "Hent siden igen og send formularen derfra."
        )


class SignedOutError(UnauthorizedError):
    """No session, or a session whose token is no longer valid: the page asks to log in."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Session:
    """The signed-in user and the id of their session (from the cookie; the server keeps only its hash)."""

    user: User
    id: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.id)


def signed_in(request: Request) -> Session:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        raise SignedOutError("log-ind")
    with request.app.state.views.connection() as db:
        user = sessions(request.app.state, db).user(session_id)
    if user is None:
        raise SignedOutError("udloebet")
    return Session(user, session_id)


def start_session(request: Request, response: Response, user: User, method: str) -> None:
    """Sign a user in: a new session, its id in an http-only cookie (Secure over https)."""
    with request.app.state.views.connection() as db:
        session_id = sessions(request.app.state, db).open(user, method)
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="lax", secure=is_https(request), path="/")


def end_session(request: Request, response: Response, session: Session) -> None:
    """Log out: the session is deleted on the server (the old cookie no longer works) and the cookie cleared."""
    with request.app.state.views.connection() as db:
        sessions(request.app.state, db).end(session.id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))


async def form_data(request: Request) -> FormData:
    return await request.form()


def posted(session: Annotated[Session, Depends(signed_in)], form: Annotated[FormData, Depends(form_data)]) -> Session:
    """The session of a posted form whose CSRF token is the session's."""
    if not csrf_valid(session.id, field(form, "csrf")):
        raise CsrfError()
    return session


def login_token_valid(request: Request, form: FormData) -> bool:
    cookie, submitted = request.cookies.get(LOGIN_COOKIE), field(form, "csrf")
    return bool(cookie and submitted and hmac.compare_digest(cookie, submitted))


def field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


SessionDep = Annotated[Session, Depends(signed_in)]
Poster = Annotated[Session, Depends(posted)]
Submitted = Annotated[FormData, Depends(form_data)]
