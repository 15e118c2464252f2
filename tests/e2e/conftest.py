"""Run the real `forum` CLI and the real HTTP server against the test's store."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from api.accounts.users import UserDirectory
from api.app import create_app
from api.cli.main import app
from api.settings import Settings
from domain.tracker import opened
from persistence.idempotency import TABLE
from projections.database import ViewDatabase
from tests.conftest import CONTRACTS, store_url

Forum = Callable[..., Any]
KEY = "amager-udsatte-grupper-2013"

# Who the API tests act as: role and, for parties, the party (see the Amager contract).
USERS = {
    "coordinator": ("koordinator", None),
    "party": ("sof-bruger", "sof"),  # convenes the network meetings
    "other-party": ("3b-bruger", "3b"),  # convenes the annual theme meeting, belongs to urbanplanen
    "auditor": ("revisor", None),
    "reader": ("laeser", None),
}


@pytest.fixture
def forum(cli_env: None) -> Forum:
    """forum(*args) runs the CLI; with --json its output is parsed. Fails on an unexpected exit code."""
    runner = CliRunner()

    def run(*args: str, expect: int = 0) -> Any:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == expect, f"forum {' '.join(args)} -> {result.exit_code}\n{result.output}"
        return json.loads(result.stdout) if "--json" in args and expect == 0 else result

    return run


@contextmanager
def served(application: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 300  # a safety net only: a loaded machine starts the server late, not never
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=120)


@dataclass
class Api:
    """The served API and a token per test user ('revoked' is a revoked coordinator)."""

    url: str
    tokens: dict[str, str]

    def client(self, who: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def add_users(store: dict[str, str]) -> dict[str, str]:
    db = ViewDatabase(store)
    try:
        users = UserDirectory(db)
        tokens = {who: users.add(name, role.removeprefix("other-"), party, "test")[1]
                  for who, (name, party) in USERS.items()
                  for role in [who]}  # fmt: skip
        tokens["revoked"] = users.add("tidligere", "coordinator", None, "test")[1]
        users.revoke("tidligere")
    finally:
        db.close()
    return tokens


@pytest.fixture
def api(store: dict[str, str], forum: Forum) -> Iterator[Api]:
    """The API over real HTTP with contracts/ imported and one user per role."""
    forum("import", str(CONTRACTS))
    tokens = add_users(store)
    url, schema = store_url(store)
    with served(create_app(Settings(database_url=url, postgres_schema=schema, pool_size=2))) as base:
        api = Api(base, tokens)
        caught_up(api, store)
        yield api


def caught_up(api: Api, store: dict[str, str]) -> None:
    """Wait until the views include the imported contracts, so no test reads them before the follower does."""
    with opened(store) as tracker:
        head = tracker.recorder.max_notification_id() or 0
    deadline = time.monotonic() + 300  # a safety net only: each request itself waits for the position
    with api.client("coordinator") as http:
        while http.get("/contracts", params={"min_position": head}).status_code == 503:
            assert time.monotonic() < deadline, f"the views never reached position {head}"


def lose_the_outcome(store: dict[str, str], key: str) -> None:
    """As if the process that ran the write under ``key`` died after its events were committed and before
    it kept what it answered (the claim keeps what it was about to record, owned by a process long gone)."""
    db = ViewDatabase(store)
    try:
        with db.transaction():
            db.execute(f"UPDATE {TABLE} SET status = NULL, headers = NULL, body = NULL, owner = 'gone', "
                       "claimed_at = 0 WHERE key = ?", (key,))  # fmt: skip
    finally:
        db.close()
