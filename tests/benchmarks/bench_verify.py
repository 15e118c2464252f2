"""`forum verify` over a history, beside a plain read + decode of the same events, in one run.

    .venv/bin/python -m tests.benchmarks.bench_verify [--events N] [--store postgres|sqlite]

Writes the history as the rebuild benchmark does, seals it (timed: the sealer's rate), then
times (1) the baseline: the recorder's ``select_notifications`` in pages plus decoding every
event, before and after, and (2) the full check of the log against its seals and checkpoint
(reading every event's stored bytes, hashing them, walking the chain, checking the signature).
Measured, never asserted; writes ``test-artifacts/bench/verify.json``. In ``run.py`` the same
check runs on the generated store instead (``run_on``): sealed, then verified, no history written.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

from domain.tracker import Tracker
from persistence.append_only import events_table
from persistence.sealing import Policy, Sealer, public_bytes, signing_key
from persistence.verification import LogCheck
from projections.database import ViewDatabase
from tests.benchmarks.bench_rebuild import timed_read, write_history
from tests.benchmarks.measure import Figure, Store, schema, write


def measure(env: dict[str, str], events: int) -> dict[str, object]:
    tracker = Tracker(env, clock=lambda: date(2030, 1, 1))
    try:
        began = time.perf_counter()
        write_history(tracker, events)
        written = time.perf_counter() - began
        return {"write_seconds": round(written, 2)} | check(env, tracker)
    finally:
        tracker.close()


def check(env: dict[str, str], tracker: Tracker) -> dict[str, object]:
    """Seal the store's log (timed), then verify it beside a plain read + decode before and after."""
    table = events_table(tracker.recorder)
    key = signing_key(Path(tempfile.mkdtemp()) / "seal-key.pem")
    sealer = Sealer(env, table, key, Policy(every_events=10_000))
    began = time.perf_counter()
    sealed = sealer.seal(checkpoint=True)
    sealing = time.perf_counter() - began
    sealer.close()
    before = timed_read(tracker)
    with closing(ViewDatabase(env)) as db:
        began = time.perf_counter()
        report = LogCheck(db, table).run(public_bytes(key))
        verifying = time.perf_counter() - began
    after = timed_read(tracker)
    assert report.intact and report.events == before[0], (report, sealed, before)  # the run is sound
    baseline = (before[0] + after[0]) / (before[1] + after[1])
    return {
        "events": report.events,
        "sealed_now": sealed,
        "seal_events_per_s": round(sealed / sealing) if sealing else None,
        "seal_seconds": round(sealing, 2),
        "checkpoints": report.checkpoints,
        "baseline_read_decode_events_per_s": round(baseline),
        "baseline_before_after_seconds": [round(before[1], 2), round(after[1], 2)],
        "verify_events_per_s": round(report.events / verifying),
        "verify_seconds": round(verifying, 2),
        "ratio_verify_to_baseline": round(report.events / verifying / baseline, 3),
        "loadavg": os.getloadavg(),
    }


def run_on(store: Store) -> list[Figure]:
    """`forum verify`'s check of the generated store (sealed first) beside a plain read + decode of it."""
    result = check(store.env, store.tracker)
    rate, baseline = float(str(result["verify_events_per_s"])), float(str(result["baseline_read_decode_events_per_s"]))
    figures = [Figure(f"verify events/s ({result['events']} events)", rate, baseline, "1/s", "≥0.5× read+decode",
                      rate >= 0.5 * baseline)]  # fmt: skip
    write("verify", {"store": "generated"} | result, figures)
    return figures


@contextmanager
def _store(kind: str) -> Iterator[dict[str, str]]:
    """A throw-away store: a PostgreSQL schema (dropped afterwards) or an SQLite file in a temp dir."""
    if kind == "postgres":
        with schema() as (_, env):
            yield env
        return
    with tempfile.TemporaryDirectory() as folder:
        yield {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"{folder}/verify.sqlite3"}


def run(events: int, store: str = "postgres") -> dict[str, object]:
    with _store(store) as env:
        result = {"store": store} | measure(env, events)
    out = Path("test-artifacts/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "verify.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    arguments = parser.parse_args()
    run(arguments.events, arguments.store)
