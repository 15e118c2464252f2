"""A mixed load through HTTP: 16 writers and 16 readers at once, beside the bare endpoint under the same generator.

    .venv/bin/python -m tests.benchmarks.bench_mixed [--size small] [--seconds S]

The load generator is ``wrk`` (4.1, Debian; ``make wrk`` installs it), a C event loop, driving the app
served by ``uvicorn --factory api.app:create_app --workers 2`` with the projections followed as shipped
(a follower thread in each worker) and, from ``small`` up, again with one follower process of its own
(`forum projections run`) beside workers that only serve. Writer i books expenses on ledger i alone
(``wrk/writes.lua``: If-Match the version its last answer gave, a fresh Idempotency-Key each), so no
write can conflict; the readers (``wrk/reads.lua``) ask for a random contract's status, the overview's
first page or the overdue meetings' first page. Each is measured saturated (no think time) and paced
(an exponential think time that offers about half the saturated rate: latency below saturation). The
baseline is the bare endpoint (one psycopg one-row SELECT) under the same two wrk processes. Afterwards
every ledger is read from the store: each acknowledged write must be there exactly once. wrk's own CPU
time over the run's wall time shows whether the generator was the limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from api.accounts.users import UserDirectory
from domain.budget import Ledger, ledger_id
from projections.database import ViewDatabase
from projections.shell import load_records
from tests.benchmarks.bench_api import serve, workers_peak_mb
from tests.benchmarks.measure import AS_OF, Figure, Store, on_generated, one_row_select, write
from tests.benchmarks.wrk_load import READERS, available, config, drive
from tests.conftest import POSTGRES_URL

WRITERS = 16


@dataclass
class Book:
    """One writer's ledger: where it posts, the version it starts from, the day it books on."""

    key: str
    plan: str
    id: uuid.UUID
    version: int
    day: str

    @property
    def path(self) -> str:
        return f"/contracts/{quote(self.key)}/plans/{quote(self.plan)}/expenses"


def books(store: Store, keys: list[str], count: int) -> list[Book]:
    """Up to ``count`` ledgers, one per contract first (then second plans), each with its stored version."""
    tracker = store.tracker
    rounds: dict[int, list[Book]] = defaultdict(list)
    for key in keys:
        contract = tracker.get_contract(key)
        for n, plan in enumerate(contract.terms(AS_OF).plans):
            ledger = ledger_id(contract.id, plan.key)
            book = Book(key, plan.key, ledger, stored_version(store, ledger), plan.period.start.isoformat())
            rounds[n].append(book)
    return [b for n in sorted(rounds) for b in rounds[n]][:count]


def stored_version(store: Store, aggregate: uuid.UUID) -> int:
    """The aggregate's version as stored now (0 before its first event)."""
    last = store.tracker.recorder.select_events(aggregate, desc=True, limit=1)
    return last[0].originator_version if last else 0


def settle(store: Store, chosen: list[Book]) -> None:
    """Each ledger's stored version once it stays put: a write cut off by wrk's end may still be landing."""
    while True:
        before = [stored_version(store, b.id) for b in chosen]
        time.sleep(0.5)
        after = [stored_version(store, b.id) for b in chosen]
        if before == after:
            break
    for book, version in zip(chosen, after, strict=True):
        book.version = version


def landed(store: Store, runs: list[tuple[str, list[int], list[int]]], chosen: list[Book]) -> dict[str, int]:
    """Every acknowledged write in the store exactly once (one more per writer may land: cut off by wrk's end).

    ``runs``: per run its tag, each ledger's version before it, and each writer's acknowledged writes.
    """
    settle(store, chosen)
    lost = duplicated = unacknowledged = acknowledged = 0
    for tag, versions, acked in runs:
        acknowledged += sum(acked)
        for n, (book, version, ack) in enumerate(zip(chosen, versions, acked, strict=True), start=1):
            texts = [
                e.text
                for e in map(
                    store.tracker.mapper.to_domain_event, store.tracker.recorder.select_events(book.id, gt=version)
                )
                if isinstance(e, Ledger.ExpenseBooked) and e.text.startswith(f"bench {tag} w{n} ")
            ]
            duplicated += len(texts) - len(set(texts))
            lost += max(0, ack - len(set(texts)))
            unacknowledged += max(0, len(set(texts)) - ack)
    return {"acknowledged": acknowledged, "lost": lost, "duplicated": duplicated, "unacknowledged": unacknowledged}


def pause_for(saturated: dict[str, Any], connections: int) -> int:
    """The think time (ms) that offers about half the rate the app reached when saturated."""
    rate = saturated["writes"]["req_per_s"] + saturated["reads"]["req_per_s"]
    return round(2000 * connections / max(rate, 1.0))


@dataclass
class Load:
    """What one measurement needs: the users' tokens, the readers' paths, the writers' ledgers."""

    store: Store
    reader: str
    coordinator: str
    paths: list[str]
    chosen: list[Book]


def prepare(store: Store) -> Load:
    db = ViewDatabase(store.env)
    suffix = uuid.uuid4().hex[:6]  # the same store can be measured again
    _, reader = UserDirectory(db).add(f"bench-reader-{suffix}", "reader", None, "bench")
    _, coordinator = UserDirectory(db).add(f"bench-coordinator-{suffix}", "coordinator", None, "bench")
    keys = [r["key"] for r in load_records(db)]
    db.close()
    one_row_select(store.env, 1)  # creates the bare endpoint's table
    paths = [f"/contracts/{quote(k)}/status?as_of={AS_OF}" for k in keys]
    paths += [f"/contracts?limit=50&as_of={AS_OF}", f"/overdue-meetings?limit=50&as_of={AS_OF}"]
    return Load(store, reader, coordinator, paths, books(store, keys, WRITERS))


@contextmanager
def following(store: Store, follower: str) -> Iterator[dict[str, str]]:
    """The app's settings with the projections followed ``in-workers`` (as shipped: each uvicorn worker runs a
    follower thread) or by one ``process`` of its own (`forum projections run`; the workers only serve)."""
    forum = {"FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_POSTGRES_SCHEMA": store.schema}
    if follower == "in-workers":
        yield forum | {"FORUM_FOLLOW_PROJECTIONS": "true"}
        return
    command = [sys.executable, "-m", "api.cli.main", "projections", "run"]
    process = subprocess.Popen(command, env=os.environ | forum, stderr=subprocess.DEVNULL)
    try:
        yield forum | {"FORUM_FOLLOW_PROJECTIONS": "false"}
    finally:
        process.terminate()
        process.wait()


def mixed(load: Load, follower: str, folder: Path, seconds: float, warm_up: float) -> dict[str, Any]:
    """Warm-up, a saturated run and a paced run of the app; what each writer's acknowledged writes landed as."""
    result: dict[str, Any] = {"follower": follower}
    runs: list[tuple[str, list[int], list[int]]] = []
    n, chosen = len(load.chosen), load.chosen
    with following(load.store, follower) as forum, serve("api.app:create_app", forum) as (app, url):
        for name, span in (("warm", warm_up), ("saturated", seconds), ("paced", seconds)):
            pause = pause_for(result["saturated"], n + READERS) if name == "paced" else 0
            settle(load.store, chosen)
            tag = f"{name}-{uuid.uuid4().hex[:6]}"
            ledgers = [{"path": b.path, "version": b.version, "day": b.day} for b in chosen]
            writes = config(folder, "writes", {"token": load.coordinator, "run": tag, "ledgers": ledgers,
                                               "pause_ms": pause})  # fmt: skip
            reads = config(folder, "reads", {"token": load.reader, "paths": load.paths, "pause_ms": pause})
            result[name] = drive(url, ("writes.lua", writes), ("reads.lua", reads), span, n) | {"pause_ms": pause}
            runs.append((tag, [b.version for b in chosen], result[name].pop("acked")))
        result["worker_peak_mb"] = round(workers_peak_mb(app), 1)
    result["landed"] = landed(load.store, runs[1:], chosen)
    return result


def measure(store: Store, seconds: float, warm_up: float, followers: tuple[str, ...]) -> dict[str, Any]:
    load = prepare(store)
    n = len(load.chosen)
    result: dict[str, Any] = {"events": store.events, "writers": n, "readers": READERS, "generator": "wrk 4.1"}
    bare_env = {"BENCH_DATABASE_URL": POSTGRES_URL, "BENCH_SCHEMA": store.schema}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for follower in followers:
            result[follower] = mixed(load, follower, folder, seconds, warm_up)
        pause = result[followers[0]]["paced"]["pause_ms"]
        with serve("tests.benchmarks.bare_app:create_app", bare_env) as (_, url):
            for name, span, think in (("warm", warm_up, 0), ("saturated", seconds, 0), ("paced", seconds, pause)):
                bare = config(folder, "bare", {"token": "", "paths": ["/one"], "pause_ms": think})
                result[f"bare_{name}"] = drive(url, ("reads.lua", bare), ("reads.lua", bare), span, n)
    return result


def rate(r: dict[str, Any]) -> float:
    return float(r["writes"]["req_per_s"] + r["reads"]["req_per_s"])


def figures(r: dict[str, Any], follower: str) -> list[Figure]:
    m, bare, bare_paced = r[follower], r["bare_saturated"], r["bare_paced"]
    saturated, paced = m["saturated"], m["paced"]
    p99 = max(bare_paced["writes"]["p99_ms"], bare_paced["reads"]["p99_ms"])
    reads, writes = paced["reads"], paced["writes"]
    errors = sum(x[k]["errors"] for x in (saturated, paced) for k in ("reads", "writes"))
    kept = m["landed"]
    wrong = kept["lost"] + kept["duplicated"]
    cores = max(x["wrk_cpu_cores"] for x in (saturated, paced, bare, bare_paced))
    at = f"mixed ({follower})"
    return [
        Figure(f"{at} saturated: req/s", rate(saturated), rate(bare), "1/s", "–", None),
        Figure(f"{at} saturated: read p99", saturated["reads"]["p99_ms"], bare["reads"]["p99_ms"], "ms", "–", None),
        Figure(f"{at} saturated: write p99", saturated["writes"]["p99_ms"], bare["writes"]["p99_ms"], "ms", "–", None),
        Figure(f"{at} paced (think {paced['pause_ms']} ms): req/s", rate(paced), rate(bare_paced), "1/s", "–", None),
        Figure(f"{at} paced: read p50", reads["p50_ms"], p99, "ms", "–", None),
        Figure(f"{at} paced: read p99", reads["p99_ms"], p99, "ms", "<25 ms", reads["p99_ms"] < 25),
        Figure(f"{at} paced: write p50", writes["p50_ms"], p99, "ms", "–", None),
        Figure(f"{at} paced: write p99", writes["p99_ms"], p99, "ms", "<50 ms", writes["p99_ms"] < 50),
        Figure(f"{at}: errors and non-2xx", errors, None, "requests", "0", errors == 0),
        Figure(f"{at}: writes lost or duplicated", wrong, kept["acknowledged"], "writes", "0", wrong == 0),
        Figure(f"{at}: wrk CPU, most of any run", cores, None, "cores", "<0.5 (not the limit)", cores < 0.5),
    ]  # fmt: skip


def run(store: Store, seconds: float = 10.0) -> list[Figure]:
    """The mixed load on a generated store; nothing (and a note) when wrk is not installed."""
    if not available():
        print("wrk mangler: den blandede HTTP-belastning springes over (make wrk installerer den).")
        return []
    followers = ("in-workers",) if store.events < 5_000 else ("in-workers", "process")  # tiny: the smoke test's
    result = measure(store, seconds, min(3.0, seconds), followers)
    found = [f for follower in followers for f in figures(result, follower)]
    write("mixed", result, found)
    return found


if __name__ == "__main__":
    on_generated(run, "small")
