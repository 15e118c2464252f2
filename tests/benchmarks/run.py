"""Run every benchmark against the local PostgreSQL and print one summary table.

    .venv/bin/python -m tests.benchmarks.run [--size tiny|small|city|national]

Each benchmark works in its own throw-away schema and writes its figures, beside a baseline from
the same run, to ``test-artifacts/bench/<name>.json``; the summary goes to
``test-artifacts/bench/summary.json``. ``tiny`` is the smoke test's size: it proves the suite
runs, its figures mean little.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks import (
    bench_api,
    bench_appends,
    bench_memory,
    bench_mixed,
    bench_queries,
    bench_time_travel,
    bench_verify,
    measure,
)
from tests.benchmarks.measure import Figure, generated, table

# per size: append commands, query repeats, contract revisions, seconds of HTTP load, rebuild events
PLANS = {
    "tiny": (48, 5, 60, 1.0, 2_000),
    "small": (400, 100, 2_000, 5.0, 10_000),
    "city": (800, 200, 10_000, 10.0, 100_000),
    "national": (800, 200, 10_000, 10.0, 1_000_000),
}


def rebuild(events: int) -> list[Figure]:
    """The other engineer's rebuild benchmark, run as it is."""
    subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_rebuild", "--events", str(events)], check=True)
    r = json.loads(Path("test-artifacts/bench/rebuild.json").read_text())
    rate, baseline = r["rebuild_events_per_s"], r["baseline_read_decode_events_per_s"]
    return [Figure(f"rebuild events/s ({r['events']} events)", rate, baseline, "1/s", "–", None)]


def verify(events: int) -> list[Figure]:
    """`forum verify`'s full check of a sealed log, beside a plain read + decode of the same events."""
    r = bench_verify.run(events)
    name = f"verify events/s ({r['events']} events)"
    return [Figure(name, float(str(r["verify_events_per_s"])), float(str(r["baseline_read_decode_events_per_s"])),
                   "1/s", "–", None)]  # fmt: skip


def machine() -> dict[str, object]:
    return {"nproc": os.cpu_count(), "loadavg_before": os.getloadavg(), "python": sys.version.split()[0]}


def main(size: str) -> list[Figure]:
    commands, repeat, revisions, seconds, events = PLANS[size]
    began, info = time.perf_counter(), machine()
    figures: list[Figure] = []
    figures += bench_appends.run(commands)
    figures += bench_queries.run(size, repeat, small="tiny" if size == "tiny" else "small")
    figures += bench_time_travel.run(revisions, repeat)
    with generated(size) as store:
        figures += bench_api.run(store, seconds)
        figures += bench_mixed.run(store, seconds)  # nothing when wrk is missing (`make bench` installs it)
        figures += bench_memory.run(store)
    figures += rebuild(events)
    figures += verify(events)
    summary = {
        "size": size,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - began, 1),
        "machine": info | {"loadavg_after": os.getloadavg()},
        "figures": [f.__dict__ | {"ratio": f.ratio} for f in figures],
    }
    measure.OUT.mkdir(parents=True, exist_ok=True)
    (measure.OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nSummary ({size}, {summary['seconds']} s, nproc {info['nproc']}, load {info['loadavg_before']}):")
    print(table(figures))
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=list(PLANS), default="city")
    main(parser.parse_args().size)
