"""Time travel on a long-lived contract: the terms in force on a date as known at a time.

    .venv/bin/python -m tests.benchmarks.bench_time_travel [--revisions N] [--repeat N]

The contract is revised N times through the use case (each revision a new title, taking effect
a day later than the one before), so its history holds N + a few events. Then
``tracker.get_contract(key).terms(effective, known_at)`` is asked at random dates, which includes
loading the aggregate (snapshot + the events since). Baseline: a one-row SELECT.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, timedelta

from api.contract_files import load_contract_file
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision
from tests.benchmarks.measure import CLOCK, Figure, ms, one_row_select, schema, timed, write
from tests.conftest import AMAGER

KEY = "tidsrejse"
START, END = date(2014, 1, 1), date(2017, 12, 31)


def revise(tracker: Tracker, revisions: int) -> None:
    """Record the revisions through the aggregate's command (every rule), saved 500 at a time.

    Not through the use case one by one: each revision checks every version before it, so
    building the history is quadratic; even so 2k revisions took over 5 minutes here, so the default is 300.
    """
    contract = tracker.get_contract(KEY)
    base = contract.terms().model_dump(mode="json")
    decision = Decision(decided_by="forum", decided_on=START)
    for i in range(1, revisions + 1):
        data = base | {"title": f"{base['title']} (revision {i})"}
        contract.revise(
            ContractTerms.model_validate(data), START + timedelta(days=i % (END - START).days), decision, "bench"
        )
        if i % 500 == 0 or i == revisions:
            tracker.save(contract)


def run(revisions: int = 300, repeat: int = 500) -> list[Figure]:
    with schema() as (_, env):
        tracker = Tracker(env, clock=lambda: CLOCK)
        try:
            contract = load_contract_file(AMAGER).model_copy(update={"key": KEY})
            tracker.import_contract(contract, actor="bench", source="bench")
            began = datetime.now(UTC)
            revise(tracker, revisions)
            ended = datetime.now(UTC)
            events = tracker.get_contract(KEY).version
            rng = random.Random(1)

            def ask() -> None:
                effective = START + timedelta(days=rng.randrange((END - START).days))
                known_at = began + (ended - began) * rng.random()
                tracker.get_contract(KEY).terms(effective, known_at)

            samples = timed(ask, repeat)
            baseline = one_row_select(env, repeat)
        finally:
            tracker.close()
    result = {"contract_events": events, "terms": ms(samples), "one-row SELECT": ms(baseline)}
    p99 = result["terms"]["p99_ms"]
    figures = [
        Figure(
            f"time travel terms() p99 ({events} events)",
            p99,
            result["one-row SELECT"]["p99_ms"],
            "ms",
            "<10 ms",
            p99 < 10,
        ),
        Figure(
            "time travel terms() p50", result["terms"]["p50_ms"], result["one-row SELECT"]["p50_ms"], "ms", "–", None
        ),
    ]
    write("time_travel", result, figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--revisions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    run(args.revisions, args.repeat)
