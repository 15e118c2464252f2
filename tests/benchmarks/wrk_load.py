"""Driving wrk (4.1, Debian) with the Lua scripts in ``wrk/``: two processes at once, their figures as JSON.

wrk is a C event loop: a few threads drive many connections, so the generator is not what limits a
Python server on the same machine (its CPU time is measured and reported beside each run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).parent / "wrk"
READERS = 16
READER_THREADS = 2  # one wrk thread drives many connections; a writer needs a thread of its own (its version)


def available() -> bool:
    """Whether wrk is installed (``make bench`` installs it; without it the mixed load is skipped)."""
    return shutil.which("wrk") is not None


def lua(value: Any) -> str:
    """A Lua literal of plain data (strings, numbers, lists, dicts with name keys); Lua reads the UTF-8 as bytes."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


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
