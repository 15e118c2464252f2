"""A mixed load through HTTP: 16 writers and 16 readers at once, beside the bare endpoint under the same generator.

    .venv/bin/python -m tests.benchmarks.bench_mixed [--size small] [--seconds S]

The load generator is ``wrk`` (4.1, Debian; ``make wrk`` installs it), a C event loop, driving the app
served by ``uvicorn --factory api.app:create_app --workers 2`` with the projections followed as in
production. Writer i books expenses on ledger i alone (``tests/benchmarks/wrk/writes.lua``: If-Match the
version its last answer gave, a fresh Idempotency-Key each), so no write can conflict; the readers
(``reads.lua``) ask for a random contract's status, the overview's first page or the overdue meetings'
first page. The baseline is the bare endpoint (one psycopg one-row SELECT) under the same two wrk
processes. Afterwards every ledger is read from the store: each acknowledged write must be there exactly
once. wrk's own CPU time over the run's wall time shows whether the generator was the limit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.accounts.users import UserDirectory
from domain.budget import Ledger, ledger_id
from projections.database import ViewDatabase
from projections.shell import load_records
from tests.benchmarks.bench_api import serve, workers_peak_mb
from tests.benchmarks.measure import AS_OF, Figure, Store, on_generated, one_row_select, write
from tests.conftest import POSTGRES_URL

WRITERS = 16
READERS = 16
READER_THREADS = 2  # one wrk thread drives many connections; a writer needs a thread of its own (its version)
SCRIPTS = Path(__file__).parent / "wrk"


def available() -> bool:
    """Whether wrk is installed (``make bench`` installs it; without it the mixed load is skipped)."""
    return shutil.which("wrk") is not None


@dataclass
class Book:
    """One writer's ledger: where it posts, the version it starts from, the day it books on."""

    key: str
    plan: str
    id: uuid.UUID
    version: int
    day: str

    @property
    def path(self) -> str:
        return f"/contracts/{self.key}/plans/{self.plan}/expenses"


def books(store: Store, keys: list[str], count: int) -> list[Book]:
    """Up to ``count`` ledgers, one per contract first (then second plans), each with its stored version."""
    tracker = store.tracker
    rounds: dict[int, list[Book]] = defaultdict(list)
    for key in keys:
        contract = tracker.get_contract(key)
        for n, plan in enumerate(contract.terms(AS_OF).plans):
            ledger = ledger_id(contract.id, plan.key)
            book = Book(key, plan.key, ledger, stored_version(store, ledger), plan.period.start.isoformat())
            rounds[n].append(book)
    return [b for n in sorted(rounds) for b in rounds[n]][:count]


def stored_version(store: Store, aggregate: uuid.UUID) -> int:
    """The aggregate's version as stored now (0 before its first event)."""
    last = store.tracker.recorder.select_events(aggregate, desc=True, limit=1)
    return last[0].originator_version if last else 0


def settle(store: Store, chosen: list[Book]) -> None:
    """Each ledger's stored version once it stays put: a write cut off by wrk's end may still be landing."""
    while True:
        before = [stored_version(store, b.id) for b in chosen]
        time.sleep(0.5)
        after = [stored_version(store, b.id) for b in chosen]
        if before == after:
            break
    for book, version in zip(chosen, after, strict=True):
        book.version = version


def lua(value: Any) -> str:
    """A Lua literal of plain data (ASCII strings, numbers, lists, dicts with name keys)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    return json.dumps(value) if isinstance(value, str) else str(value)


def config(folder: Path, name: str, data: dict[str, Any]) -> str:
    path = folder / f"{name}.lua"
    path.write_text("return " + lua(data) + "\n")
    return str(path)


def wrk(url: str, script: str, conf: str, threads: int, connections: int, seconds: float) -> subprocess.Popen[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
    command += ["-s", str(SCRIPTS / script), url, "--", conf]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    """wait for one wrk; its JSON line plus the CPU seconds it used (user + system)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stdout is not None
    out = process.stdout.read()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {out}")
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH ")) | {"cpu_s": usage.ru_utime + usage.ru_stime}


def drive(url: str, writes: tuple[str, str], reads: tuple[str, str], seconds: float, writers: int) -> dict[str, Any]:
    """The two wrk processes at once: (script, config) for the ``writers``' and the readers' connections."""
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    writing = wrk(url, *writes, threads=writers, connections=writers, seconds=seconds)
    reading = wrk(url, *reads, threads=READER_THREADS, connections=READERS, seconds=seconds)
    w, r = finish(writing), finish(reading)
    wall = time.perf_counter() - began
    return {
        "writes": summary(w),
        "reads": summary(r),
        "wrk_cpu_cores": round((w["cpu_s"] + r["cpu_s"]) / wall, 3),  # 1.0 = one core busy all the run
        "load": [load_before, os.getloadavg()[0]],
        "acked": w["acked"],
    }


def summary(r: dict[str, Any]) -> dict[str, Any]:
    errors = {k: r[k] for k in ("connect", "read", "write", "status", "timeout")}
    return {
        "requests": r["requests"],
        "req_per_s": round(r["requests"] / (r["duration_us"] / 1e6), 1),
        "p50_ms": r["p50_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "max_ms": r["max_us"] / 1000,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "last_refusal": r["last_refusal"],
    }


def landed(store: Store, runs: list[tuple[str, list[int], list[int]]], chosen: list[Book]) -> dict[str, int]:
    """Every acknowledged write in the store exactly once (one more per writer may land: cut off by wrk's end).

    ``runs``: per run its tag, each ledger's version before it, and each writer's acknowledged writes.
    """
    settle(store, chosen)
    lost = duplicated = unacknowledged = acknowledged = 0
    for tag, versions, acked in runs:
        acknowledged += sum(acked)
        for n, (book, version, ack) in enumerate(zip(chosen, versions, acked, strict=True), start=1):
            texts = [
                e.text
                for e in map(
                    store.tracker.mapper.to_domain_event, store.tracker.recorder.select_events(book.id, gt=version)
                )
                if isinstance(e, Ledger.ExpenseBooked) and e.text.startswith(f"bench {tag} w{n} ")
            ]
            duplicated += len(texts) - len(set(texts))
            lost += max(0, ack - len(set(texts)))
            unacknowledged += max(0, len(set(texts)) - ack)
    return {"acknowledged": acknowledged, "lost": lost, "duplicated": duplicated, "unacknowledged": unacknowledged}


def pause_for(saturated: dict[str, Any], connections: int) -> int:
    """The think time (ms) that offers about half the rate the app reached when saturated."""
    rate = saturated["writes"]["req_per_s"] + saturated["reads"]["req_per_s"]
    return round(2000 * connections / max(rate, 1.0))


def measure(store: Store, seconds: float, warm_up: float) -> dict[str, Any]:
    db = ViewDatabase(store.env)
    suffix = uuid.uuid4().hex[:6]  # the same store can be measured again
    _, reader = UserDirectory(db).add(f"bench-reader-{suffix}", "reader", None, "bench")
    _, coordinator = UserDirectory(db).add(f"bench-coordinator-{suffix}", "coordinator", None, "bench")
    keys = [r["key"] for r in load_records(db)]
    db.close()
    one_row_select(store.env, 1)  # creates the bare endpoint's table
    paths = [f"/contracts/{k}/status?as_of={AS_OF}" for k in keys]
    paths += [f"/contracts?limit=50&as_of={AS_OF}", f"/overdue-meetings?limit=50&as_of={AS_OF}"]
    chosen = books(store, keys, WRITERS)
    n, connections = len(chosen), len(chosen) + READERS
    result: dict[str, Any] = {"events": store.events, "writers": n, "readers": READERS, "generator": "wrk 4.1"}
    forum = {"FORUM_DATABASE_URL": POSTGRES_URL, "FORUM_POSTGRES_SCHEMA": store.schema}
    bare_env = {"BENCH_DATABASE_URL": POSTGRES_URL, "BENCH_SCHEMA": store.schema}
    runs: list[tuple[str, list[int], list[int]]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with serve("api.app:create_app", forum) as (app, url):
            pause = 0
            for name, span in (("warm", warm_up), ("saturated", seconds), ("paced", seconds)):
                pause = pause_for(result["saturated"], connections) if name == "paced" else 0
                settle(store, chosen)
                tag = f"{name}-{uuid.uuid4().hex[:6]}"
                ledgers = [{"path": b.path, "version": b.version, "day": b.day} for b in chosen]
                writes = config(
                    folder, "writes", {"token": coordinator, "run": tag, "ledgers": ledgers, "pause_ms": pause}
                )
                reads = config(folder, "reads", {"token": reader, "paths": paths, "pause_ms": pause})
                result[name] = drive(url, ("writes.lua", writes), ("reads.lua", reads), span, n)
                result[name]["pause_ms"] = pause
                runs.append((tag, [b.version for b in chosen], result[name].pop("acked")))
            result["worker_peak_mb"] = round(workers_peak_mb(app), 1)
        with serve("tests.benchmarks.bare_app:create_app", bare_env) as (_, url):
            for name, span, think in (("warm", warm_up, 0), ("saturated", seconds, 0), ("paced", seconds, pause)):
                bare = config(folder, "bare", {"token": "", "paths": ["/one"], "pause_ms": think})
                result[f"bare_{name}"] = drive(url, ("reads.lua", bare), ("reads.lua", bare), span, n)
    result["landed"] = landed(store, runs[1:], chosen)
    return result


def rate(r: dict[str, Any]) -> float:
    return float(r["writes"]["req_per_s"] + r["reads"]["req_per_s"])


def figures(r: dict[str, Any]) -> list[Figure]:
    saturated, paced, bare, bare_paced = r["saturated"], r["paced"], r["bare_saturated"], r["bare_paced"]
    p99 = max(bare_paced["writes"]["p99_ms"], bare_paced["reads"]["p99_ms"])
    reads, writes = paced["reads"], paced["writes"]
    errors = sum(x[k]["errors"] for x in (saturated, paced) for k in ("reads", "writes"))
    kept = r["landed"]
    wrong = kept["lost"] + kept["duplicated"]
    cores = max(x["wrk_cpu_cores"] for x in (saturated, paced, bare, bare_paced))
    half = f"paced (≈½ saturation, think {paced['pause_ms']} ms)"
    return [
        Figure("mixed saturated: req/s (reads + writes)", rate(saturated), rate(bare), "1/s", "–", None),
        Figure("mixed saturated: read p99", saturated["reads"]["p99_ms"], bare["reads"]["p99_ms"], "ms", "–", None),
        Figure("mixed saturated: write p99", saturated["writes"]["p99_ms"], bare["writes"]["p99_ms"], "ms", "–", None),
        Figure(f"mixed {half}: req/s", rate(paced), rate(bare_paced), "1/s", "–", None),
        Figure("mixed paced: read p50", reads["p50_ms"], p99, "ms", "–", None),
        Figure("mixed paced: read p99", reads["p99_ms"], p99, "ms", "<25 ms", reads["p99_ms"] < 25),
        Figure("mixed paced: write p50", writes["p50_ms"], p99, "ms", "–", None),
        Figure("mixed paced: write p99", writes["p99_ms"], p99, "ms", "<50 ms", writes["p99_ms"] < 50),
        Figure("mixed: errors and non-2xx (both runs)", errors, None, "requests", "0", errors == 0),
        Figure("mixed: writes lost or duplicated", wrong, kept["acknowledged"], "writes", "0", wrong == 0),
        Figure("mixed: wrk CPU, most of any run", cores, None, "cores", "<0.5 (not the limit)", cores < 0.5),
    ]  # fmt: skip


def run(store: Store, seconds: float = 10.0) -> list[Figure]:
    """The mixed load on a generated store; nothing (and a note) when wrk is not installed."""
    if not available():
        print("wrk mangler: den blandede HTTP-belastning springes over (make wrk installerer den).")
        return []
    result = measure(store, seconds, warm_up=min(3.0, seconds))
    found = figures(result)
    write("mixed", result, found)
    return found


if __name__ == "__main__":
    on_generated(run, "small")
