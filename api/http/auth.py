"""Who is asking, and may they: bearer tokens (or the web's session cookie), roles and party scope.

Roles: ``coordinator`` does everything; ``party`` is bound to one party and may record the
meetings it convenes, fulfil its own obligations and book expenses on plans it belongs to,
and read the contracts it is party to; ``auditor`` reads everything including the audit log
and writes nothing; ``reader`` reads contract state and views, not the audit log.
401 means "who are you?" (no, unknown or revoked token); 403 means "not you".
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.accounts.users import ROLE_NAMES, Role, User, UserDirectory, token_hash
from domain.terms import ContractTerms

SESSION_COOKIE = "forum_session"
READ: tuple[Role, ...] = ("coordinator", "party", "auditor", "reader")
AUDIT: tuple[Role, ...] = ("coordinator", "auditor")
ADMINISTER: tuple[Role, ...] = ("coordinator",)
RECORD: tuple[Role, ...] = ("coordinator", "party")

bearer = HTTPBearer(auto_error=False, description="Token fra `forum users add`.")


class UnauthorizedError(Exception):
    """No valid token: the client must sign in (401)."""


class ForbiddenError(Exception):
    """A known user asked for something their role or party does not allow (403)."""


def authenticate(request: Request, token: str | None) -> User:
    if not token:
        raise UnauthorizedError("Log ind: send 'Authorization: Bearer <token>' (token fra 'forum users add').")
    with request.app.state.views.connection() as db:
        user = UserDirectory(db).authenticate(token)
    if user is None:
        raise UnauthorizedError("Tokenet er ukendt eller tilbagekaldt.")
    return user


def current_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    """The user behind the bearer token, or behind the web session cookie."""
    token = credentials.credentials if credentials is not None else request.cookies.get(SESSION_COOKIE)
    return authenticate(request, token)


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


def party_keys(terms: ContractTerms) -> set[str]:
    return {p.key for p in terms.parties}


def may_read(user: User, terms: ContractTerms) -> bool:
    return user.role != "party" or user.party in party_keys(terms)


def readable_by(user: User, readers: str) -> bool:
    """``may_read`` for a contract whose readers are stored as ' a b ' (see contract_directory.readers)."""
    return user.role != "party" or f" {user.party} " in readers


def check_readers(user: User, readers: str, key: str) -> None:
    if not readable_by(user, readers):
        raise ForbiddenError(f"{user.party} er ikke part i kontrakten '{key}'.")


def check_read(user: User, terms: ContractTerms, key: str) -> None:
    if not may_read(user, terms):
        raise ForbiddenError(f"{user.party} er ikke part i kontrakten '{key}'.")


def check_convenes(user: User, terms: ContractTerms, cadence: str) -> None:
    """A party records only meetings of cadences it convenes."""
    if user.role != "party":
        return
    conveners = {p for a in terms.activities for c in a.cadences if c.key == cadence for p in c.conveners}
    if user.party not in conveners:
        raise ForbiddenError(f"{user.party} indkalder ikke møderne '{cadence}' og kan ikke registrere dem.")


def check_responsible(user: User, terms: ContractTerms, responsibility: str) -> None:
    """A party fulfils only its own obligations."""
    if user.role != "party":
        return
    owners = {d.party for a in terms.activities for d in a.responsibilities if d.key == responsibility}
    if user.party not in owners:
        raise ForbiddenError(f"Forpligtelsen '{responsibility}' er ikke {user.party}s.")


def check_plan(user: User, terms: ContractTerms, plan: str) -> None:
    """A party books expenses only on plans it belongs to."""
    if user.role != "party":
        return
    members = {p for pl in terms.plans if pl.key == plan for p in pl.parties}
    if user.party not in members:
        raise ForbiddenError(f"{user.party} står ikke bag helhedsplanen '{plan}' og kan ikke bogføre på den.")


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
        found = UserDirectory(db).active(name)
    if found is None or not hmac.compare_digest(calendar_token(name, found[1]), token):
        raise UnauthorizedError("Kalendertokenet er ukendt eller tilbagekaldt.")
    return found[0]


def csrf_token(token: str) -> str:
    """The form token bound to a session: an HMAC of the session's token hash."""
    return hmac.new(token_hash(token).encode(), b"forum-csrf", hashlib.sha256).hexdigest()


def csrf_valid(token: str, submitted: str | None) -> bool:
    return submitted is not None and hmac.compare_digest(csrf_token(token), submitted)
