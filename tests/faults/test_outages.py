"""PostgreSQL stopped (immediate) and started under a writer loop: nothing acknowledged is lost, only 503s,
and the views catch up by themselves. Against a throw-away cluster (conftest), never the main one."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from uuid import uuid4

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from domain.tracker import Tracker
from tests.conftest import AMAGER, ROOT, contract_file
from tests.e2e.conftest import add_users, served
from tests.faults.conftest import FULL, Cluster

OUTAGES = 3 if FULL else 1
WRITERS = 4 if FULL else 2
FIGURES = ROOT / "test-artifacts" / "faults-outages.txt"
DOWN_SECONDS = 5.0 if FULL else 3.0
UP_SECONDS = 4.0 if FULL else 2.0
PLAN = "urbanplanen"
SAFETY_NET = 600.0  # only so that a broken build cannot hang: nothing waits on it


@dataclass
class Tally:
    """What the writers were answered, and what was acknowledged (contract, amount)."""

    statuses: Counter[str] = field(default_factory=Counter)
    acknowledged: list[tuple[str, int]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture(scope="module")
def served_api(cluster: Cluster) -> Iterator[tuple[str, str, Settings]]:
    settings = Settings(database_url=cluster.url, pool_size=3)
    tracker = Tracker(settings.store_env())
    try:
        for n in range(WRITERS):
            tracker.import_contract(contract_file(AMAGER).model_copy(update={"key": f"udfald-{n}"}), "ann", "test")
    finally:
        tracker.close()
    app = create_app(settings)
    with served(app) as base:
        token = add_users(settings.store_env())["coordinator"]
        yield base, token, settings


def _writer(base: str, token: str, n: int, outages_over: threading.Event, tally: Tally) -> None:
    key, version, i = f"udfald-{n}", 0, 0
    deadline = time.monotonic() + SAFETY_NET
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while (not outages_over.is_set() or i < 5) and time.monotonic() < deadline:
            i += 1
            amount, idem = 100_000 * (n + 1) + i, uuid4().hex
            body = {"booked_on": "2016-02-01", "amount": amount, "text": f"Skrivning {i}", "funder": "lbf"}
            headers = {"If-Match": f'"{version}"', "Idempotency-Key": idem}
            while time.monotonic() < deadline:  # the same write, with the same key, until it has an outcome
                try:
                    answer = client.post(f"/contracts/{key}/plans/{PLAN}/expenses", json=body, headers=headers)
                except httpx.TransportError:
                    tally.statuses["transport"] += 1
                    time.sleep(0.2)
                    continue
                tally.statuses[str(answer.status_code)] += 1
                if answer.status_code != 503:
                    break
                time.sleep(0.2)
            with tally.lock:
                if answer.status_code == 201:
                    tally.acknowledged.append((key, amount))
                    version = int(answer.headers["ETag"].strip('"'))
                else:
                    tally.unexpected.append(f"{answer.status_code} {answer.text}")
                    return


def _outages(cluster: Cluster, over: threading.Event, health: Counter[str], base: str) -> None:
    try:
        for _ in range(OUTAGES):
            time.sleep(UP_SECONDS)
            cluster.stop()
            down_until = time.monotonic() + DOWN_SECONDS
            while time.monotonic() < down_until:
                try:
                    health[str(httpx.get(f"{base}/health", timeout=10).status_code)] += 1
                except httpx.TransportError:
                    health["transport"] += 1
                time.sleep(0.5)
            cluster.start()
    finally:
        over.set()


def test_outages_under_writers_lose_no_acknowledged_write_and_answer_only_503(
    cluster: Cluster, served_api: tuple[str, str, Settings]
) -> None:
    base, token, settings = served_api
    tally, health, over = Tally(), Counter[str](), threading.Event()
    writers = [threading.Thread(target=_writer, args=(base, token, n, over, tally)) for n in range(WRITERS)]
    for t in writers:
        t.start()
    _outages(cluster, over, health, base)
    for t in writers:
        t.join(timeout=SAFETY_NET)

    report = f"outages={OUTAGES} statuses={dict(tally.statuses)} health while down={dict(health)}"
    print(f"\nfaults: {report} acknowledged={len(tally.acknowledged)}")
    FIGURES.parent.mkdir(parents=True, exist_ok=True)  # the README's figures, from the last run
    FIGURES.write_text(f"{report} acknowledged={len(tally.acknowledged)}\n", encoding="utf-8")
    assert tally.unexpected == [], report
    assert not any(s.startswith("5") and s != "503" for s in tally.statuses), report
    assert not any(s.startswith("5") and s != "503" for s in health), report
    assert "200" not in health, report  # while the store is away, /health does not say all is well
    # Then every acknowledged write is in the store, once, and nothing else was booked
    tracker = Tracker(settings.store_env())
    try:
        stored = Counter(
            (f"udfald-{n}", e.amount_ore)
            for n in range(WRITERS)
            for e in (tracker.get_ledger(f"udfald-{n}", PLAN).entries)  # type: ignore[union-attr]
        )
        head = tracker.recorder.max_notification_id() or 0
    finally:
        tracker.close()
    assert stored == Counter(tally.acknowledged), report
    assert len(tally.acknowledged) >= WRITERS * 5
    _follower_catches_up(base, head)


def _follower_catches_up(base: str, head: int) -> None:
    """The in-process follower reaches the head by itself after the last restart."""
    deadline = time.monotonic() + 300  # a safety net: it normally takes a second
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{base}/health", timeout=10)
            views = answer.json().get("views", {}) if answer.status_code == 200 else {}
            if views and all(v["position"] >= head for v in views.values()):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the follower did not reach position {head} after the restart")
