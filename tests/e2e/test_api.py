"""The HTTP API's read endpoints and its problem+json errors, over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from tests.conftest import CONTRACTS, store_url
from tests.e2e.conftest import Forum

KEY = "amager-udsatte-grupper-2013"


@pytest.fixture
def server(store: dict[str, str], forum: Forum) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, with contracts/ imported."""
    forum("import", str(CONTRACTS))
    url, schema = store_url(store)
    app = create_app(Settings(database_url=url, postgres_schema=schema, pool_size=2))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


def test_health_and_contract_list_over_http(server: str) -> None:
    with httpx.Client(base_url=server) as http:
        health = http.get("/health")
        contracts = http.get("/contracts")

    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert [c["key"] for c in contracts.json()] == [KEY, "eksempel-social-vicevaert"]


def test_one_contract_as_known_at_a_time_before_it_existed_is_not_found(server: str) -> None:
    with httpx.Client(base_url=server) as http:
        now = http.get(f"/contracts/{KEY}")
        before = http.get(f"/contracts/{KEY}", params={"known_at": "2013-01-01T00:00:00"})

    assert now.status_code == 200 and now.json()["plans"][0]["budget_frame"]["total"] == 162_621_700
    assert before.status_code == 404
    assert before.headers["content-type"] == "application/problem+json"
    assert "var ikke registreret" in before.json()["detail"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/contracts/findes-ikke", 404),
        (f"/contracts/{KEY}?effective=ikke-en-dato", 422),
        (f"/contracts/{KEY}/diff?from=v1&to=v9", 404),
        (f"/contracts/{KEY}/diff?from=igår&to=v1", 422),
        (f"/contracts/{KEY}/diff", 422),
        ("/ingen-sti", 404),
    ],
)
def test_bad_requests_get_problem_json_never_a_500(server: str, path: str, status: int) -> None:
    with httpx.Client(base_url=server) as http:
        response = http.get(path)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]


def test_history_and_diff_over_http(server: str) -> None:
    with httpx.Client(base_url=server) as http:
        history = http.get(f"/contracts/{KEY}/history").json()
        diff = http.get(f"/contracts/{KEY}/diff", params={"from": "v1", "to": "v1"}).json()

    assert [h["kind"] for h in history] == ["drafted", "signed"]
    assert diff["changes"] == []


def test_the_server_keeps_its_views_up_to_date(server: str, store: dict[str, str]) -> None:
    from datetime import date

    from domain.tracker import Tracker

    writer = Tracker(store, clock=lambda: date(2016, 1, 1))
    try:
        _, outcome = writer.record_meeting_held(KEY, "netvaerksmoede", date(2015, 3, 10), ["sof"], [], [], "", "karen")
    finally:
        writer.close()
    deadline = time.monotonic() + 10
    with httpx.Client(base_url=server) as http:
        while time.monotonic() < deadline:
            views = http.get("/health").json()["views"]
            if all(v["position"] >= (outcome.position or 0) for v in views.values()):
                break
            time.sleep(0.05)
    assert views and all(v["position"] >= (outcome.position or 0) for v in views.values())
