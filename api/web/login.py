"""Logging in with a token (kept in an http-only session cookie) and logging out."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.accounts.users import UserDirectory
from api.http.auth import SESSION_COOKIE
from api.web.errors import WebRoute
from api.web.rendering import link, render
from api.web.session import LOGIN_COOKIE, CsrfError, Poster, SessionDep, Submitted, field, is_https, login_token_valid

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MESSAGES = {
    "log-ind": "Log ind for at se siden.",
    "udloebet": "Din session er ikke længere gyldig (tokenet er ukendt eller tilbagekaldt). Log ind igen.",
    "logget-ud": "Du er logget ud.",
}


def safe_next(path: str | None) -> str:
    """Only a path on this site: a link cannot send the user elsewhere after logging in."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


@router.get("/log-ind")
def login_form(request: Request, naeste: str = "/", besked: str | None = None) -> Response:
    return _form(request, safe_next(naeste), MESSAGES.get(besked or ""), None, 200)


@router.post("/log-ind")
def login(request: Request, form: Submitted) -> Response:
    target = safe_next(field(form, "naeste"))
    if not login_token_valid(request, form):
        raise CsrfError()
    token = (field(form, "token") or "").strip()
    if not token:
        return _form(request, target, None, "Indsæt dit token.", 422)
    with request.app.state.views.connection() as db:
        user = UserDirectory(db).authenticate(token)
    if user is None:
        return _form(request, target, None, "Tokenet er ukendt eller tilbagekaldt.", 422)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=is_https(request), path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/log-ind")
    return response


@router.get("/log-ud")
def logout_form(request: Request, session: SessionDep) -> Response:
    return render(request, "logout.html", session=session)


@router.post("/log-ud")
def logout(request: Request, session: Poster) -> Response:
    response = RedirectResponse(link("/log-ind", besked="logget-ud"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))
    return response


def _form(request: Request, target: str, message: str | None, error: str | None, status: int) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(
        request, "login.html", status, session=None, naeste=target, message=message, error=error, csrf=nonce
    )
    response.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=is_https(request), path="/log-ind", max_age=3600
    )
    return response
