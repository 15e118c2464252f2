"""Rebuild of all views from zero, beside a plain read + decode of the same events, in one run.

    .venv/bin/python -m tests.benchmarks.bench_rebuild [--events N] [--store postgres|sqlite]

Writes the history through the real aggregates (saved in bulk so that writing is quick), then
times (1) the baseline: the recorder's ``select_notifications`` in pages plus decoding every
event, and (2) ``Projector.rebuild()``: the same read and decode plus folding and writing the
views with the tracking position, page by page. The baseline runs before and after the rebuild
(the machine is shared and noisy) and the ratio uses both. Prints the rates, their ratio and the
CPU seconds of each (the rebuild's worker processes included), the number of workers and the
load average, and writes them to ``test-artifacts/bench/rebuild.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import psycopg
from eventsourcing.persistence import Mapper

from domain.budget import Ledger
from domain.meeting import Meeting
from domain.tracker import Tracker
from projections.decoding import faster
from projections.partitioned import default_workers
from projections.runner import PAGE_SIZE, Projector
from tests.conftest import AMAGER, POSTGRES_URL, contract_file, postgres_env

CONTRACTS = 10
SAVE_EVERY = 1000  # meetings per save: saving 100,000 events at once stalled in psycopg's pipeline here


def write_history(tracker: Tracker, events: int) -> None:
    base = contract_file(AMAGER)
    per_contract = events // CONTRACTS
    for n in range(CONTRACTS):
        key = f"bench-{n:03d}"
        tracker.import_contract(base.model_copy(update={"key": key}), actor="bench", source="bench")
        contract = tracker.get_contract(key)
        ledger = Ledger.open(contract.id, key, "urbanplanen", actor="bench")
        meetings = []
        day = date(2014, 1, 1)
        for i in range(per_contract // 3):  # a third expenses, two thirds meetings (scheduled + held)
            ledger.book(day, 10_000 + i, "praksisnetvaerk", "lbf", f"Udgift {i}", None, actor="bench")
            meeting = Meeting.schedule(uuid.uuid4(), contract.id, key, "praksisnetvaerk", "netvaerksmoede", day,
                                       ["sof"], "", "", actor="bench")  # fmt: skip
            meeting.hold(day, ["sof", "3b"], [], [], actor="bench")
            meetings.append(meeting)
            day += timedelta(days=1)
            if len(meetings) == SAVE_EVERY:
                tracker.save(ledger, *meetings)
                meetings = []
        tracker.save(ledger, *meetings)


def timed_read(tracker: Tracker, mapper: Mapper[UUID] | None = None) -> tuple[int, float, float]:
    """Events read and decoded (by the application's mapper unless told), wall seconds, process CPU seconds."""
    mapper = mapper or tracker.mapper
    start, count, began, cpu = 1, 0, time.perf_counter(), time.process_time()
    while True:
        page = tracker.recorder.select_notifications(start=start, limit=PAGE_SIZE)
        if not page:
            return count, time.perf_counter() - began, time.process_time() - cpu
        for notification in page:
            mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id + 1


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the rebuild's worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workers", type=int, default=None, help="rebuild processes (default: one per core, max 8)")
    args = parser.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    if args.store == "postgres":
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        env = postgres_env(POSTGRES_URL, schema)
    else:
        path = Path("test-artifacts") / f"{schema}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    tracker = Tracker(env, clock=lambda: date(2030, 1, 1))
    try:
        began = time.perf_counter()
        write_history(tracker, args.events)
        written = time.perf_counter() - began
        projector = Projector(tracker, env)
        before = timed_read(tracker)
        load = os.getloadavg()
        began, cpu = time.perf_counter(), _cpu()
        rebuilt = projector.rebuild(workers=args.workers)
        rebuild_seconds, rebuild_cpu = time.perf_counter() - began, _cpu() - cpu
        after = timed_read(tracker)
        views_decoder = timed_read(tracker, faster(tracker.mapper))
        projector.close()
    finally:
        tracker.close()
        if args.store == "postgres":
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    baseline = (before[0] + after[0]) / (before[1] + after[1])
    baseline_cpu = (before[0] + after[0]) / (before[2] + after[2])
    result = {
        "store": args.store,
        "events": before[0],
        "page_size": PAGE_SIZE,
        "write_seconds": round(written, 2),
        "baseline_read_decode_events_per_s": round(baseline),
        "baseline_before_after_seconds": [round(before[1], 2), round(after[1], 2)],
        "rebuild_events_per_s": round(rebuilt / rebuild_seconds),
        "rebuild_seconds": round(rebuild_seconds, 2),
        "ratio_rebuild_to_baseline": round(rebuilt / rebuild_seconds / baseline, 3),
        # The views decode with orjson (projections/decoding.py): the same read with that decoder.
        "read_views_decoder_events_per_s": round(views_decoder[0] / views_decoder[1]),
        "ratio_rebuild_to_read_views_decoder": round(
            rebuilt / rebuild_seconds / (views_decoder[0] / views_decoder[1]), 3
        ),
        "cpu_baseline_events_per_s": round(baseline_cpu),
        "cpu_rebuild_events_per_s": round(rebuilt / rebuild_cpu),
        "cpu_ratio_rebuild_to_baseline": round(rebuilt / rebuild_cpu / baseline_cpu, 3),
        "workers": args.workers or default_workers(os.cpu_count() or 1),
        "load_average_before_rebuild": [round(x, 2) for x in load],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    out = Path("test-artifacts/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "rebuild.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(
        f"rebuild {result['rebuild_events_per_s']:,} events/s vs baseline read+decode "
        f"{result['baseline_read_decode_events_per_s']:,} events/s = {result['ratio_rebuild_to_baseline']}x "
        f"({result['events']:,} events rebuilt in {result['rebuild_seconds']} s, {result['workers']} worker(s), "
        f"load average {result['load_average_before_rebuild'][0]})"
    )


if __name__ == "__main__":
    main()
