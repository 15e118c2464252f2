"""Signing in with the organisation's identity provider (OpenID Connect, authorization code with PKCE).

The user is matched by the e-mail address in the ID token's claim (``FORUM_OIDC_CLAIM``); an address no
active user has is refused until a coordinator adds it (``forum users add … --email …``). Authlib makes
the PKCE challenge and joserfc (Authlib's JOSE library) checks the ID token's signature and claims.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote

import httpx
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.accounts.users import UserDirectory
from api.http.forwarded import is_https
from api.web.errors import WebRoute, error_page
from api.web.login import safe_next, signed_in_response

router = APIRouter(route_class=WebRoute, include_in_schema=False)

PENDING_COOKIE = "forum_oidc"  # state, nonce, PKCE verifier and the page to return to, for ten minutes
CALLBACK = "/log-ind/oidc/svar"
TIMEOUT = 10.0


class ProviderError(Exception):
    """The identity provider did not answer, or answered something that cannot be trusted."""


@lru_cache(maxsize=8)
def _metadata(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (kept per process; a failure is not kept)."""
    answer = httpx.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=TIMEOUT)
    answer.raise_for_status()
    found: dict[str, Any] = answer.json()
    if str(found.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ValueError(f"the provider names itself {found.get('issuer')!r}, not {issuer!r}")
    return found


def _callback_url(request: Request) -> str:
    base = request.app.state.settings.public_url or str(request.base_url)
    return base.rstrip("/") + CALLBACK


@router.get("/log-ind/oidc")
def start(request: Request, naeste: str = "/") -> Response:
    settings = request.app.state.settings
    if not settings.oidc_issuer or not settings.oidc_client_id:
        return error_page(request, 404, "Log ind via organisationens login er ikke sat op her.")
    try:
        endpoint = _metadata(settings.oidc_issuer)["authorization_endpoint"]
    except (httpx.HTTPError, KeyError, ValueError):
        return _unavailable(request, settings.oidc_name)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    url = add_params_to_uri(
        endpoint,
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": _callback_url(request),
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        },
    )
    response = RedirectResponse(url, status_code=303)
    pending = ".".join((state, nonce, verifier, quote(safe_next(naeste), safe="")))
    secure = is_https(request)
    response.set_cookie(
        PENDING_COOKIE, pending, httponly=True, samesite="lax", secure=secure, path="/log-ind/oidc", max_age=600
    )
    return response


@router.get(CALLBACK)
def finish(request: Request, state: str = "", code: str = "", error: str = "") -> Response:
    settings = request.app.state.settings
    parts = (request.cookies.get(PENDING_COOKIE) or "").split(".")
    if len(parts) != 4 or not state or not secrets.compare_digest(parts[0], state):
        return error_page(request, 400, "Login-forsøget kunne ikke genkendes (det er for gammelt). Start forfra.")
    _, nonce, verifier, target = parts
    if error or not code:
        return error_page(request, 403, f"Login via {settings.oidc_name} blev afbrudt eller afvist. Prøv igen.")
    try:
        claims = _id_token_claims(settings, code, verifier, nonce, _callback_url(request))
    except (httpx.HTTPError, ProviderError, KeyError, ValueError):
        return _unavailable(request, settings.oidc_name)
    email = claims.get(settings.oidc_claim)
    with request.app.state.views.connection() as db:
        user = UserDirectory(db).by_email(email) if isinstance(email, str) else None
    if user is None:
        return error_page(
            request,
            403,
            f"Du er logget ind hos {settings.oidc_name} som {email or 'ukendt'}, men er ikke bruger af forum-tracker. "
            "Bed en koordinator om at oprette dig med denne e-mailadresse.",
        )
    response = signed_in_response(request, user, "oidc", safe_next(unquote(target)))
    response.delete_cookie(PENDING_COOKIE, path="/log-ind/oidc")
    return response


def _id_token_claims(settings: Any, code: str, verifier: str, nonce: str, redirect_uri: str) -> dict[str, Any]:
    """Exchange the code for tokens and check the ID token: signature, issuer, audience, expiry, nonce."""
    metadata = _metadata(settings.oidc_issuer)
    answer = httpx.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        auth=(settings.oidc_client_id, settings.oidc_client_secret or ""),
        timeout=TIMEOUT,
    )
    if answer.status_code != 200 or "id_token" not in answer.json():
        raise ProviderError(f"token endpoint answered {answer.status_code}")
    keys = KeySet.import_key_set(httpx.get(metadata["jwks_uri"], timeout=TIMEOUT).raise_for_status().json())
    try:
        token = jwt.decode(answer.json()["id_token"], keys)
        jwt.JWTClaimsRegistry(
            leeway=120,
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": settings.oidc_client_id},
            nonce={"essential": True, "value": nonce},
            exp={"essential": True},
        ).validate(token.claims)
    except JoseError as e:
        raise ProviderError(f"ID token refused: {e}") from e
    return dict(token.claims)


def _unavailable(request: Request, name: str) -> Response:
    page = error_page(request, 503, f"{name} svarer ikke lige nu. Prøv igen om lidt, eller log ind med adgangskode.")
    page.headers["Retry-After"] = "30"
    return page
