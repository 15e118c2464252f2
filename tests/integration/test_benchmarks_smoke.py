"""The benchmark suite runs end to end at a tiny size and writes its figures (never asserts times)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.benchmarks import bench_api, run
from tests.benchmarks.measure import MIN_SAMPLES
from tests.conftest import ROOT

PARTS = ("appends", "queries", "time_travel", "api", "memory", "verify", "costs", "summary")


def test_benchmark_suite_completes_and_writes_its_figures(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the artifacts of a real run stay as they are
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the subprocesses import tests.benchmarks from here

    run.main("tiny")

    written = {part: json.loads((tmp_path / f"test-artifacts/bench/{part}.json").read_text()) for part in PARTS}
    assert written["summary"]["figures"] and written["summary"]["commit"] != "?"
    assert "| figure | value | baseline | ratio |" in (tmp_path / "test-artifacts/bench/summary.md").read_text()


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ok_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()
    server.server_close()


def test_a_load_window_that_closes_before_the_first_answer_still_measures_every_client(ok_server: str) -> None:
    result = bench_api.load(ok_server, {}, seconds=0)  # a window shorter than any warm-up: the busy machine's case

    assert result["n"] >= MIN_SAMPLES * bench_api.CLIENT_THREADS
    assert result["p99_ms"] is not None
    assert result["errors"] == 0
