"""Peak memory (and time) of a projection runner rebuilding every view of a generated store.

    .venv/bin/python -m tests.benchmarks.bench_memory [--size city]

Runs ``forum projections rebuild`` in a subprocess against the store and samples its VmHWM
(peak resident memory), and that of each worker process it starts, until it exits: the figure is
the largest of them (the goal is per process). Baseline: the same CLI's peak for ``forum --help``,
i.e. what importing the application costs before any event is read. The rebuild's events/s over
the generated store (the demo data set, e.g. ``national``: ≈1.09M events) are printed beside the
library's ``select_notifications`` + decoding of the same events, read before and after it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_api import peak_rss_mb
from tests.benchmarks.bench_rebuild import timed_read
from tests.benchmarks.measure import Figure, Store, main_on_store, write
from tests.conftest import POSTGRES_URL

FORUM = str(Path(sys.executable).parent / "forum")


def peak_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(peak RSS in MB of the subprocess or any of its worker processes, seconds), sampled every 20 ms."""
    began = time.perf_counter()
    process = subprocess.Popen(command, env=os.environ | env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        for pid in [process.pid, *children(process.pid)]:
            with suppress(FileNotFoundError, ProcessLookupError):  # exited between poll() and the read
                peak = max(peak, peak_rss_mb(pid))
        time.sleep(0.02)
    if process.wait() != 0:
        raise RuntimeError(f"{' '.join(command)} failed with {process.returncode}")
    return peak, time.perf_counter() - began


def children(pid: int) -> list[int]:
    """The processes a process started (a rebuild's workers), as Linux lists them."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


WORKERS = (1, 2)  # partitions of the rebuild measured, each beside the reads around it


def measure(store: Store, workers: tuple[int, ...] = WORKERS) -> dict[str, Any]:
    """The CLI's rebuild with each number of ``workers``, between plain reads + decodes of the same events."""
    env = {"FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_POSTGRES_SCHEMA": store.schema}
    baseline, _ = peak_of([FORUM, "--help"], env)
    reads = [timed_read(store.tracker)]
    rebuilds: dict[str, Any] = {}
    for count in workers:
        load = os.getloadavg()[0]
        peak, seconds = peak_of([FORUM, "projections", "rebuild", "--workers", str(count)], env)
        reads.append(timed_read(store.tracker))
        read = (reads[-2][0] + reads[-1][0]) / (reads[-2][1] + reads[-1][1])  # the reads just before and after
        rebuilds[str(count)] = {
            "rebuild_peak_mb": round(peak, 1),
            "rebuild_seconds": round(seconds, 2),  # the CLI's whole run: start-up, rebuild, derived rows
            "rebuild_seconds_per_million": round(seconds * 1_000_000 / store.events, 2),
            "rebuild_events_per_s": round(store.events / seconds),
            "baseline_read_decode_events_per_s": round(read),
            "loadavg_before_after": [load, os.getloadavg()[0]],
        }
    return {"events": store.events, "cli_help_peak_mb": round(baseline, 1), "workers": rebuilds}


def run(store: Store, workers: tuple[int, ...] = WORKERS) -> list[Figure]:
    result = measure(store, workers)
    figures: list[Figure] = []
    for count, r in result["workers"].items():
        peak, seconds = r["rebuild_peak_mb"], r["rebuild_seconds"]
        rate, read = r["rebuild_events_per_s"], r["baseline_read_decode_events_per_s"]
        of = f"{store.events} events, {count} worker{'s' if count != '1' else ''}"
        figures += [
            Figure(f"rebuild peak RSS ({of})", peak, result["cli_help_peak_mb"], "MB", "<200 MB", peak < 200),
            Figure(f"rebuild events/s ({of})", rate, read, "1/s", "≥0.9× read+decode", rate >= 0.9 * read),
            Figure(
                f"rebuild seconds ({of})",
                seconds,
                round(store.events / read, 2),  # the read's seconds
                "s",
                "<20 s per 1M events",
                r["rebuild_seconds_per_million"] < 20,
            ),
        ]
    write("memory", result, figures)
    return figures


if __name__ == "__main__":
    main_on_store(run)
