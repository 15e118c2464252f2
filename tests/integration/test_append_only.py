"""History cannot be rewritten through the application's own connection: triggers on both stores, and on
PostgreSQL an application role that may only read and append (the tables belong to an owner role)."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import psycopg
import pytest

from api.app import create_app
from api.settings import Settings
from tests.conftest import CONTRACTS, ROOT, store_url
from tests.e2e.conftest import add_users, served
from tests.integration.tampering import forum, verify_json

KEY = "amager-udsatte-grupper-2013"

REFUSED = (sqlite3.IntegrityError, psycopg.errors.InsufficientPrivilege)


def _statements(events: str) -> list[str]:
    return [
        f"UPDATE {events} SET topic = 'forum:Forfalsket' WHERE originator_version = 1",
        f"DELETE FROM {events} WHERE originator_version = 1",
        "UPDATE forum_seals SET chain_hash = content_hash",
        "DELETE FROM forum_seals",
        "DELETE FROM forum_checkpoints",
    ]


def test_the_stores_triggers_refuse_to_change_or_delete_events_and_seals(
    store: dict[str, str], cli_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORUM_SEAL_KEY_FILE", str(tmp_path / "key.pem"))
    assert forum("import", str(CONTRACTS))[0] == 0
    assert forum("seal")[0] == 0
    postgres = store["PERSISTENCE_MODULE"].endswith("postgres")
    statements = _statements("forum_events" if postgres else "stored_events")
    if postgres:
        statements += ["TRUNCATE forum_events", "TRUNCATE forum_seals"]
    refused = [statement for statement in statements if _refused(store, statement)]

    assert refused == statements
    assert forum("verify")[0] == 0


def _refused(store: dict[str, str], statement: str) -> bool:
    """Run ``statement`` as the store's (superuser) connection, triggers in force: was it refused?"""
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        with sqlite3.connect(store["SQLITE_DBNAME"]) as db:
            try:
                db.execute(statement)
            except sqlite3.IntegrityError as e:
                return "kan kun tilføjes til" in str(e)
            return False
    url, schema = store_url(store)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"SET search_path TO {schema}")
        try:
            db.execute(statement)
        except psycopg.errors.InsufficientPrivilege as e:
            return "kan kun tilføjes til" in str(e)
        return False


@pytest.fixture
def roles(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A schema owned by forum_owner, set up with `forum db setup`; the settings point at forum_app."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute((ROOT / ".ci" / "postgres-roles.sql").read_text())
        db.execute(f"CREATE SCHEMA {schema} AUTHORIZATION forum_owner")
    parsed = urlparse(postgres_url)
    urls = {
        role: f"postgresql://{role}@{parsed.hostname}:{parsed.port or 5432}{parsed.path}"
        for role in ("forum_owner", "forum_app")
    }
    for name, value in {
        "FORUM_DATABASE_URL": urls["forum_app"],
        "FORUM_OWNER_DATABASE_URL": urls["forum_owner"],
        "FORUM_POSTGRES_SCHEMA": schema,
        "FORUM_SEAL_KEY_FILE": str(tmp_path / "key.pem"),
        "FORUM_POOL_SIZE": "2",
    }.items():
        monkeypatch.setenv(name, value)
    code, output = forum("db", "setup")
    assert code == 0, output
    try:
        yield urls | {"schema": schema}
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.postgres
def test_the_app_role_may_not_update_delete_or_truncate_history_nor_drop_a_trigger(roles: dict[str, str]) -> None:
    assert forum("import", str(CONTRACTS))[0] == 0
    assert forum("seal")[0] == 0
    statements = [
        *_statements("forum_events"),
        "TRUNCATE forum_events",
        "TRUNCATE forum_snapshots",
        "DELETE FROM forum_snapshots",
        "DROP TRIGGER forum_events_append_only ON forum_events",
        "ALTER TABLE forum_events DISABLE TRIGGER ALL",
        "DROP TABLE forum_seals",
    ]
    outcomes = {}
    with psycopg.connect(roles["forum_app"], autocommit=True) as db:
        db.execute(f"SET search_path TO {roles['schema']}")
        for statement in statements:
            try:
                db.execute(statement)
                outcomes[statement] = "done"
            except psycopg.errors.InsufficientPrivilege:
                outcomes[statement] = "refused"

    assert outcomes == dict.fromkeys(statements, "refused")
    assert forum("verify")[0] == 0


@pytest.mark.postgres
def test_the_app_runs_as_the_app_role_writes_and_reads_over_http_and_seals(roles: dict[str, str]) -> None:
    assert forum("import", str(CONTRACTS))[0] == 0
    store = {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": urlparse(roles["forum_app"]).path[1:],
             "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432", "POSTGRES_USER": "forum_app",
             "POSTGRES_SCHEMA": roles["schema"]}  # fmt: skip
    tokens = add_users(store)
    settings = Settings(database_url=roles["forum_app"], postgres_schema=roles["schema"], pool_size=2)
    headers = {"Authorization": f"Bearer {tokens['party']}"}
    with served(create_app(settings)) as base, httpx.Client(base_url=base, headers=headers, timeout=30) as sof:
        planned = sof.post(f"/contracts/{KEY}/meetings", json={"cadence": "netvaerksmoede", "on": "2016-03-10"})
        read = sof.get(f"/meetings/{planned.json()['meeting_id']}")
        deadline = time.monotonic() + 300  # a safety net only: the follower seals the write within a round
        code, report = verify_json()
        while report["sealed_to"] < planned.json()["position"] and time.monotonic() < deadline:
            code, report = verify_json()

    assert planned.status_code == 201 and read.status_code == 200
    assert code == 0 and report["intact"]
    with psycopg.connect(roles["forum_app"]) as db:
        owners = db.execute(
            "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'forum_%%'",
            (roles["schema"],),
        ).fetchall()
        notifying = db.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'forum_events_notify' AND tgrelid = to_regclass(%s)",
            (f"{roles['schema']}.forum_events",),
        ).fetchone()
    history = ["forum_events", "forum_snapshots", "forum_seals", "forum_checkpoints"]
    assert {table: owner for table, owner in owners if table in history} == dict.fromkeys(history, "forum_owner")
    assert notifying is not None  # the owner made the trigger that wakes the app's follower
