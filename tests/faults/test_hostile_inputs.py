"""The hostile corpus: every file and request is refused in Danish (file:line or problem+json 4xx), nothing written.

Counted per store: what was tried, refused, tracebacks, 5xx answers and partial writes; the counts are
written to test-artifacts/faults/hostile-{store}.json for the README's figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli.main import app as forum
from api.settings import Settings
from domain.tracker import Tracker
from tests.conftest import ROOT, store_url
from tests.faults.hostile.corpus import SOUND, HostileRequest, hostile_requests, kept_files, made_files
from tests.web.conftest import sign_in
from tests.web.facts import add_users, project, record_history

ARTIFACTS = ROOT / "test-artifacts" / "faults"
FILE_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def head(store: dict[str, str]) -> int:
    tracker = Tracker(store)
    try:
        return tracker.recorder.max_notification_id() or 0
    finally:
        tracker.close()


def report(store: dict[str, str], kind: str, counts: dict[str, int], failures: list[str]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = "sqlite" if store["PERSISTENCE_MODULE"].endswith("sqlite") else "postgres"
    path = ARTIFACTS / f"hostile-{kind}-{name}.json"
    path.write_text(json.dumps({**counts, "failures": failures}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nhostile {kind} ({name}): {counts}")


def test_every_hostile_contract_file_is_refused_with_file_line_field_and_message_and_nothing_is_written(
    cli_env: None, store: dict[str, str], tmp_path: Path
) -> None:
    # Given a store holding the sound base the hostile files are made from
    runner = CliRunner()
    sound = runner.invoke(forum, ["import", str(SOUND)])
    assert sound.exit_code == 0, sound.output
    before = head(store)
    files = kept_files() + made_files(tmp_path)
    counts = dict.fromkeys(["tried", "refused", "tracebacks", "server_errors", "partial_writes"], 0)
    failures: list[str] = []

    # When each hostile file is imported on its own
    for path in files:
        result = runner.invoke(forum, ["import", str(path)])
        counts["tried"] += 1
        lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            counts["tracebacks"] += 1
            failures.append(f"{path.name}: {type(result.exception).__name__}: {str(result.exception)[:200]}")
        elif (result.exit_code == 1 and lines and all(FILE_LINE.match(line) for line in lines)) or (
            result.exit_code == 1 and f"{path.name}:" in result.stderr
        ):
            counts["refused"] += 1
        else:
            failures.append(f"{path.name}: exit {result.exit_code}: {result.output[:300]}")
        if head(store) != before:
            counts["partial_writes"] += 1
            failures.append(f"{path.name}: wrote events")
            before = head(store)
    report(store, "files", counts, failures)

    # Then every one was refused, with no traceback and nothing written
    assert failures == []
    assert counts == {**counts, "refused": len(files), "tracebacks": 0, "partial_writes": 0}


@pytest.fixture
def client(store: dict[str, str]) -> Iterator[tuple[TestClient, dict[str, str]]]:
    tracker = Tracker(store, clock=lambda: date(2016, 1, 15))
    try:
        record_history(tracker)
        project(tracker, store)
    finally:
        tracker.close()
    tokens = add_users(store)
    url, schema = store_url(store)
    application = create_app(Settings(database_url=url, postgres_schema=schema, pool_size=2))
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
    before = head(store)
    counts = dict.fromkeys(["tried", "refused", "server_errors", "partial_writes"], 0)
    failures: list[str] = []

    # When each hostile request is sent
    for request in hostile_requests():
        status, kind, body = send(test_client, request)
        counts["tried"] += 1
        api = not request.path.startswith(("/kontrakter", "/?", "/exports"))
        if status >= 500:
            counts["server_errors"] += 1
            failures.append(f"{request.name}: {status} {body}")
        elif 400 <= status < 500 and (kind.startswith("application/problem+json") or not api):
            counts["refused"] += 1
        else:
            failures.append(f"{request.name}: {status} {kind} {body[:120]}")
        if head(store) != before:
            counts["partial_writes"] += 1
            failures.append(f"{request.name}: wrote events")
            before = head(store)
    report(store, "requests", counts, failures)

    # Then every one was refused with a 4xx, none answered 5xx, and nothing was written
    assert failures == []
    assert counts["server_errors"] == 0 and counts["partial_writes"] == 0
