"""`forum serve` (what `make run` runs) as a real process on a real port: it says where the forum runs, and puts
demo data and a development coordinator only into the embedded store that holds nothing but the shipped files."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api.demo.history import demo_loaded
from domain.tracker import opened
from tests.conftest import CONTRACTS
from tests.e2e.conftest import Forum

STARTED = re.compile(r"Forum kører på (http://127\.0\.0\.1:(\d+)) – log ind på (\S+)$")


def demo_recorded(store: dict[str, str]) -> bool:
    with opened(store) as tracker:
        return demo_loaded(tracker)


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """`forum serve --import --port 0` on the test's store; yields the printed address and the lines printed
    until then. The process is stopped (SIGINT, as Ctrl-C) afterwards."""
    env = {**os.environ, "FORUM_DATA_DIR": str(data_dir), "FORUM_CONTRACTS_DIR": str(CONTRACTS)}
    command = [sys.executable, "-m", "api.cli.main", "serve", "--import", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout or ()])
    reader.start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 300  # a safety net only: the line comes once the server listens
        while not (seen and STARTED.search(seen[-1])):
            assert process.poll() is None or not lines.empty(), "forum serve stopped:\n" + "\n".join(seen)
            assert time.monotonic() < deadline, "forum serve never said where it runs:\n" + "\n".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        match = STARTED.search(seen[-1])
        assert match is not None
        assert match.group(3) == f"{match.group(1)}/log-ind"
        yield match.group(1), seen
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        reader.join(timeout=120)


def test_forum_serve_prints_the_real_address_and_the_log_in_page(
    forum: Forum, store: dict[str, str], tmp_path: Path
) -> None:
    with serving(tmp_path) as (url, printed):
        page = httpx.get(f"{url}/log-ind", timeout=60)
        contracts = forum("list", "--json")

    assert not url.endswith(":0")
    assert page.status_code == 200 and "Log ind" in page.text
    output = "\n".join(printed)
    assert {c["key"] for c in contracts} == {"amager-udsatte-grupper-2013", "eksempel-social-vicevaert"}
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):  # the embedded store: a newcomer's first run
        assert "demohistorikken 2014–2017 for amager-udsatte-grupper-2013 er indlæst" in output
        assert demo_recorded(store)
        assert "oprettede udvikler" in output and f"{url}/contracts" in output
    else:  # PostgreSQL: nothing written that nobody asked for
        assert "Demodata indlæses ikke i PostgreSQL af sig selv" in output
        assert "der oprettes ingen udviklerbruger: lageret er PostgreSQL" in output
        assert "forum users add NAVN --role coordinator" in output
        assert forum("users", "list", "--json") == []
        assert not demo_recorded(store)


def test_a_store_with_other_contracts_gets_no_demo_data_nor_a_development_coordinator(
    forum: Forum, store: dict[str, str], tmp_path: Path
) -> None:
    own = tmp_path / "egen.yaml"
    shipped = (CONTRACTS / "eksempel-social-vicevaert.yaml").read_text(encoding="utf-8")
    own.write_text(shipped.replace("key: eksempel-social-vicevaert", "key: egen-kontrakt"), encoding="utf-8")
    forum("import", str(own))

    refused = forum("demo", expect=1)
    with serving(tmp_path) as (_, printed):
        pass
    coordinator = forum("users", "add", "chef", "--role", "coordinator", "--json")

    reason = "lageret rummer kontrakter, der ikke er blandt de medfølgende filer: egen-kontrakt"
    assert f"Demodata indlæses ikke: {reason}" in refused.output
    output = "\n".join(printed)
    assert f"Demodata indlæses ikke: {reason}." in output
    assert "der oprettes ingen udviklerbruger" in output and "udvikler (" not in output
    assert not demo_recorded(store)
    assert [u["name"] for u in forum("users", "list", "--json")] == ["chef"]
    assert coordinator["role"] == "coordinator"
