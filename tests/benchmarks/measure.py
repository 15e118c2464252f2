"""What every benchmark shares: a throw-away PostgreSQL schema, a generated store, percentiles, results.

Every figure is written beside a baseline measured in the same run, as a ratio: the machine is
shared and noisy, so absolute numbers from different runs do not compare.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from api.demo.generator import Spec, generate
from domain.tracker import Tracker
from projections.runner import Projector
from tests.conftest import POSTGRES_URL, postgres_env

OUT = Path("test-artifacts/bench")
CLOCK = date(2018, 6, 1)  # after the generated years (2014–2017)
AS_OF = date(2017, 6, 1)
# contracts per size; "tiny" is the smoke test's
CONTRACTS = {"tiny": 3, "small": 22, "city": 220, "national": 2200}


@contextmanager
def schema(pool_size: int = 2) -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh PostgreSQL schema and its eventsourcing environment, dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    env = postgres_env(POSTGRES_URL, name) | {
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
    }
    try:
        yield name, env
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


@dataclass
class Store:
    schema: str
    env: dict[str, str]
    tracker: Tracker
    events: int
    size: str = ""


@contextmanager
def generated(size: str, seed: int = 7, progress: Callable[[int, int], None] | None = None) -> Iterator[Store]:
    """A schema holding the demo generator's data set of ``size``, with every view caught up."""
    with schema() as (name, env):
        tracker = Tracker(env, clock=lambda: CLOCK)
        try:
            done = generate(tracker, Spec(CONTRACTS[size], 4, seed), progress)
            projector = Projector(tracker, env)
            projector.catch_up()
            projector.close()
            yield Store(name, env, tracker, done.events, size)
        finally:
            tracker.close()


MIN_SAMPLES = 5  # every timed loop takes at least this many, however long the machine makes them


def timed(call: Callable[[], Any], repeat: int, budget: float = 15.0) -> list[float]:
    """Seconds per call after a warm-up call: ``repeat`` calls, or fewer within ``budget`` s (MIN_SAMPLES at least)."""
    call()
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < repeat and (len(samples) < MIN_SAMPLES or time.perf_counter() < deadline):
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return samples


def pct(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``samples``; there is none of no samples."""
    if not samples:
        raise ValueError("no samples: there is no percentile to take (ms() records this as None)")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def ms(samples: list[float]) -> dict[str, Any]:
    """p50, p99 and mean in milliseconds; with no samples each is None and a note says so."""
    if not samples:
        return {"p50_ms": None, "p99_ms": None, "mean_ms": None, "n": 0, "note": "no samples"}
    return {
        "p50_ms": round(pct(samples, 50) * 1000, 3),
        "p99_ms": round(pct(samples, 99) * 1000, 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
        "n": len(samples),
    }


def below(value: float | None, limit: float) -> bool | None:
    """Whether a figure meets an upper goal; None (not known) when there is no figure."""
    return None if value is None else value < limit


def one_row_select(env: dict[str, str], repeat: int) -> list[float]:
    """The baseline for reads: one single-row SELECT by primary key over psycopg."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {env['POSTGRES_SCHEMA']}")
        conn.execute("CREATE TABLE IF NOT EXISTS bench_one (id int PRIMARY KEY, body text)")
        conn.execute("INSERT INTO bench_one VALUES (1, 'x') ON CONFLICT DO NOTHING")
        return timed(lambda: conn.execute("SELECT body FROM bench_one WHERE id = %s", (1,)).fetchone(), repeat)


@dataclass
class Figure:
    """One line of a summary: a figure, its same-run baseline, and the goal for their ratio or value.

    ``value`` or ``baseline`` is None when there was nothing to measure it from (no samples): said, not guessed.
    """

    name: str
    value: float | None
    baseline: float | None
    unit: str
    goal: str
    met: bool | None

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None:
            return None
        return round(self.value / self.baseline, 3) if self.baseline else float("nan")


def write(name: str, result: dict[str, Any], figures: list[Figure]) -> None:
    """Write ``test-artifacts/bench/<name>.json`` and print the figures as a table."""
    OUT.mkdir(parents=True, exist_ok=True)
    result = result | {"figures": [f.__dict__ | {"ratio": f.ratio} for f in figures]}
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
    print(table(figures))


def table(figures: list[Figure]) -> str:
    lines = [f"{'figure':44} {'value':>11} {'baseline':>11} {'ratio':>8}  {'goal':24} met"]
    for f in figures:
        met = "–" if f.met is None else ("yes" if f.met else "NO")
        numbers = f"{_number(f.value, 11)} {_number(f.baseline, 11)} {_number(f.ratio, 8)}"
        lines.append(f"{f.name:44} {numbers}  {f.goal:24} {met}  ({f.unit})")
    return "\n".join(lines)


def _number(x: float | None, width: int) -> str:
    return f"{'no samples':>{width}}" if x is None else f"{x:>{width}.3f}"


def main_on_store(run: Callable[[Store], object]) -> None:
    """A benchmark's command line: ``--size`` names the generated store ``run`` measures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=list(CONTRACTS), default="city")
    with generated(parser.parse_args().size) as store:
        run(store)
