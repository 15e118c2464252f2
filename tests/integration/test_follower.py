"""Followers survive the database: they reconnect, give up after a set outage, `/health` tells the truth, and
they wake on an append (a PostgreSQL notice; polling as the fallback and on SQLite)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from domain.tracker import Tracker
from persistence import wakeup
from persistence.wakeup import Wakeup
from projections.database import ViewDatabase
from projections.follower import Follower, FollowerGaveUpError
from projections.runner import Projector
from tests.conftest import AMAGER, TODAY, contract_file, reopen, store_url

KEY = "amager-udsatte-grupper-2013"
DEADLINE = 300  # seconds: a safety net for a loaded machine, never the condition a test waits for


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)


def cut_connections(url: str, schema: str) -> int:
    """Terminate every view connection of the schema, as a database restart would."""
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (f"forum-views {schema}",),
        ).fetchall()
    return len(rows)


@pytest.fixture
def amager(store: dict[str, str]) -> Tracker:
    tracker = Tracker(store, clock=lambda: TODAY)
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    Projector(tracker, store).close()  # the view tables, made once: the follower and the probes only use them
    return tracker


def caught_up(tracker: Tracker, store: dict[str, str]) -> Callable[[], bool]:
    def check() -> bool:
        probe = Projector(tracker, store)
        try:
            return min(probe.positions().values()) >= probe.head()
        finally:
            probe.close()

    return check


@pytest.fixture
def cut(store: dict[str, str], request: pytest.FixtureRequest) -> Callable[[], int]:
    """Cut the store's connections (how many were cut); only PostgreSQL has connections to lose."""
    if not store["PERSISTENCE_MODULE"].endswith("postgres"):
        pytest.skip("an SQLite file has no connection to lose")
    postgres_url = request.getfixturevalue("postgres_url")
    return lambda: cut_connections(postgres_url, store["POSTGRES_SCHEMA"])


def test_a_follower_reconnects_after_its_connections_are_cut_and_catches_up(
    store: dict[str, str], amager: Tracker, cut: Callable[[], int]
) -> None:
    follower, stop = Follower(amager, store, interval=0.01, max_outage=600), threading.Event()
    thread = threading.Thread(target=follower.run, args=(stop,))
    thread.start()
    wait_until(caught_up(amager, store))

    wait_until(lambda: cut() > 0 and follower.reconnects >= 2)
    amager.book_expense(KEY, "urbanplanen", date(2014, 5, 1), 1_000_000, "Temadag", "okonomi", funder="lbf")
    wait_until(caught_up(amager, store))

    stop.set()
    thread.join(timeout=DEADLINE)
    assert follower.last_error is not None  # it saw the loss, said so, and came back
    amager.close()


def test_a_follower_gives_up_after_the_set_outage_so_a_supervisor_restarts_it(
    store: dict[str, str], amager: Tracker, cut: Callable[[], int]
) -> None:
    follower, stop = Follower(amager, store, interval=0.01, max_outage=0), threading.Event()
    gave_up: list[BaseException] = []

    def run() -> None:
        try:
            follower.run(stop)
        except FollowerGaveUpError as e:
            gave_up.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    wait_until(lambda: follower.caught_up_at is not None)

    def cut_until_it_gives_up() -> bool:
        if gave_up:
            return True
        cut()
        return False

    wait_until(cut_until_it_gives_up)
    thread.join(timeout=DEADLINE)
    stop.set()
    assert gave_up and "Visningerne er ikke opdateret" in str(gave_up[0])
    amager.close()


def settings_of(store: dict[str, str], **changes: object) -> Settings:
    url, schema = store_url(store)
    return Settings(database_url=url, postgres_schema=schema, pool_size=2, **changes)  # type: ignore[arg-type]


def test_health_answers_503_when_no_follower_runs(store: dict[str, str], amager: Tracker) -> None:
    amager.close()
    with TestClient(create_app(settings_of(store, follow_projections=False))) as client:
        answer = client.get("/health")

    assert answer.status_code == 503
    assert answer.json()["status"] == "stale" and answer.json()["followers"] == 0


def test_health_answers_ok_once_the_in_process_follower_has_caught_up(store: dict[str, str], amager: Tracker) -> None:
    amager.close()
    with TestClient(create_app(settings_of(store, health_max_staleness=0))) as client:
        wait_until(lambda: client.get("/health").json()["behind"] == 0)
        answer = client.get("/health")

    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["quarantined"] == []


# --- waking on an append

EXPENSE = ("urbanplanen", date(2014, 5, 1), 1_000_000, "Temadag", "okonomi")
NEVER = 3600.0  # a poll interval no test waits out: only a notice can wake the follower in time


def append_one(store: dict[str, str]) -> None:
    """Append from another tracker (another process, in effect)."""
    other = reopen(store)
    try:
        other.book_expense(KEY, *EXPENSE, funder="lbf")
    finally:
        other.close()


@pytest.fixture
def postgres_store(store: dict[str, str]) -> dict[str, str]:
    if not store["PERSISTENCE_MODULE"].endswith("postgres"):
        pytest.skip("SQLite has no notices: it is followed by polling")
    return store


def test_a_committed_append_wakes_a_listener_on_postgresql(postgres_store: dict[str, str], amager: Tracker) -> None:
    listener, woken = Wakeup(postgres_store), []
    waiting = threading.Thread(target=lambda: woken.append(listener.wait(DEADLINE, threading.Event())))
    waiting.start()
    append_one(postgres_store)
    waiting.join()
    listener.close()
    amager.close()
    assert woken == [True]  # a notice, not the end of the wait


def test_without_a_notice_the_wait_ends_at_its_interval(store: dict[str, str], amager: Tracker) -> None:
    listener = Wakeup(store)
    assert listener.wait(0.05, threading.Event()) is False
    listener.close()
    amager.close()


def test_a_follower_that_would_poll_once_an_hour_sees_an_append_at_once(
    postgres_store: dict[str, str], amager: Tracker
) -> None:
    follower, stop = Follower(amager, postgres_store, interval=NEVER, max_outage=600), threading.Event()
    thread = threading.Thread(target=follower.run, args=(stop,))
    thread.start()
    wait_until(caught_up(amager, postgres_store))

    append_one(postgres_store)
    wait_until(caught_up(amager, postgres_store))  # within DEADLINE, long before the hour's poll

    stop.set()
    append_one(postgres_store)  # the stopping follower is woken, sees `stop` and ends
    thread.join(timeout=DEADLINE)
    assert not thread.is_alive()
    amager.close()


def test_a_store_without_the_notice_trigger_still_follows_by_polling(
    postgres_store: dict[str, str], amager: Tracker
) -> None:
    with psycopg.connect(**_connection(postgres_store), autocommit=True) as db:
        db.execute(f"DROP TRIGGER {_events(amager)}_notify ON {_events(amager)}")
    follower, stop = Follower(amager, postgres_store, interval=0.05, max_outage=600), threading.Event()
    thread = threading.Thread(target=follower.run, args=(stop,))
    thread.start()
    append_one(postgres_store)
    wait_until(caught_up(amager, postgres_store))
    stop.set()
    thread.join(timeout=DEADLINE)
    amager.close()


def test_the_notice_trigger_is_made_once_and_found_again(postgres_store: dict[str, str], amager: Tracker) -> None:
    db = ViewDatabase(postgres_store)
    try:
        assert wakeup.has_notify(db, _events(amager))
        assert wakeup.install_notify(db, _events(amager))  # idempotent
    finally:
        db.close()
        amager.close()


def _events(tracker: Tracker) -> str:
    return str(tracker.recorder.events_table_name)  # type: ignore[attr-defined]


def _connection(store: dict[str, str]) -> dict[str, object]:
    return {
        "dbname": store["POSTGRES_DBNAME"],
        "host": store["POSTGRES_HOST"],
        "port": int(store["POSTGRES_PORT"]),
        "user": store["POSTGRES_USER"],
        "options": f"-c search_path={store['POSTGRES_SCHEMA']}",
    }


def test_a_started_server_keeps_its_start_up_objects_out_of_the_collectors_full_passes(
    store: dict[str, str], amager: Tracker
) -> None:
    amager.close()
    gc.unfreeze()  # whatever an earlier test in this process left frozen
    with TestClient(create_app(settings_of(store, follow_projections=False, freeze_start_up=True))):
        frozen = gc.get_freeze_count()
    gc.unfreeze()
    assert frozen > 0  # api/start_up.py: the contract status p99 tail was the collector's full passes


def test_a_read_of_ones_own_write_waits_while_the_views_are_being_rebuilt(
    store: dict[str, str], amager: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views marked as being rebuilt are far 'ahead' of the head; they have reached no position yet."""
    from api.http import preconditions
    from projections.partitioned import REBUILDING_POSITION
    from tests.e2e.conftest import add_users

    amager.close()
    monkeypatch.setattr(preconditions, "WAIT_SECONDS", 0.2)
    token = add_users(store)["reader"]
    with TestClient(create_app(settings_of(store, follow_projections=False))) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        db = ViewDatabase(store)
        with db.transaction():
            db.execute("UPDATE projection_tracking SET position = ?", (REBUILDING_POSITION,))
        db.close()
        answer = client.get("/contracts", params={"min_position": 1})

    assert answer.status_code == 503
