"""The app with the web pages over a real store holding the Amager history, and a client per role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from api.http.auth import SESSION_COOKIE
from tests.web.facts import amager_app


@dataclass
class Web:
    client: TestClient
    tokens: dict[str, str]

    def login(self, name: str) -> TestClient:
        """The client, signed in as this user through the log-in page (with their token)."""
        return sign_in(self.client, self.tokens[name])


def sign_in(client: TestClient, token: str) -> TestClient:
    """Sign a client in on the log-in page with an API token: the page gives it a session cookie."""
    form = client.get("/log-ind")
    response = client.post("/log-ind", data={"csrf": form_token(form.text), "token": token, "naeste": "/"})
    assert response.status_code == 303, response.text
    assert client.cookies.get(SESSION_COOKIE) not in (None, token)  # a session id of its own, not the token
    return client


@pytest.fixture
def web(store: dict[str, str]) -> Iterator[Web]:
    app, tokens = amager_app(store)
    with TestClient(app, follow_redirects=False) as client:
        yield Web(client, tokens)


def form_token(html: str) -> str:
    """The CSRF token of the page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def hidden_version(html: str, action: str) -> str:
    """The aggregate version a form was rendered with."""
    start = html.index(f'action="{action}')
    found = re.search(r'name="version" value="(\d+)"', html[start:])
    assert found, f"no version in the form {action}"
    return found.group(1)


def missing(html: str, *texts: str) -> list[str]:
    """The texts a page does not show (all of them at once, so a failure names every one)."""
    return [text for text in texts if text not in html]
