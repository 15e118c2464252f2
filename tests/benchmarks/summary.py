"""The summary of one run: every figure beside its baseline, with the run's date, commit, cores and load.

Written to ``test-artifacts/bench/summary.json`` and, as a markdown table ready for the README,
``test-artifacts/bench/summary.md``; printed at the end of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.measure import OUT, Figure, table


def commit() -> str:
    """The checkout's short commit (``+`` when it has uncommitted changes), or '?' outside git."""
    git = ["git", "-C", str(Path(__file__).parents[2])]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


@contextmanager
def summarise(size: str) -> Iterator[list[Figure]]:
    """Collect the run's figures; afterwards write and print the summary (also of a run stopped by an error)."""
    began, load_before = time.perf_counter(), _load()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    figures: list[Figure] = []
    error: str | None = None
    try:
        yield figures
    except BaseException as e:
        error = f"{type(e).__name__}: {e}"
        raise
    finally:
        summary = {
            "size": size,
            "started": started,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - began, 1),
            "commit": commit(),
            "machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0]},
            "loadavg_before": load_before,
            "loadavg_after": _load(),
            "stopped_by": error,
            "figures": [f.__dict__ | {"ratio": f.ratio} for f in figures],
        }
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
        (OUT / "summary.md").write_text(markdown(summary, figures))
        print(f"\nSummary ({_heading(summary)}):")
        print(table(figures))


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _heading(s: dict[str, Any]) -> str:
    before, after = s["loadavg_before"], s["loadavg_after"]
    stopped = f", STOPPED BY {s['stopped_by']}" if s["stopped_by"] else ""
    return (
        f"size {s['size']}, {s['started']}, commit {s['commit']}, {s['seconds']} s, nproc {s['machine']['nproc']}, "
        f"load (1/5/15 min) {before} → {after}{stopped}"
    )


def markdown(summary: dict[str, Any], figures: list[Figure]) -> str:
    lines = [
        f"`python -m tests.benchmarks.run --size {summary['size']}`: {_heading(summary)}.",
        "",
        "| figure | value | baseline | ratio | unit | goal | met |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for f in figures:
        met = "–" if f.met is None else ("yes" if f.met else "**no**")
        numbers = f"{_cell(f.value)} | {_cell(f.baseline)} | {_cell(f.ratio)}"
        lines.append(f"| {f.name} | {numbers} | {f.unit} | {f.goal} | {met} |")
    return "\n".join(lines) + "\n"


def _cell(x: float | None) -> str:
    if x is None:
        return "no samples"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"
