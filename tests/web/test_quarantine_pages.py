"""A quarantined contract: its page, its status and the lists say its figures are unavailable and why."""

from __future__ import annotations

import time
from datetime import date

from domain.tracker import Tracker
from tests.integration.test_quarantine import append_raw
from tests.web.conftest import Web

KEY = "amager-udsatte-grupper-2013"
DEADLINE = 300  # seconds: a safety net for a loaded machine, never what the test waits for


def test_a_quarantined_contract_is_marked_unavailable_on_pages_status_lists_and_health(
    web: Web, store: dict[str, str]
) -> None:
    tracker = Tracker(store, clock=lambda: date(2016, 1, 15))
    position = append_raw(tracker, KEY, amount_ore=10**30)  # past every rule: the record cannot hold it
    tracker.close()
    client = web.login("koordinator")
    deadline = time.monotonic() + DEADLINE
    while not (health := client.get("/health").json())["quarantined"]:
        assert time.monotonic() < deadline, "the follower never reached the poison event"
        time.sleep(0.05)
    bearer = {"Authorization": f"Bearer {web.tokens['koordinator']}"}

    status = client.get(f"/contracts/{KEY}/status", headers=bearer)
    listed = client.get("/contracts", headers=bearer)
    overview = client.get("/")
    page = client.get(f"/kontrakter/{KEY}")

    assert health["status"] == "degraded" and health["quarantined"][0]["position"] == position
    assert status.status_code == 503 and status.headers["content-type"] == "application/problem+json"
    assert status.json()["rule"] == "contract-unavailable" and status.json()["unavailable"]["position"] == position
    assert [e["key"] for e in listed.json() if "unavailable" in e] == [KEY]
    assert overview.status_code == 200 and "Tal utilgængelige" in overview.text
    assert page.status_code == 503 and "utilgængelige" in page.text
