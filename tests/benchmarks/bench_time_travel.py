"""Time travel on a long-lived contract: the terms in force on a date as known at a time.

    .venv/bin/python -m tests.benchmarks.bench_time_travel [--revisions N] [--repeat N]

The contract is revised N times through the use case (``tracker.revise_contract`` with every rule,
500 per ``together()`` block), each revision a new title taking effect a day after the one before,
wrapping round the contract period – so later revisions are retroactive to earlier-recorded ones.
Its history then holds N + 2 events; a snapshot is taken at the last multiple of the snapshot
interval, as saving one revision at a time would have left it. Then, at random dates and known-at times:

* load (cold): ``tracker.get_contract(key)`` on a tracker keeping no aggregates (``CACHE_SIZE=0``):
  snapshot + events after it;
* terms: ``contract.terms(effective, known_at)`` on the loaded contract;
* total (cold): both, as a request that reads a contract no longer in memory does;
* total (cached): both, on a tracker as the API runs it (its aggregate cache, read up to the log's head per request);
* with ``--seconds S``: ``GET /contracts/{key}?effective=…&known_at=…`` from one client for S seconds against
  ``uvicorn --factory api.app:create_app --workers 2``, beside the bare app's one-row SELECT served the same way.

Baseline: a one-row SELECT.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from api.accounts.users import UserDirectory
from domain.contract import Contract, contract_id
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision
from projections.database import ViewDatabase
from tests.benchmarks.bench_api import serve
from tests.benchmarks.measure import CLOCK, MIN_SAMPLES, Figure, below, ms, one_row_select, schema, timed, write
from tests.conftest import AMAGER, POSTGRES_URL, contract_file
from tests.unit.test_timeline_snapshot import columns_as_stored_before

KEY = "tidsrejse"
START, END = date(2014, 1, 1), date(2017, 12, 31)
BLOCK = 500
COLD = {"CACHE_SIZE": "0"}  # keeps no aggregates: every get_contract loads from the store


def revise(tracker: Tracker, revisions: int) -> float:
    """Record the revisions through the use case, ``BLOCK`` per transaction; seconds taken."""
    base = tracker.get_contract(KEY).terms().model_dump(mode="json")
    decision = Decision(decided_by="forum", decided_on=START, reference="Referat")
    began = time.perf_counter()
    for first in range(1, revisions + 1, BLOCK):
        with tracker.together():
            for i in range(first, min(first + BLOCK, revisions + 1)):
                terms = ContractTerms.model_validate(base | {"title": f"{base['title']} (revision {i})"})
                day = START + timedelta(days=i % (END - START).days)
                tracker.revise_contract(KEY, terms, day, decision, "bench")
    built = time.perf_counter() - began
    version = tracker.get_contract(KEY).version
    due = version - version % Tracker.snapshotting_intervals[Contract]
    assert tracker.snapshots is not None
    if [s.originator_version for s in tracker.snapshots.get(contract_id(KEY), desc=True, limit=1)] != [due]:
        tracker.take_snapshot(contract_id(KEY), due)
    return built


def asker(rng: random.Random, began: datetime, ended: datetime) -> Callable[[], tuple[date, datetime]]:
    def question() -> tuple[date, datetime]:
        effective = START + timedelta(days=rng.randrange((END - START).days))
        return effective, began + (ended - began) * rng.random()

    return question


def snapshot_bytes(tracker: Tracker) -> dict[str, int]:
    """The stored size of the contract's latest snapshot, and of the same state as the columns stored before."""
    assert tracker.snapshots is not None
    snapshot: Any = next(iter(tracker.snapshots.get(contract_id(KEY), desc=True, limit=1)), None)
    if snapshot is None:  # too few revisions for one
        return {}
    before = replace(
        snapshot, state=snapshot.state | {"timeline": columns_as_stored_before(snapshot.mutate(None).timeline)}
    )
    encoded = tracker.mapper.to_stored_event
    return {"packed": len(encoded(snapshot).state), "as columns": len(encoded(before).state)}


def measure(env: dict[str, str], repeat: int, began: datetime, ended: datetime) -> dict[str, object]:
    cold, cached = Tracker(env | COLD, clock=lambda: CLOCK), Tracker(env, clock=lambda: CLOCK)
    try:
        question = asker(random.Random(1), began, ended)
        loaded = cold.get_contract(KEY)
        return {
            "contract_events": loaded.version,
            "snapshot_bytes": snapshot_bytes(cold),
            "load (cold)": ms(timed(lambda: cold.get_contract(KEY), repeat)),
            "terms": ms(timed(lambda: loaded.terms(*question()), repeat)),
            "total (cold)": ms(timed(lambda: cold.get_contract(KEY).terms(*question()), repeat)),
            "total (cached)": ms(timed(lambda: cached.get_contract(KEY).terms(*question()), repeat)),
            "one-row SELECT": ms(one_row_select(env, repeat)),
        }
    finally:
        cold.close()
        cached.close()


def requests(url: str, headers: dict[str, str], seconds: float, path: Callable[[], str]) -> list[float]:
    """Seconds per request from one client for ``seconds`` (MIN_SAMPLES at least), each at ``path()``; all 200."""
    samples: list[float] = []
    with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
        http.get(path()).raise_for_status()  # warm-up
        stop = time.perf_counter() + seconds
        while len(samples) < MIN_SAMPLES or time.perf_counter() < stop:
            began = time.perf_counter()
            http.get(path()).raise_for_status()
            samples.append(time.perf_counter() - began)
    return samples


def api(env: dict[str, str], seconds: float, began: datetime, ended: datetime) -> dict[str, object]:
    db = ViewDatabase(env)
    _, token = UserDirectory(db).add("bench-reader", "reader", None, "bench")
    db.close()
    one_row_select(env, 1)  # creates the bare endpoint's table
    question = asker(random.Random(2), began, ended)

    def contract_path() -> str:
        effective, known_at = question()
        return f"/contracts/{KEY}?effective={effective}&known_at={known_at.isoformat().replace('+', '%2B')}"

    bare_env = {"BENCH_DATABASE_URL": POSTGRES_URL, "BENCH_SCHEMA": env["POSTGRES_SCHEMA"]}
    with serve("tests.benchmarks.bare_app:create_app", bare_env) as (_, url):
        bare = ms(requests(url, {}, seconds, lambda: "/one"))
    forum = {"FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_POSTGRES_SCHEMA": env["POSTGRES_SCHEMA"]}
    with serve("api.app:create_app", forum | {"FORUM_FOLLOW_PROJECTIONS": "false"}) as (_, url):
        found = ms(requests(url, {"Authorization": f"Bearer {token}"}, seconds, contract_path))
    return {"GET /contracts/{key}?effective&known_at": found, "bare app one-row SELECT": bare}


def run(revisions: int = 10_000, repeat: int = 500, seconds: float = 0) -> list[Figure]:
    with schema() as (_, env):
        tracker = Tracker(env, clock=lambda: CLOCK)
        try:
            contract = contract_file(AMAGER).model_copy(update={"key": KEY})
            tracker.import_contract(contract, actor="bench", source="bench")
            began = datetime.now(UTC)
            built = revise(tracker, revisions)
            ended = datetime.now(UTC)
        finally:
            tracker.close()
        result = measure(env, repeat, began, ended) | {"build_s": round(built, 1), "load_average": os.getloadavg()}
        if seconds:
            result |= api(env, seconds, began, ended)
    write("time_travel", result, figures(result))
    return figures(result)


def figures(result: dict[str, object]) -> list[Figure]:
    events, select = result["contract_events"], result["one-row SELECT"]
    assert isinstance(select, dict)
    out = []
    for name in ("total (cached)", "total (cold)", "load (cold)", "terms"):
        found = result[name]
        assert isinstance(found, dict)
        goal = name.startswith("total")
        for p in ("p99", "p50"):
            value = found[f"{p}_ms"]
            met = below(value, 10) if goal and p == "p99" else None
            label = f"time travel {name} {p} ({events} events)"
            out.append(Figure(label, value, select[f"{p}_ms"], "ms", "<10 ms" if met is not None else "–", met))
    size = result.get("snapshot_bytes")
    if isinstance(size, dict) and size:
        out.append(
            Figure(
                "contract snapshot size, packed vs as columns", size["packed"], size["as columns"], "bytes", "–", None
            )
        )
    route, bare = result.get("GET /contracts/{key}?effective&known_at"), result.get("bare app one-row SELECT")
    if isinstance(route, dict) and isinstance(bare, dict):
        for p in ("p99", "p50"):
            out.append(
                Figure(
                    f"GET /contracts/{{key}}?effective&known_at {p}", route[f"{p}_ms"], bare[f"{p}_ms"], "ms", "–", None
                )
            )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--revisions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=0, help="also load the HTTP endpoint for S seconds")
    args = parser.parse_args()
    run(args.revisions, args.repeat, args.seconds)
