"""Appends through a use case, and projection lag while they run, beside raw psycopg INSERTs.

    .venv/bin/python -m tests.benchmarks.bench_appends [--commands N] [--rounds R]

The command is ``book_expense`` on an existing ledger: exactly one event per call. Each client
thread books on its own contract's ledger so that threads never conflict; all threads share one
Tracker with a pool sized for 16, as one deployed process would. The baseline is a single-row
INSERT in autocommit into a table shaped like the event table, one connection per thread. On a
shared machine the load changes within seconds, so each rate is measured in ``rounds`` short
pairs (use case, then baseline) and the median of each side is reported.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg

from domain.tracker import Tracker
from projections.database import ViewDatabase
from projections.follower import Follower
from projections.runner import Projector
from projections.shell import Shell
from tests.benchmarks.measure import CLOCK, Figure, below, ms, schema, write
from tests.conftest import AMAGER, POSTGRES_URL, contract_file, in_threads

CLIENTS = (1, 4, 16)
PLAN, DAY = "urbanplanen", date(2015, 3, 2)


def prepare(tracker: Tracker, clients: int) -> list[str]:
    """One contract per client thread, each with an opened ledger."""
    base = contract_file(AMAGER)
    keys = [f"bench-{n:02d}" for n in range(clients)]
    for key in keys:
        tracker.import_contract(base.model_copy(update={"key": key}), actor="bench", source="bench")
        tracker.book_expense(key, PLAN, DAY, 100, "Åbning", actor="bench")
    return keys


def seconds_in_threads(work: Callable[[int], None], clients: int) -> float:
    """Run ``work(n)`` in ``clients`` threads at once; seconds until all are done."""
    began = time.perf_counter()
    in_threads(work, clients)
    return time.perf_counter() - began


def booker(tracker: Tracker, keys: list[str], per_thread: int, positions: list[int]) -> Callable[[int], None]:
    def work(n: int) -> None:
        for i in range(per_thread):
            _, outcome = tracker.book_expense(keys[n], PLAN, DAY, 1000 + i, f"Udgift {i}", actor="bench")
            positions.append(outcome.position or 0)

    return work


def raw_inserter(env: dict[str, str], per_thread: int) -> Callable[[int], None]:
    def work(n: int) -> None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"SET search_path TO {env['POSTGRES_SCHEMA']}")
            originator = uuid.uuid4()
            for i in range(per_thread):
                conn.execute(
                    "INSERT INTO raw_events (originator, version, topic, state) VALUES (%s, %s, %s, %s)",
                    (originator, i, "bench:Raw", b"x" * 300),
                )

    return work


def count(env: dict[str, str], table: str) -> int:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {env['POSTGRES_SCHEMA']}")
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


def throughput(tracker: Tracker, env: dict[str, str], keys: list[str], commands: int, rounds: int) -> dict[str, Any]:
    """Commands per second through the tracker and raw inserts per second, at 1, 4 and 16 clients."""
    out: dict[str, Any] = {}
    for clients in CLIENTS:
        pairs = [_round(tracker, env, keys, max(1, commands // clients), clients) for _ in range(rounds)]
        issued = sum(p["commands"] for p in pairs)
        written = sum(p["events_written"] for p in pairs)
        distinct = sum(p["distinct_positions"] for p in pairs)
        out[str(clients)] = {
            "commands": issued,
            "events_written": written,
            "distinct_positions": distinct,
            "lost_or_duplicated": issued - written + issued - distinct,
            "per_s": statistics.median(p["per_s"] for p in pairs),
            "raw_per_s": statistics.median(p["raw_per_s"] for p in pairs),
            "raw_lost": sum(p["raw_lost"] for p in pairs),
            "rounds": [[p["per_s"], p["raw_per_s"]] for p in pairs],
        }
    return out


def _round(tracker: Tracker, env: dict[str, str], keys: list[str], per_thread: int, clients: int) -> dict[str, Any]:
    positions: list[int] = []
    before = count(env, "forum_events")
    seconds = seconds_in_threads(booker(tracker, keys, per_thread, positions), clients)
    written = count(env, "forum_events") - before
    raw_before = count(env, "raw_events")
    raw_seconds = seconds_in_threads(raw_inserter(env, per_thread), clients)
    raw_written = count(env, "raw_events") - raw_before
    issued = per_thread * clients
    return {
        "commands": issued,
        "events_written": written,
        "distinct_positions": len(set(positions)),
        "per_s": round(issued / seconds, 1),
        "raw_per_s": round(raw_written / raw_seconds, 1),
        "raw_lost": issued - raw_written,
    }


def lag(tracker: Tracker, env: dict[str, str], keys: list[str], commands: int) -> dict[str, Any]:
    """With a follower running, when does each appended event become visible in every view?"""
    projector = Projector(tracker, env)
    projector.catch_up()
    stop, committed, seen = threading.Event(), {}, []
    follower = threading.Thread(target=Follower(tracker, env, projector=projector).run, args=(stop,))
    follower.start()

    def poll() -> None:
        shell = Shell(ViewDatabase(env), tracker.mapper)
        while not stop.is_set():
            seen.append((time.perf_counter(), min(shell.positions().values())))
            time.sleep(0.002)
        shell.db.close()

    def work(n: int) -> None:
        for i in range(commands // 4):
            _, outcome = tracker.book_expense(keys[n], PLAN, DAY, 500 + i, f"Følg {i}", actor="bench")
            committed[outcome.position] = time.perf_counter()
            time.sleep(0.005)  # a steady stream, not a burst

    poller = threading.Thread(target=poll)
    poller.start()
    in_threads(work, 4)
    last = max(committed)
    deadline = time.monotonic() + 300  # a safety net only: on a loaded machine the views follow late, not never
    while (not seen or seen[-1][1] < last) and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    follower.join()
    poller.join()
    projector.close()
    visible = {position: _visible(seen, position) for position in committed}
    lags = [max(0.0, at - committed[p]) for p, at in visible.items() if at is not None]
    unseen = sum(at is None for at in visible.values())
    return {
        "events": len(committed),
        "not_visible_by_the_deadline": unseen,
        "follow_interval_s": 0.1,
        "wakeup": "LISTEN/NOTIFY",
    } | ms(lags)


def _visible(seen: list[tuple[float, int]], position: int) -> float | None:
    return next((at for at, head in seen if head >= position), None)


def run(commands: int = 800, rounds: int = 3) -> list[Figure]:
    with schema(pool_size=16) as (_, env):
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"SET search_path TO {env['POSTGRES_SCHEMA']}")
            conn.execute(
                "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator uuid NOT NULL, version int NOT NULL,"
                " topic text NOT NULL, state bytea NOT NULL, UNIQUE (originator, version))"
            )
        tracker = Tracker(env, clock=lambda: CLOCK)
        try:
            keys = prepare(tracker, max(CLIENTS))
            result = _measure(tracker, env, keys, commands, rounds)
        finally:
            tracker.close()
    figures = _figures(result)
    write("appends", result, figures)
    return figures


def _measure(tracker: Tracker, env: dict[str, str], keys: list[str], commands: int, rounds: int) -> dict[str, Any]:
    latency: list[float] = []
    raw_latency: list[float] = []
    for i in range(max(20, commands // 4)):
        began = time.perf_counter()
        tracker.book_expense(keys[0], PLAN, DAY, 10 + i, f"Enkelt {i}", actor="bench")
        latency.append(time.perf_counter() - began)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {env['POSTGRES_SCHEMA']}")
        for i in range(len(latency)):
            began = time.perf_counter()
            conn.execute(
                "INSERT INTO raw_events (originator, version, topic, state) VALUES (%s, %s, %s, %s)",
                (uuid.UUID(int=0), i, "bench:Raw", b"x" * 300),
            )
            raw_latency.append(time.perf_counter() - began)
    return {
        "sequential": ms(latency),
        "raw_sequential": ms(raw_latency),
        "throughput": throughput(tracker, env, keys, commands, rounds),
        "lag": lag(tracker, env, keys, commands),
        "raw_insert_p99_ms": ms(raw_latency)["p99_ms"],
    }


def _figures(r: dict[str, Any]) -> list[Figure]:
    seq, raw, t = r["sequential"], r["raw_sequential"], r["throughput"]
    lost = sum(c["lost_or_duplicated"] + c["raw_lost"] for c in t.values())
    figures = [
        Figure("append latency p50 (1 client)", seq["p50_ms"], raw["p50_ms"], "ms", "≤3× raw", _at_most(seq, raw)),
        Figure("append latency p99 (1 client)", seq["p99_ms"], raw["p99_ms"], "ms", "–", None),
    ]
    for clients, c in t.items():
        goal, met = ("≥0.6× raw INSERT", c["per_s"] >= 0.6 * c["raw_per_s"]) if clients == "16" else ("–", None)
        figures.append(Figure(f"appends/s, {clients} client(s)", c["per_s"], c["raw_per_s"], "1/s", goal, met))
    figures.append(Figure("lost or duplicated events", lost, 1, "count", "0", lost == 0))
    lag_p99, late = r["lag"]["p99_ms"], r["lag"]["not_visible_by_the_deadline"]
    met = False if late else below(lag_p99, 50)  # an event never seen is not a fast one
    figures.append(Figure("projection lag p99 (LISTEN/NOTIFY)", lag_p99, r["raw_insert_p99_ms"], "ms", "<50 ms", met))
    return figures


def _at_most(seq: dict[str, Any], raw: dict[str, Any], times: float = 3.0) -> bool | None:
    """Issue 17: one client's append p50 at most ``times`` the raw INSERT's (None without samples)."""
    if seq["p50_ms"] is None or raw["p50_ms"] is None:
        return None
    return bool(seq["p50_ms"] <= times * raw["p50_ms"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    run(args.commands, args.rounds)
