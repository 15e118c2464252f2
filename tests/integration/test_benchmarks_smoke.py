"""The benchmark suite runs end to end at a tiny size and writes its figures (never asserts times)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks import run
from tests.conftest import ROOT


def test_benchmark_suite_completes_and_writes_its_figures(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the artifacts of a real run stay as they are
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the subprocesses import tests.benchmarks from here

    run.main("tiny")

    summary = json.loads((tmp_path / "test-artifacts/bench/summary.json").read_text())
    names = {f["name"] for f in summary["figures"]}
    assert any(n.startswith("appends/s, 16") for n in names)
    assert "lost or duplicated events" in names
    for part in ("appends", "queries", "time_travel", "api", "memory"):
        assert (tmp_path / f"test-artifacts/bench/{part}.json").exists()
    lost = next(f for f in summary["figures"] if f["name"] == "lost or duplicated events")
    assert lost["value"] == 0
