"""An app over an empty store with users who sign in by password or token, for the sign-in and session tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from api.accounts.passwords import PasswordBook
from api.accounts.users import UserDirectory
from api.app import create_app
from api.settings import Settings
from api.web.session import LOGIN_COOKIE
from projections.database import ViewDatabase
from tests.conftest import store_url

PASSWORD = "en lang sætning om Amager"
EMAIL = "kirsten@example.dk"


def add_password_user(store: dict[str, str]) -> str:
    """The coordinator Kirsten with an e-mail address and a password; returns her API token."""
    db = ViewDatabase(store)
    try:
        token = UserDirectory(db).add("kirsten", "coordinator", None, "test", email=EMAIL)[1]
        PasswordBook(db).set("kirsten", PASSWORD)
        return token
    finally:
        db.close()


@contextmanager
def app_client(
    store: dict[str, str], client: tuple[str, int] = ("testclient", 50000), **settings: Any
) -> Iterator[TestClient]:
    url, schema = store_url(store)
    app = create_app(Settings(database_url=url, postgres_schema=schema, pool_size=2, **settings))
    with TestClient(app, follow_redirects=False, client=client) as test_client:
        yield test_client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def post_login(client: TestClient, headers: dict[str, str] | None = None, **fields: str) -> Any:
    """Post the log-in form (after fetching it, for its form token) with these fields."""
    form = client.get("/log-ind", headers=headers)
    token = csrf(form.text)
    # Behind a TLS proxy the form's cookie is Secure; the browser has https, this client plain http to the app.
    client.cookies.set(LOGIN_COOKIE, token, domain="testserver.local", path="/log-ind")
    return client.post("/log-ind", data={"csrf": token, "naeste": "/log-ud", **fields}, headers=headers)


def moved_clock(client: TestClient, seconds: float) -> Callable[[], float]:
    """Move the app's clock (what sessions expire by) forward."""
    before = client.app.state.clock  # type: ignore[attr-defined]
    client.app.state.clock = lambda: before() + seconds  # type: ignore[attr-defined]
    return client.app.state.clock  # type: ignore[attr-defined,no-any-return]
