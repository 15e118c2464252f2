"""Who is asking: bearer tokens (scripts) or the web's session cookie (a session id), and a route's roles.

What each role and party may do to a contract is the domain's rule (``domain.permissions``),
enforced by the use cases; here only the first gate, by role, before a request is read.
401 means "who are you?" (no, unknown or revoked token); 403 means "not you".
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.accounts.sessions import SessionStore
from api.accounts.users import ROLE_NAMES, Role, User, UserDirectory, token_hash
from domain.permissions import AUDITORS, RECORDERS, Actor
from projections.database import ViewDatabase

SESSION_COOKIE = "forum_session"
AUTHENTICATED = "authenticated"  # request state: the user the Idempotency-Key middleware found for this request
READ: tuple[Role, ...] = ("coordinator", "party", "auditor", "reader")
AUDIT: tuple[Role, ...] = AUDITORS
ADMINISTER: tuple[Role, ...] = ("coordinator",)
RECORD: tuple[Role, ...] = RECORDERS

bearer = HTTPBearer(auto_error=False, description="Token fra `forum users add`.")


class UnauthorizedError(Exception):
    """No valid token: the client must sign in (401)."""


class ForbiddenError(Exception):
    """A known user asked for something their role or party does not allow (403)."""


def sessions(state: Any, db: ViewDatabase) -> SessionStore:
    """The web sessions, with the app's limits and clock."""
    return SessionStore(db, state.session_limits, state.clock)


def user_for(state: Any, db: ViewDatabase, token: str | None, session_id: str | None) -> User | None:
    """The active user behind a bearer token, else behind a live web session, else None."""
    if token:
        return UserDirectory(db).authenticate(token)
    if session_id:
        return sessions(state, db).user(session_id)
    return None


def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    """The user behind the bearer token, or behind the web session cookie."""
    found: User | None = getattr(request.state, AUTHENTICATED, None)
    if found is not None:  # a keyed write: looked up from the same headers a moment ago
        return found
    token = credentials.credentials if credentials is not None else None
    session_id = request.cookies.get(SESSION_COOKIE)
    if not token and not session_id:
        raise UnauthorizedError("Log ind: send 'Authorization: Bearer <token>' (token fra 'forum users add').")
    with request.app.state.views.connection() as db:
        user = user_for(request.app.state, db, token, session_id)
    if user is None:
        raise UnauthorizedError(
            "Tokenet er ukendt eller tilbagekaldt." if token else "Sessionen er udløbet eller afsluttet. Log ind igen."
        )
    return user


def allow(*roles: Role) -> Callable[[User], User]:
    """A dependency admitting only these roles."""

    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            allowed = ", ".join(ROLE_NAMES[r] for r in roles)
            raise ForbiddenError(f"Rollen {ROLE_NAMES[user.role]} må ikke dette (tilladt for: {allowed}).")
        return user

    return check


Reader = Annotated[User, Depends(allow(*READ))]
Auditor = Annotated[User, Depends(allow(*AUDIT))]
Coordinator = Annotated[User, Depends(allow(*ADMINISTER))]
Recorder = Annotated[User, Depends(allow(*RECORD))]


def actor_of(user: User) -> Actor:
    """The user as the domain's actor: who the use cases authorise and record."""
    return Actor(user.name, user.role, user.party)


CALENDAR_PREFIX = "cal_"


def calendar_token(name: str, stored_hash: str) -> str:
    """A read-only token for calendar feeds (it goes in a URL): the user's name and an HMAC of their token."""
    signature = hmac.new(stored_hash.encode(), f"calendar:{name}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{CALENDAR_PREFIX}{name}.{signature}"


def calendar_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    token: Annotated[
        str | None, Query(description="Kalendertoken fra /calendar-link (kun læsning af kalendere).")
    ] = None,
) -> User:
    """The user of a calendar feed: a bearer token, or the read-only calendar token in the URL."""
    if token is None or not token.startswith(CALENDAR_PREFIX):
        return current_user(request, credentials)
    name, _, _ = token.removeprefix(CALENDAR_PREFIX).rpartition(".")
    with request.app.state.views.connection() as db:
        found = UserDirectory(db).calendar_secret(name)
    if found is None or not hmac.compare_digest(calendar_token(name, found[1]), token):
        raise UnauthorizedError("Kalendertokenet er ukendt eller tilbagekaldt.")
    return found[0]


def csrf_token(session_id: str) -> str:
    """The form token bound to a session: an HMAC keyed by the hash of the session's id."""
    return hmac.new(token_hash(session_id).encode(), b"forum-csrf", hashlib.sha256).hexdigest()


def csrf_valid(session_id: str, submitted: str | None) -> bool:
    return submitted is not None and hmac.compare_digest(csrf_token(session_id), submitted)
