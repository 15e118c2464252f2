"""Raw SQL on a store's event table as its owner, past the triggers: the attacks the seals must catch."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.settings import get_settings
from persistence import chain
from tests.conftest import POSTGRES_URL


@dataclass(frozen=True)
class Victim:
    """A stored event: where it stands and what it is."""

    position: int
    aggregate: str
    version: int
    topic: str
    state: bytes

    def finding(self, kind: str, position: int | None = None) -> dict[str, Any]:
        at = self.position if position is None else position
        return {"position": at, "kind": kind, "aggregate": self.aggregate, "version": self.version}


class Raw:
    """A superuser's (owner's) connection to the events, with the refusing triggers out of the way."""

    def __init__(self, store: dict[str, str]):
        self.postgres = store["PERSISTENCE_MODULE"].endswith("postgres")
        if self.postgres:
            self.table, self.position = "forum_events", "notification_id"
            self._pg = psycopg.connect(POSTGRES_URL, autocommit=True)
            self._pg.execute(f"SET search_path TO {store['POSTGRES_SCHEMA']}")
            self._pg.execute("SET session_replication_role = replica")  # triggers do not fire
        else:
            self.table, self.position = "stored_events", "rowid"
            self._lite = sqlite3.connect(store["SQLITE_DBNAME"], isolation_level=None)
            for trigger in ("stored_events_no_update", "stored_events_no_delete"):
                self._lite.execute(f"DROP TRIGGER {trigger}")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            return self._pg.execute(sql.replace("?", "%s"), params).fetchall()
        return self._lite.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.postgres:
            self._pg.execute(sql.replace("?", "%s"), params)
        else:
            self._lite.execute(sql, params)

    def event(self, where: str, params: Sequence[Any] = ()) -> Victim:
        row = self.rows(
            f"SELECT {self.position}, originator_id, originator_version, topic, state FROM {self.table} e "
            f"WHERE {where} ORDER BY {self.position} LIMIT 1",
            params,
        )[0]
        return Victim(row[0], chain.originator(row[1]), row[2], row[3], bytes(row[4]))

    def booked_expense(self) -> Victim:
        """An expense in the middle of its ledger's history (a later event of the same ledger follows)."""
        return self.event(
            f"topic = 'forum:Ledger.ExpenseBooked' AND EXISTS (SELECT 1 FROM {self.table} n "
            "WHERE n.originator_id = e.originator_id AND n.originator_version = e.originator_version + 1)"
        )

    def last(self) -> Victim:
        return self.event(f"{self.position} = (SELECT max({self.position}) FROM {self.table})")

    def delete(self, victim: Victim) -> None:
        self.execute(f"DELETE FROM {self.table} WHERE {self.position} = ?", (victim.position,))

    def rewrite(self, victim: Victim, change: dict[str, Any]) -> None:
        state = json.loads(victim.state) | change
        self.execute(
            f"UPDATE {self.table} SET state = ? WHERE {self.position} = ?",
            (json.dumps(state).encode(), victim.position),
        )

    def close(self) -> None:
        (self._pg if self.postgres else self._lite).close()


@contextmanager
def raw(store: dict[str, str]) -> Iterator[Raw]:
    connection = Raw(store)
    try:
        yield connection
    finally:
        connection.close()


def forum(*args: str) -> tuple[int, str]:
    """The real `forum` command line in this process: its exit code and its output."""
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def forum_json(*args: str) -> tuple[int, Any]:
    """The real `forum` command line with --json: its exit code and its parsed standard output."""
    get_settings.cache_clear()
    result = CliRunner().invoke(app, [*args, "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def verify_json(*args: str) -> tuple[int, dict[str, Any]]:
    return forum_json("verify", *args)


@pytest.fixture
def sealed_store(
    store: dict[str, str], cli_env: None, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The Amager contract with its demo history 2014–2017, every event sealed and signed, verified intact."""
    monkeypatch.setenv("FORUM_SEAL_KEY_FILE", str(tmp_path / "seal-key.pem"))
    code, output = forum("demo")
    assert code == 0, output
    assert forum("seal")[0] == 0
    code, report = verify_json()
    assert (code, report["intact"], report["unsealed"]) == (0, True, 0), report
    assert report["sealed_to"] == report["signed_to"] > 100
    return store
