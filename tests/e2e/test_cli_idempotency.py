"""`forum … --idempotency-key`: a write run again with the same key answers as the first run and records once.

The commands run as real `forum` processes on a real SQLite file and a real PostgreSQL schema.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from domain.tracker import Tracker, opened
from tests.conftest import CONTRACTS, ROOT, store_url
from tests.e2e.conftest import Forum, lose_the_outcome

KEY = "amager-udsatte-grupper-2013"
BOOK = ["expense", "book", KEY, "urbanplanen", "--on", "2016-02-01", "--amount", "1.250,00", "--text", "Forplejning",
        "--funder", "lbf"]  # fmt: skip
FORUM = str(Path(sys.executable).parent / "forum")


def forum(store: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`forum …` as its own process on the test's store, as the coordinator."""
    return run_forum(*store_url(store), *args)


def run_forum(url: str, schema: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUM_")}
    env |= {"FORUM_DATABASE_URL": url, "FORUM_USER": "koordinator", "FORUM_POOL_SIZE": "2"}
    if schema is not None:
        env["FORUM_POSTGRES_SCHEMA"] = schema
    return subprocess.run([FORUM, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def amager(store: dict[str, str]) -> dict[str, str]:
    imported = forum(store, "import", str(CONTRACTS / "amager-udsatte-grupper-2013.yaml"))
    assert imported.returncode == 0, imported.stderr
    return store


def booked(store: dict[str, str]) -> list[Any]:
    with opened(store) as tracker:
        ledger = tracker.get_ledger(KEY, "urbanplanen")
        return [] if ledger is None else list(ledger.entries)


def head(store: dict[str, str]) -> int:
    with opened(store) as tracker:
        return tracker.recorder.max_notification_id() or 0


def test_a_write_run_twice_with_the_same_key_is_recorded_once_and_answers_the_same(amager: dict[str, str]) -> None:
    before = head(amager)
    first = forum(amager, *BOOK, "--idempotency-key", "bog-2016-02-01")
    after_first = head(amager)
    again = forum(amager, *BOOK, "--idempotency-key", "bog-2016-02-01")
    assert first.returncode == 0, first.stderr
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    assert "Udgift bogført som postering 1" in first.stdout
    assert after_first > before and head(amager) == after_first  # the second run stored nothing
    assert len(booked(amager)) == 1


def test_without_a_key_each_run_is_a_new_write(amager: dict[str, str]) -> None:
    # Given no key (one is made per run), When the same command is run twice, Then it is booked twice
    assert forum(amager, *BOOK).returncode == 0
    assert forum(amager, *BOOK).returncode == 0
    assert len(booked(amager)) == 2


def test_a_refusal_is_the_outcome_a_retry_gets_too(amager: dict[str, str]) -> None:
    first = forum(amager, *BOOK, "--expected-version", "7", "--idempotency-key", "forkert-version")
    again = forum(amager, *BOOK, "--expected-version", "7", "--idempotency-key", "forkert-version")
    assert first.returncode == 3 and "Konflikt" in first.stderr
    assert (again.returncode, again.stdout, again.stderr) == (3, first.stdout, first.stderr)
    assert booked(amager) == []


def test_the_same_key_with_other_arguments_is_refused_and_writes_nothing(amager: dict[str, str]) -> None:
    assert forum(amager, *BOOK, "--idempotency-key", "k").returncode == 0
    other = forum(amager, *BOOK[:-1], "dfb", "--idempotency-key", "k")
    assert other.returncode == 1
    assert "--idempotency-key er allerede brugt" in other.stderr and "Traceback" not in other.stderr
    assert [e.funder for e in booked(amager)] == ["lbf"]


def test_a_key_that_is_not_plain_ascii_is_refused_and_writes_nothing(amager: dict[str, str]) -> None:
    refused = forum(amager, *BOOK, "--idempotency-key", "fælles")
    assert refused.returncode == 1 and "synlige ASCII-tegn" in refused.stderr
    assert booked(amager) == []


def test_a_write_whose_answer_was_lost_is_decided_from_the_store_never_as_a_conflict(
    amager: dict[str, str],
) -> None:
    # Given a booking that was committed, but whose process died before it kept its outcome
    first = json.loads(forum(amager, *BOOK, "--json", "--idempotency-key", "tabt").stdout)
    lose_the_outcome(amager, "tabt")
    # When it is run again with the same key
    again = forum(amager, *BOOK, "--json", "--idempotency-key", "tabt")
    # Then it is answered as recorded, from the store, with what it recorded; it is not booked again
    assert again.returncode == 0, again.stderr
    recovered = json.loads(again.stdout)
    assert recovered["recovered"] is True
    assert (recovered["version"], recovered["position"]) == (first["version"], first["position"])
    expense = next(e for e in recovered["events"] if e["topic"] == "forum:Ledger.ExpenseBooked")
    assert (expense["fields"]["entry"], expense["fields"]["amount_ore"]) == (first["entry"], 125_000)
    assert expense["summary"] == "koordinator bogførte 1.250,00 kr. 01.02.2016: Forplejning"
    assert len(booked(amager)) == 1
    # and the decided outcome is the key's from now on
    assert forum(amager, *BOOK, "--json", "--idempotency-key", "tabt").stdout == again.stdout


def test_a_first_run_that_recorded_nothing_runs_again_under_its_key(store: dict[str, str]) -> None:
    # Given a first run that recorded nothing (the contract was not there) and then lost its outcome
    refused = forum(store, *BOOK, "--idempotency-key", "igen")
    assert refused.returncode == 1
    lose_the_outcome(store, "igen")
    assert forum(store, "import", str(CONTRACTS / "amager-udsatte-grupper-2013.yaml")).returncode == 0
    # When it is run again with its key, Then it runs (and records) this time
    again = forum(store, *BOOK, "--idempotency-key", "igen")
    assert again.returncode == 0, again.stderr
    assert len(booked(store)) == 1


def test_an_unknown_outcome_names_the_key_to_run_again_with_and_that_run_decides_it(
    forum: Forum, store: dict[str, str]
) -> None:
    forum("import", str(CONTRACTS / "amager-udsatte-grupper-2013.yaml"))

    def down(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    with pytest.MonkeyPatch.context() as faults:

        def committed_then_gone(self: Tracker, *items: Any, **kwargs: Any) -> Any:
            self.recorder.insert_events([self.mapper.to_stored_event(e) for e in items])
            faults.setattr(type(self.recorder), "select_events", down)  # nor can it be asked
            raise OperationalError("server closed the connection unexpectedly")

        # Given the store commits a booking but fails before saying so, and cannot be asked either
        faults.setattr(Tracker, "save", committed_then_gone)
        unknown = forum(*BOOK, expect=5)
    # Then the outcome is unknown (exit 5, never a conflict) and the key made for the run is named
    assert "Ukendt udfald" in unknown.stderr and "Konflikt" not in unknown.stderr
    made = re.search(r"--idempotency-key (\S+), så afgøres", unknown.stderr)
    assert made is not None, unknown.stderr
    # When the store answers again and the command is run again with that key
    decided = forum(*BOOK, "--idempotency-key", made[1])
    # Then it is answered as recorded and booked once
    assert "svaret gik tabt og er genskabt fra lageret" in decided.stdout
    assert "bogførte 1.250,00 kr. 01.02.2016: Forplejning" in decided.stdout
    assert len(booked(store)) == 1


def test_a_store_that_does_not_answer_is_exit_code_5_with_a_danish_error_never_a_traceback() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = f"postgresql://root@127.0.0.1:{port}/test"
    for command in ([*BOOK, "--idempotency-key", "k"], ["list"]):
        answered = run_forum(down, None, *command)
        assert answered.returncode == 5, answered.stderr
        assert answered.stderr.startswith("Fejl: ") and "Traceback" not in answered.stderr


def test_a_contract_file_edited_since_the_key_was_used_is_another_write(store: dict[str, str], tmp_path: Path) -> None:
    # Given a contract file imported under a key
    copy = tmp_path / "amager.yaml"
    copy.write_text((CONTRACTS / "amager-udsatte-grupper-2013.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = forum(store, "import", str(copy), "--idempotency-key", "indlaes")
    assert first.returncode == 0, first.stderr
    assert forum(store, "import", str(copy), "--idempotency-key", "indlaes").stdout == first.stdout
    # When the file is edited and imported again under the same key, Then it is refused as another write
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# rettet\n", encoding="utf-8")
    edited = forum(store, "import", str(copy), "--idempotency-key", "indlaes")
    assert edited.returncode == 1 and "--idempotency-key er allerede brugt" in edited.stderr
