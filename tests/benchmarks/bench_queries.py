"""The questions users ask of the views, at `small` and at a bigger size, beside a one-row SELECT.

    .venv/bin/python -m tests.benchmarks.bench_queries [--size city|national] [--repeat N]

Each question is timed as the API asks it for an explicit ``as_of``: the lists that grow with the
number of contracts (overview, overdue meetings) read their first page of PAGE rows from the
derived question rows; one contract's questions read its record by key and fold the answer.
The size ratio p99(big)/p99(small) says how a question scales with the number of contracts;
the goal is that it hardly does (≤1.5) and stays < 10 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from collections.abc import Callable
from typing import Any

from api.start_up import freeze_start_up
from projections import (
    audit_log,
    budget_use,
    contract_directory,
    goal_progress,
    obligation_status,
    overdue_meetings,
    question_tables,
)
from projections.database import ViewDatabase
from projections.shell import load_records
from tests.benchmarks.measure import (
    AS_OF,
    MIN_SAMPLES,
    Figure,
    Store,
    below,
    generated,
    ms,
    one_row_select,
    timed,
    write,
)

PAGE = 50  # rows of a list page, as the API's `limit` asks for them


def questions(db: ViewDatabase, key: str) -> dict[str, Callable[[], Any]]:
    """Each question as the API answers it (api/reading.py, api/routes/queries.py)."""

    def record() -> Any:
        found = question_tables.find(db, key)
        assert found is not None
        return found[0]

    def status() -> Any:
        one = record()
        meetings = overdue_meetings.compliance(one, AS_OF)
        return (
            contract_directory.entry(one, AS_OF),
            obligation_status.status(one, AS_OF),
            meetings,
            overdue_meetings.overdue_in(one, meetings),
            budget_use.budget_use(one, AS_OF),
            goal_progress.goal_progress(one, AS_OF),
        )

    return {
        "overview": lambda: question_tables.directory(db, AS_OF, {}, limit=PAGE),
        "contract status": status,
        "overdue meetings": lambda: question_tables.overdue(db, AS_OF, limit=PAGE),
        "budget use": lambda: budget_use.budget_use(record(), AS_OF),
        "audit page": lambda: audit_log.query(db, limit=50),
    }


def measure(store: Store, repeat: int) -> dict[str, Any]:
    db = ViewDatabase(store.env)
    try:
        key = load_records(db)[0]["key"]
        freeze_start_up()  # as the server does once it has started (api/start_up.py)
        asked = questions(db, key)
        result = {name: ms(timed(ask, repeat)) for name, ask in asked.items()}
        result["contract status, where the tail is"] = tail(asked["contract status"], repeat)
    finally:
        db.close()
    result["one-row SELECT"] = ms(one_row_select(store.env, repeat))
    return {"events": store.events} | result


def tail(ask: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """The question timed again, per call in wall and in this process's CPU seconds, counting the cyclic
    collector's passes: a wall tail without a CPU tail is the machine's other work, not ours."""
    ask()
    wall, cpu = [], []
    collected = [g["collections"] for g in gc.get_stats()]
    for _ in range(max(repeat, MIN_SAMPLES)):
        began, used = time.perf_counter(), time.process_time()
        ask()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - used)
    passes = [g["collections"] - c for g, c in zip(gc.get_stats(), collected, strict=True)]
    return {"wall": ms(wall), "cpu": ms(cpu), "gc_passes_by_generation": passes, "loadavg": os.getloadavg()}


def run(size: str = "city", repeat: int = 200, small: str = "small") -> list[Figure]:
    with generated(size) as store:
        return run_on(store, repeat, small)


def run_on(store: Store, repeat: int = 200, small: str = "small") -> list[Figure]:
    """The questions on ``store`` beside the same on the ``small`` set (``store`` itself, again, when it is that)."""
    big = measure(store, repeat)
    if store.size == small:
        little = measure(store, repeat)
    else:
        with generated(small) as other:
            little = measure(other, repeat)
    size = store.size or "big"
    figures = []
    for name in ("overview", "contract status", "overdue meetings", "budget use", "audit page"):
        p99, before = big[name]["p99_ms"], little[name]["p99_ms"]
        select = big["one-row SELECT"]["p99_ms"]
        figures.append(Figure(f"{name} p99 @{size}", p99, select, "ms", "<10 ms", below(p99, 10)))
        grew = None if p99 is None or not before else p99 / before <= 1.5
        figures.append(Figure(f"{name} p99 {size}/{small}", p99, before, "ms", "ratio ≤1.5", grew))
    passes = [(small, little), (size, big)]
    if size == small:
        passes = [(f"{small} (pass 2)", little), (f"{size} (pass 1)", big)]
    for label, result in passes:  # issue 17, goal 5: a stable tail at every size
        p50, p99 = result["contract status"]["p50_ms"], result["contract status"]["p99_ms"]
        stable = None if p99 is None or not p50 else p99 / p50 <= 1.5
        figures.append(Figure(f"contract status p99 vs p50 @{label}", p99, p50, "ms", "p99 ≤1.5× p50", stable))
        where = result["contract status, where the tail is"]
        figures.append(Figure(f"  same, CPU p99 vs p50 (gc passes {where['gc_passes_by_generation']})",
                              where["cpu"]["p99_ms"], where["cpu"]["p50_ms"], "ms", "–", None))  # fmt: skip
    write("queries", {"size": size, "small": little, "big": big}, figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["small", "city", "national"], default="city")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    run(args.size, args.repeat)
