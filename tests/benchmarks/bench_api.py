"""HTTP throughput and latency of the JSON API beside a bare FastAPI endpoint, plus a worker's peak memory.

    .venv/bin/python -m tests.benchmarks.bench_api [--size city] [--seconds S]

Both apps are served the same way, by ``uvicorn --factory … --workers 2`` in a subprocess on
127.0.0.1, and loaded by the same pool of client threads (httpx) for the same time. The bare
endpoint does one single-row SELECT over psycopg. The views are caught up before the run, so the
real app does not follow the projections (FORUM_FOLLOW_PROJECTIONS=false) during it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from api.accounts.users import UserDirectory
from projections.database import ViewDatabase
from projections.shell import load_records
from tests.benchmarks.measure import AS_OF, MIN_SAMPLES, Figure, Store, ms, on_generated, one_row_select, write
from tests.conftest import POSTGRES_URL, in_threads

CLIENT_THREADS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(factory: str, env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``uvicorn --factory <factory> --workers 2`` on a free port until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--workers", "2"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=os.environ | env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # a safety net only: a loaded machine starts workers slowly
        while True:
            try:
                httpx.get(url + "/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{factory} did not start") from None
                time.sleep(0.2)
        yield process, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load(url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
    """Requests from CLIENT_THREADS threads for ``seconds`` each: rate, latency, errors.

    Each client's window opens after its warm-up request and closes after ``seconds``, but not before
    it has MIN_SAMPLES answers: a loaded machine gives slower figures, never none.
    """
    samples: list[float] = []
    errors: list[int] = []
    windows: list[tuple[float, float]] = []
    failures: list[BaseException] = []

    def client() -> None:
        try:
            run_client()
        except BaseException as e:  # raised below, in the caller's thread
            failures.append(e)

    def run_client() -> None:
        with httpx.Client(headers=headers, timeout=30) as http:
            http.get(url)  # warm-up: connect
            mine: list[float] = []
            opened = time.perf_counter()
            while len(mine) < MIN_SAMPLES or time.perf_counter() < opened + seconds:
                began = time.perf_counter()
                response = http.get(url)
                mine.append(time.perf_counter() - began)
                if response.status_code != 200:
                    errors.append(response.status_code)
            windows.append((opened, time.perf_counter()))
            samples.extend(mine)

    in_threads(lambda _: client(), CLIENT_THREADS)
    if failures:
        raise RuntimeError(f"{len(failures)} of {CLIENT_THREADS} load clients failed") from failures[0]
    elapsed = max(end for _, end in windows) - min(start for start, _ in windows)
    return {"req_per_s": round(len(samples) / elapsed, 1), "errors": len(errors)} | ms(samples)


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident memory) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_peak_mb(process: subprocess.Popen[bytes]) -> float:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return max((peak_rss_mb(int(pid)) for pid in children), default=0.0)


def measure(store: Store, seconds: float) -> dict[str, Any]:
    db = ViewDatabase(store.env)
    _, token = UserDirectory(db).add("bench-reader", "reader", None, "bench")
    key = load_records(db)[0]["key"]
    db.close()
    one_row_select(store.env, 1)  # creates the bare endpoint's table
    headers = {"Authorization": f"Bearer {token}"}
    forum = {
        "FORUM_DATABASE_URL": POSTGRES_URL,
        "FORUM_POSTGRES_SCHEMA": store.schema,
        "FORUM_FOLLOW_PROJECTIONS": "false",
        "FORUM_POOL_SIZE": "4",
    }
    result: dict[str, Any] = {"events": store.events, "client_threads": CLIENT_THREADS}
    with serve(
        "tests.benchmarks.bare_app:create_app", {"BENCH_DATABASE_URL": POSTGRES_URL, "BENCH_SCHEMA": store.schema}
    ) as (bare, url):
        result["bare"] = load(url + "/one", {}, seconds)
        result["bare_worker_peak_mb"] = round(workers_peak_mb(bare), 1)
    with serve("api.app:create_app", forum) as (app, url):
        result["contracts"] = load(url + "/contracts?limit=50", headers, seconds)  # a page, as a client pages
        result["status"] = load(f"{url}/contracts/{key}/status?as_of={AS_OF}", headers, seconds)
        result["worker_peak_mb"] = round(workers_peak_mb(app), 1)
    return result


def figures(r: dict[str, Any]) -> list[Figure]:
    bare = r["bare"]
    out = []
    for name in ("contracts", "status"):
        route = "GET /contracts" if name == "contracts" else "GET /contracts/{key}/status"
        rate = r[name]["req_per_s"]
        out.append(
            Figure(f"{route} req/s", rate, bare["req_per_s"], "1/s", "≥0.7× bare", rate >= 0.7 * bare["req_per_s"])
        )
        out.append(Figure(f"{route} p99", r[name]["p99_ms"], bare["p99_ms"], "ms", "–", None))
    peak = r["worker_peak_mb"]
    out.append(Figure("API worker peak RSS under load", peak, r["bare_worker_peak_mb"], "MB", "<200 MB", peak < 200))
    return out


def run(store: Store, seconds: float = 10.0) -> list[Figure]:
    result = measure(store, seconds)
    found = figures(result)
    write("api", result, found)
    return found


if __name__ == "__main__":
    on_generated(run, "city")
