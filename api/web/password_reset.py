"""Forgotten password: a single-use link by e-mail, then a page to choose a new password.

The answer to "send me a link" is the same whether or not the address belongs to a user, so the page
does not tell strangers who has an account; requests count against the sign-in rate limit.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.accounts.passwords import PasswordBook, ResetLinkInvalidError
from api.accounts.users import User, UserDirectory
from api.http.forwarded import client_address
from api.mail.password_link import password_link, send_password_link
from api.mail.sending import MailNotConfiguredError, MailUnavailableError
from api.web.errors import WebRoute, error_page
from api.web.login import login_page, safe_next, too_many
from api.web.rendering import link
from api.web.session import CsrfError, Submitted, field, login_token_valid
from domain.errors import RuleError

router = APIRouter(route_class=WebRoute, include_in_schema=False)

SENT = (
    "Hvis adressen tilhører en bruger, er der nu sendt en e-mail med et link til at vælge en ny adgangskode. "
    "Linket virker én gang."
)


@router.get("/log-ind/glemt")
def forgot_form(request: Request, naeste: str = "/") -> Response:
    return login_page(request, safe_next(naeste), None, None, 200, template="forgot_password.html")


@router.post("/log-ind/glemt")
def forgot(request: Request, form: Submitted) -> Response:
    if not login_token_valid(request, form):
        raise CsrfError()
    target, email = safe_next(field(form, "naeste")), (field(form, "email") or "").strip()
    throttle, client = request.app.state.throttle, client_address(request)
    wait = throttle.retry_after(client, email or None)
    if wait:
        return too_many(request, target, wait, email)
    throttle.failed(client, email or None)  # each request counts: no flood of mail to one address
    with request.app.state.views.connection() as db:
        user = UserDirectory(db).by_email(email) if email else None
        token = PasswordBook(db, request.app.state.clock).start_reset(user, _valid_for(request)) if user else None
    if user is not None and token is not None:
        try:
            _send_link(request, user, token)
        except (MailNotConfiguredError, MailUnavailableError) as e:
            return error_page(request, 503, str(e))
    return login_page(request, target, SENT, None, 200, template="forgot_password.html")


def _valid_for(request: Request) -> int:
    return int(request.app.state.settings.password_reset_minutes) * 60


def _send_link(request: Request, user: User, token: str) -> None:
    settings = request.app.state.settings
    url = password_link(settings.public_url or str(request.base_url), token)
    minutes = f"{settings.password_reset_minutes} minutter"
    send_password_link(request.app.state.mailer, user.email or "", user.name, url, minutes)


@router.get("/log-ind/ny-adgangskode")
def new_password_form(request: Request, token: str = "") -> Response:
    with request.app.state.views.connection() as db:
        pending = PasswordBook(db, request.app.state.clock).reset_pending(token)
    if not pending:
        return error_page(request, 410, ResetLinkInvalidError().args[0])
    return _new_password_page(request, token, None, 200)


@router.post("/log-ind/ny-adgangskode")
def new_password(request: Request, form: Submitted) -> Response:
    if not login_token_valid(request, form):
        raise CsrfError()
    token, password = field(form, "token") or "", field(form, "password") or ""
    if password != (field(form, "password_again") or ""):
        return _new_password_page(request, token, "De to adgangskoder er ikke ens.", 422)
    try:
        with request.app.state.views.connection() as db:
            PasswordBook(db, request.app.state.clock).finish_reset(token, password)
    except RuleError as e:
        return _new_password_page(request, token, str(e), 422)
    return RedirectResponse(link("/log-ind", besked="adgangskode-sat"), status_code=303)


def _new_password_page(request: Request, token: str, error: str | None, status: int) -> Response:
    return login_page(request, "/", None, error, status, template="new_password.html", token=token)
