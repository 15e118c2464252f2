"""Run every benchmark against the local PostgreSQL and print one summary table.

    .venv/bin/python -m tests.benchmarks.run [--size tiny|small|city|national]

The demo generator's data set of the size is generated ONCE and every benchmark that needs a
generated store measures that one (queries, API, rebuild memory, verify, the costs of issue 17's
goal 7); the others work in their own throw-away schemas. Each writes its figures, beside a
baseline from the same run, to ``test-artifacts/bench/<name>.json``; the summary (date, commit,
nproc, load before and after, every figure with value, baseline, ratio, goal, met) goes to
``test-artifacts/bench/summary.json`` and, as a markdown table for the README, ``summary.md``.
``tiny`` is the smoke test's size: it proves the suite runs, its figures mean little.

Adding a benchmark is one line in ``ALONE`` (it makes its own data) or ``ON_STORE`` (it measures
the generated store): a name and a function of the plan (and the store) returning figures.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.benchmarks import (
    bench_api,
    bench_appends,
    bench_costs,
    bench_memory,
    bench_queries,
    bench_time_travel,
    bench_verify,
)
from tests.benchmarks.measure import Figure, Store, generated
from tests.benchmarks.summary import summarise


@dataclass(frozen=True)
class Plan:
    size: str
    commands: int  # append commands
    repeat: int  # samples of each question
    revisions: int  # of the time-travel contract
    seconds: float  # of HTTP load per route


PLANS = {
    "tiny": Plan("tiny", 48, 5, 60, 1.0),
    "small": Plan("small", 400, 100, 2_000, 5.0),
    "city": Plan("city", 800, 200, 10_000, 10.0),
    "national": Plan("national", 800, 200, 10_000, 10.0),
}

ALONE: list[tuple[str, Callable[[Plan], list[Figure]]]] = [
    ("appends", lambda p: bench_appends.run(p.commands)),
    ("time travel", lambda p: bench_time_travel.run(p.revisions, p.repeat)),
]
# in this order: the questions on the views as generated; the later ones rebuild, seal and add events
ON_STORE: list[tuple[str, Callable[[Store, Plan], list[Figure]]]] = [
    ("queries", lambda s, p: bench_queries.run_on(s, p.repeat, small="tiny" if p.size == "tiny" else "small")),
    ("api", lambda s, p: bench_api.run(s, p.seconds)),
    ("memory", lambda s, p: bench_memory.run(s)),
    ("verify", lambda s, p: bench_verify.run_on(s)),
    ("costs", lambda s, p: bench_costs.run(s)),
]


def progress(began: float, what: str) -> None:
    print(f"\n[{time.strftime('%H:%M:%S')} +{time.perf_counter() - began:6.0f} s] {what}", flush=True)


def main(size: str) -> list[Figure]:
    plan, began = PLANS[size], time.perf_counter()
    with summarise(size) as figures:
        for name, alone in ALONE:
            progress(began, name)
            figures += alone(plan)
        progress(began, f"generating the {size} data set (once for every benchmark below)")
        with generated(size, progress=lambda done, events: _generating(began, done, events)) as store:
            for name, on_store in ON_STORE:
                progress(began, f"{name} ({store.events} events)")
                figures += on_store(store, plan)
    progress(began, "done")
    return figures


def _generating(began: float, done: int, events: int) -> None:
    if done % 100 == 0:
        print(f"  +{time.perf_counter() - began:6.0f} s  {done} contracts, {events} events", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=list(PLANS), default="city")
    main(parser.parse_args().size)
