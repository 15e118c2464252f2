"""Logging in (organisation login, e-mail + password, or an API token) and logging out.

Each way in ends in a new web session (``start_session``); failed attempts are rate-limited per client
address and per account.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.accounts.passwords import PasswordBook
from api.accounts.users import User, UserDirectory
from api.http.forwarded import client_address, is_https
from api.web.errors import WebRoute
from api.web.rendering import link, render
from api.web.session import (
    LOGIN_COOKIE,
    CsrfError,
    Poster,
    SessionDep,
    Submitted,
    end_session,
    field,
    login_token_valid,
    start_session,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MESSAGES = {
    "log-ind": "Log ind for at se siden.",
    "udloebet": "Din session er udløbet eller afsluttet. Log ind igen.",
    "logget-ud": "Du er logget ud.",
    "adgangskode-sat": "Din nye adgangskode er gemt. Log ind med den.",
}
WRONG_PASSWORD = "E-mailadressen eller adgangskoden er forkert."
WRONG_TOKEN = "Tokenet er ukendt eller tilbagekaldt."


def safe_next(path: str | None) -> str:
    """Only a path on this site: a link cannot send the user elsewhere after logging in."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


@router.get("/log-ind")
def login_form(request: Request, naeste: str = "/", besked: str | None = None) -> Response:
    return login_page(request, safe_next(naeste), MESSAGES.get(besked or ""), None, 200)


@router.post("/log-ind")
def login(request: Request, form: Submitted) -> Response:
    target = safe_next(field(form, "naeste"))
    if not login_token_valid(request, form):
        raise CsrfError()
    email, password = (field(form, "email") or "").strip(), field(form, "password") or ""
    token = (field(form, "token") or "").strip() if request.app.state.settings.token_login else ""
    if not token and not (email and password):
        return login_page(request, target, None, "Skriv din e-mailadresse og din adgangskode.", 422, email)
    client, account = client_address(request), email or None
    throttle = request.app.state.throttle
    wait = throttle.retry_after(client, account)
    if wait:
        return too_many(request, target, wait, email)
    user = _check_token(request, token) if token else _check_password(request, email, password)
    if user is None:
        throttle.failed(client, account)
        return login_page(request, target, None, WRONG_TOKEN if token else WRONG_PASSWORD, 422, email)
    throttle.succeeded(account)
    return signed_in_response(request, user, "token" if token else "password", target)


def signed_in_response(request: Request, user: User, method: str, target: str) -> Response:
    """Where a successful sign-in goes: a new session, and back to the page the user came for."""
    response = RedirectResponse(target, status_code=303)
    start_session(request, response, user, method)
    response.delete_cookie(LOGIN_COOKIE, path="/log-ind")
    return response


def _check_token(request: Request, token: str) -> User | None:
    with request.app.state.views.connection() as db:
        return UserDirectory(db).authenticate(token)


def _check_password(request: Request, email: str, password: str) -> User | None:
    with request.app.state.views.connection() as db:
        return PasswordBook(db).verify(email, password)


@router.get("/log-ud")
def logout_form(request: Request, session: SessionDep) -> Response:
    return render(request, "logout.html", session=session)


@router.post("/log-ud")
def logout(request: Request, session: Poster) -> Response:
    response = RedirectResponse(link("/log-ind", besked="logget-ud"), status_code=303)
    end_session(request, response, session)
    return response


def too_many(request: Request, target: str, wait: int, email: str = "") -> Response:
    """429 with Retry-After: too many failed attempts from this address or for this account."""
    minutes = max(1, -(-wait // 60))
    message = f"For mange mislykkede forsøg. Vent {minutes} minut{'ter' if minutes > 1 else ''} og prøv igen."
    response = login_page(request, target, None, message, 429, email)
    response.headers["Retry-After"] = str(wait)
    return response


def login_page(
    request: Request,
    target: str,
    message: str | None,
    error: str | None,
    status: int,
    email: str = "",
    template: str = "login.html",
    **extra: str,
) -> Response:
    """A page of the log-in path with a fresh form token (also kept in a strict cookie of that path)."""
    settings = request.app.state.settings
    nonce = secrets.token_urlsafe(24)
    response = render(
        request,
        template,
        status,
        session=None,
        naeste=target,
        message=message,
        error=error,
        csrf=nonce,
        email=email,
        oidc_name=settings.oidc_name if settings.oidc_issuer else None,
        token_login=settings.token_login,
        **extra,
    )
    response.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=is_https(request), path="/log-ind", max_age=3600
    )
    return response
