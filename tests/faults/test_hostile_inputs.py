"""The hostile corpus: every file and request is refused in Danish (file:line or problem+json 4xx), nothing written.

Counted per store: what was tried, refused, tracebacks, 5xx answers and partial writes; the counts are
written to test-artifacts/faults/hostile-{store}.json for the README's figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app as forum
from domain.tracker import Tracker
from tests.conftest import ROOT
from tests.faults.hostile.corpus import SOUND, HostileRequest, hostile_requests, kept_files, made_files
from tests.web.conftest import sign_in
from tests.web.facts import amager_app

ARTIFACTS = ROOT / "test-artifacts" / "faults"
FILE_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def head(store: dict[str, str]) -> int:
    tracker = Tracker(store)
    try:
        return tracker.recorder.max_notification_id() or 0
    finally:
        tracker.close()


@dataclass
class Tally:
    """What was tried, refused and lost, one hostile thing at a time, watching the store's head for writes."""

    store: dict[str, str]
    counts: dict[str, int]
    failures: list[str] = field(default_factory=list)
    before: int = 0

    def __post_init__(self) -> None:
        self.before = head(self.store)

    def record(self, name: str, counter: str | None, failure: str | None = None) -> None:
        """One more tried: count it under ``counter`` (if any), note ``failure`` (if any), and any events written."""
        self.counts["tried"] += 1
        if counter is not None:
            self.counts[counter] += 1
        if failure is not None:
            self.failures.append(f"{name}: {failure}")
        if head(self.store) != self.before:
            self.counts["partial_writes"] += 1
            self.failures.append(f"{name}: wrote events")
            self.before = head(self.store)

    def report(self, kind: str) -> None:
        """Write the counts to test-artifacts/faults/ for the README's figures."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = "sqlite" if self.store["PERSISTENCE_MODULE"].endswith("sqlite") else "postgres"
        path = ARTIFACTS / f"hostile-{kind}-{name}.json"
        text = json.dumps({**self.counts, "failures": self.failures}, ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")
        print(f"\nhostile {kind} ({name}): {self.counts}")


def test_every_hostile_contract_file_is_refused_with_file_line_field_and_message_and_nothing_is_written(
    cli_env: None, store: dict[str, str], tmp_path: Path
) -> None:
    # Given a store holding the sound base the hostile files are made from
    runner = CliRunner()
    sound = runner.invoke(forum, ["import", str(SOUND)])
    assert sound.exit_code == 0, sound.output
    files = kept_files() + made_files(tmp_path)
    tally = Tally(store, dict.fromkeys(["tried", "refused", "tracebacks", "server_errors", "partial_writes"], 0))

    # When each hostile file is imported on its own
    for path in files:
        result = runner.invoke(forum, ["import", str(path)])
        lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            error = result.exception
            tally.record(path.name, "tracebacks", f"{type(error).__name__}: {str(error)[:200]}")
        elif (result.exit_code == 1 and lines and all(FILE_LINE.match(line) for line in lines)) or (
            result.exit_code == 1 and f"{path.name}:" in result.stderr
        ):
            tally.record(path.name, "refused")
        else:
            tally.record(path.name, None, f"exit {result.exit_code}: {result.output[:300]}")
    tally.report("files")

    # Then every one was refused, with no traceback and nothing written
    counts = tally.counts
    assert tally.failures == []
    assert counts == {**counts, "refused": len(files), "tracebacks": 0, "partial_writes": 0}


@pytest.fixture
def client(store: dict[str, str]) -> Iterator[tuple[TestClient, dict[str, str]]]:
    application, tokens = amager_app(store)
    with TestClient(application, follow_redirects=False, raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {tokens['koordinator']}"
        sign_in(test_client, tokens["koordinator"])  # the pages sign in by session cookie
        yield test_client, tokens


def send(client: TestClient, request: HostileRequest) -> tuple[int, str, str]:
    """Status, content type and body of one hostile request (a chunked one streams its body without a length)."""
    headers = dict(request.headers)
    if request.version_of is not None:
        headers["If-Match"] = client.get(request.version_of).headers.get("ETag", '"0"')
    content: bytes | Iterator[bytes] | None = request.content
    chunked = headers.pop("X-Hostile-Chunked", None)
    if chunked is not None:
        content = iter([b" " * 65_536] * (int(chunked) // 65_536 + 1))
    raw = {name: value.encode("utf-8") for name, value in headers.items()}  # a header may hold any bytes
    response = client.request(request.method, request.path, json=request.json, content=content, headers=raw)
    return response.status_code, response.headers.get("content-type", ""), response.text[:300]


def test_every_hostile_request_is_answered_4xx_in_danish_and_writes_nothing(
    client: tuple[TestClient, dict[str, str]], store: dict[str, str]
) -> None:
    # Given the API over a store with the Amager history, and a coordinator's token
    test_client, _ = client
    tally = Tally(store, dict.fromkeys(["tried", "refused", "server_errors", "partial_writes"], 0))

    # When each hostile request is sent
    for request in hostile_requests():
        status, kind, body = send(test_client, request)
        api = not request.path.startswith(("/kontrakter", "/?", "/exports"))
        if status >= 500:
            tally.record(request.name, "server_errors", f"{status} {body}")
        elif 400 <= status < 500 and (kind.startswith("application/problem+json") or not api):
            tally.record(request.name, "refused")
        else:
            tally.record(request.name, None, f"{status} {kind} {body[:120]}")
    tally.report("requests")

    # Then every one was refused with a 4xx, none answered 5xx, and nothing was written
    assert tally.failures == []
    assert tally.counts["server_errors"] == 0 and tally.counts["partial_writes"] == 0
