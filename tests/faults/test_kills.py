"""kill -9 of the follower and of a rebuild (parent or worker) at random points: views equal a clean rebuild.

Each kill lands wherever the seeded random delay puts it (the outcome must not depend on where);
afterwards a restarted follower catches up and its views must equal a rebuild from position
zero, with every audit row once. ``FORUM_FAULT_KILLS`` kills of each kind per store (3 inside
`make test`, 20 in `make faults`, which sets ``FORUM_FAULTS=full``); ``FORUM_FAULT_SEED`` repeats a run.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from domain.tracker import Tracker
from projections import audit_log
from projections.runner import Projector
from tests.conftest import AMAGER, ROOT, TODAY, contract_file, store_url
from tests.integration.test_exactly_once import exclusive_is_held

FULL = os.environ.get("FORUM_FAULTS") == "full"  # `make faults`
KILLS = int(os.environ.get("FORUM_FAULT_KILLS", "20" if FULL else "3"))
SEED = int(os.environ.get("FORUM_FAULT_SEED", "13"))
KEY = "amager-udsatte-grupper-2013"
DEADLINE = 300.0  # seconds: a safety net for a loaded machine, never what a test waits for
FIGURES = ROOT / "test-artifacts" / "faults-kills.txt"


@pytest.fixture
def busy(store: dict[str, str]) -> Iterator[Tracker]:
    """The Amager contract with a few hundred expenses: enough pages to be killed in the middle of."""
    tracker = Tracker(store, clock=lambda: TODAY)
    tracker.import_contract(contract_file(AMAGER), actor="koordinator", source="amager.yaml")
    write(tracker, 150)
    yield tracker
    tracker.close()


def write(tracker: Tracker, count: int) -> None:
    for i in range(count):
        day = date(2014, 1, 1) + timedelta(days=i % 700)
        tracker.book_expense(KEY, "urbanplanen", day, 1_000 + i, f"Udgift {i}", "okonomi", funder="lbf")


def forum(store: dict[str, str], *args: str, page_size: str = "5") -> subprocess.Popen[bytes]:
    """`forum ...` as its own process on the test's store, with small pages (many commits to land in)."""
    url, schema = store_url(store)
    env = os.environ | {"FORUM_DATABASE_URL": url, "FORUM_PROJECTION_PAGE_SIZE": page_size, "FORUM_POOL_SIZE": "2"}
    if schema is not None:
        env["FORUM_POSTGRES_SCHEMA"] = schema
    command = [sys.executable, "-c", "from api.cli.main import main; main()", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def children(pid: int) -> list[int]:
    """The live processes ``pid`` started (a rebuild's workers), found by their parent in /proc."""
    found: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def started(pid: int, store: dict[str, str], postgres: bool) -> bool:
    """Whether the rebuild is under way: its workers run (PostgreSQL) or it holds the views' lock (SQLite)."""
    return bool(children(pid)) if postgres else exclusive_is_held(store)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.02)


def views_of(projector: Projector) -> dict[str, list[tuple[object, ...]]]:
    db = projector.db
    return {
        "records": db.fetchall("SELECT contract_id, contract_key FROM view_contract_records ORDER BY 1"),
        "parts": db.fetchall("SELECT contract_id, part, body FROM view_contract_parts ORDER BY 1, 2"),
        "audit": db.fetchall(f"SELECT * FROM {audit_log.TABLE} ORDER BY position"),
        "derived": db.fetchall("SELECT contract_id, contract_key, readers FROM view_question_contracts ORDER BY 1"),
    }


def settle_and_compare(tracker: Tracker, store: dict[str, str]) -> int:
    """A restarted follower catches up; its views must equal a clean rebuild. Returns the audit rows."""
    projector = Projector(tracker, store)
    projector.catch_up()
    followed = views_of(projector)
    projector.rebuild(workers=1)
    rebuilt = views_of(projector)
    projector.close()
    assert followed == rebuilt
    positions = [row[0] for row in rebuilt["audit"]]
    assert len(positions) == len(set(positions))  # none doubled; none missed: equal to the rebuild above
    return len(positions)


def record(line: str) -> None:
    FIGURES.parent.mkdir(exist_ok=True)
    with FIGURES.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def test_kill_9_of_the_follower_at_random_points_loses_and_doubles_nothing(
    store: dict[str, str], busy: Tracker
) -> None:
    rng = random.Random(SEED)
    landed = 0
    for _ in range(KILLS):
        follower = forum(store, "projections", "run", "--interval", "0.01")
        write(busy, 20)  # work arrives while it runs
        time.sleep(rng.uniform(0.0, 2.0))  # where the kill lands; the outcome must not depend on it
        landed += follower.poll() is None
        follower.send_signal(signal.SIGKILL)
        follower.wait(timeout=DEADLINE)
    rows = settle_and_compare(busy, store)
    record(
        f"follower {store['PERSISTENCE_MODULE']}: {KILLS} kill -9 ({landed} while running), {rows} audit rows, 0 lost"
    )


@pytest.mark.parametrize("victim", ["parent", "worker"])
def test_kill_9_of_a_rebuild_at_random_points_leaves_no_worker_and_loses_nothing(
    store: dict[str, str], busy: Tracker, victim: str
) -> None:
    postgres = store["PERSISTENCE_MODULE"].endswith("postgres")
    if victim == "worker" and not postgres:
        pytest.skip("SQLite rebuilds in one process: no workers")
    rng = random.Random(f"{SEED}-{victim}")
    landed = orphans = 0
    for _ in range(KILLS):
        rebuild = forum(store, "projections", "rebuild", "--workers", "2", page_size="1")
        wait_until(lambda rebuild=rebuild: rebuild.poll() is not None or started(rebuild.pid, store, postgres))
        time.sleep(rng.uniform(0.0, 0.5))  # where in the rebuild the kill lands; the outcome must not depend on it
        workers = children(rebuild.pid)
        landed += rebuild.poll() is None
        orphans += victim == "parent" and bool(workers)  # workers that must die with their parent
        if victim == "worker" and workers:
            os.kill(rng.choice(workers), signal.SIGKILL)
            rebuild.wait(timeout=DEADLINE)  # the parent sees its worker fail and stops
        else:
            rebuild.send_signal(signal.SIGKILL)
            rebuild.wait(timeout=DEADLINE)
        wait_until(lambda workers=workers: not any(alive(w) for w in workers))  # they died with their parent
        write(busy, 5)
    rows = settle_and_compare(busy, store)
    store_name = store["PERSISTENCE_MODULE"].removeprefix("eventsourcing.")
    what = f"{KILLS} kill -9 ({landed} mid-way, {orphans} leaving workers)"
    record(f"rebuild, {victim} killed, {store_name}: {what}, {rows} audit rows, 0 lost")
