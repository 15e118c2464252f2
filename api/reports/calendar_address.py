"""The address a calendar app subscribes to: a feed URL with the user's read-only calendar token in it."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request

from api.accounts.users import UserDirectory
from api.http.auth import UnauthorizedError, calendar_token


def calendar_address(request: Request, name: str, target: str) -> str:
    """The feed of a contract or party for the user ``name`` (the public URL when set); 401 once revoked."""
    with request.app.state.views.connection() as db:
        found = UserDirectory(db).calendar_secret(name)
    if found is None:  # revoked between authentication and now
        raise UnauthorizedError("Tokenet er ukendt eller tilbagekaldt.")
    base = (request.app.state.settings.public_url or str(request.base_url)).rstrip("/")
    return f"{base}/calendar/{quote(target)}.ics?token={calendar_token(name, found[1])}"


def subscription(request: Request, name: str, target: str) -> dict[str, str]:
    """The same feed as a webcal:// link (opens the calendar app) and as the address to copy."""
    address = calendar_address(request, name, target)
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}
