"""Who is signed in to the web pages: the session cookie, the form tokens (CSRF) and the posted form."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from api.accounts.users import User
from api.http.auth import SESSION_COOKIE, UnauthorizedError, authenticate, csrf_token, csrf_valid

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
    """The signed-in user and the token of their session."""

    user: User
    token: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)


def signed_in(request: Request) -> Session:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignedOutError("log-ind")
    try:
        user = authenticate(request, token)
    except UnauthorizedError:
        raise SignedOutError("udloebet") from None
    return Session(user, token)


async def form_data(request: Request) -> FormData:
    return await request.form()


def posted(session: Annotated[Session, Depends(signed_in)], form: Annotated[FormData, Depends(form_data)]) -> Session:
    """The session of a posted form whose CSRF token is the session's."""
    if not csrf_valid(session.token, field(form, "csrf")):
        raise CsrfError()
    return session


def login_token_valid(request: Request, form: FormData) -> bool:
    cookie, submitted = request.cookies.get(LOGIN_COOKIE), field(form, "csrf")
    return bool(cookie and submitted and hmac.compare_digest(cookie, submitted))


def field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


SessionDep = Annotated[Session, Depends(signed_in)]
Poster = Annotated[Session, Depends(posted)]
Submitted = Annotated[FormData, Depends(form_data)]
