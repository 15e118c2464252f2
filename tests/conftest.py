"""Shared fixtures: the contract files parsed once, a real SQLite file and a real PostgreSQL schema per test."""

from __future__ import annotations

import functools
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

from api.settings import get_settings
from domain.terms import ContractFile, ContractTerms, load_contract_file
from domain.tracker import Tracker
from projections.runner import Projector

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
AMAGER = CONTRACTS / "amager-udsatte-grupper-2013.yaml"
EXAMPLE = CONTRACTS / "eksempel-social-vicevaert.yaml"
TODAY = date(2016, 1, 15)

# One test process starts and drops many apps: frozen objects would never be collected (api/start_up.py).
os.environ.setdefault("FORUM_FREEZE_START_UP", "false")
POSTGRES_URL = os.environ.get("FORUM_TEST_DATABASE_URL", "postgresql://root@127.0.0.1:5432/test")
POSTGRES_REQUIRED = os.environ.get("FORUM_REQUIRE_POSTGRES", "0") == "1"


@functools.cache
def contract_file(path: Path) -> ContractFile:
    """A contract file parsed and checked once per test run: every test reads it, none changes it (frozen)."""
    return load_contract_file(path)


@pytest.fixture(scope="session")
def amager_file() -> ContractFile:
    return contract_file(AMAGER)


@pytest.fixture(scope="session")
def amager_terms(amager_file: ContractFile) -> ContractTerms:
    return amager_file.terms()


@functools.cache
def _postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None; asked once, and only by a test that needs PostgreSQL."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=10) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        return str(e).strip() or type(e).__name__
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    problem = _postgres_problem()
    if problem is not None:
        message = f"PostgreSQL at {POSTGRES_URL} is not available: {problem}"
        if POSTGRES_REQUIRED:
            pytest.fail(message + " (FORUM_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message)
    return POSTGRES_URL


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def postgres_env(url: str, schema: str) -> dict[str, str]:
    parsed = urlparse(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parsed.path.lstrip("/"),
        "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parsed.port or 5432),
        "POSTGRES_USER": parsed.username or "postgres",
        "POSTGRES_PASSWORD": parsed.password or "",
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "2",
    }


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The eventsourcing environment of a real, empty store: an SQLite file or a PostgreSQL schema."""
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "forum.sqlite3"),
        }
    schema = request.getfixturevalue("postgres_schema")
    documents = {"FORUM_DOCUMENTS_DIR": str(tmp_path / "dokumenter")}  # beside an SQLite file without it
    return postgres_env(request.getfixturevalue("postgres_url"), schema) | documents


@pytest.fixture
def tracker(store: dict[str, str]) -> Iterator[Tracker]:
    t = Tracker(store, clock=lambda: TODAY)
    yield t
    t.close()


def store_url(store: dict[str, str]) -> tuple[str, str | None]:
    """FORUM_DATABASE_URL and FORUM_POSTGRES_SCHEMA for a `store` fixture's eventsourcing environment."""
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        return "sqlite:///" + store["SQLITE_DBNAME"], None
    user, host, port, db = (store[k] for k in ("POSTGRES_USER", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DBNAME"))
    return f"postgresql://{user}@{host}:{port}/{db}", store["POSTGRES_SCHEMA"]


@pytest.fixture
def cli_env(store: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the settings (and so the `forum` CLI and the app) at the test's store."""
    url, schema = store_url(store)
    monkeypatch.setenv("FORUM_DATABASE_URL", url)
    monkeypatch.setenv("FORUM_USER", "test-koordinator")
    monkeypatch.setenv("FORUM_POOL_SIZE", "2")
    if schema is None:
        monkeypatch.delenv("FORUM_POSTGRES_SCHEMA", raising=False)
    else:
        monkeypatch.setenv("FORUM_POSTGRES_SCHEMA", schema)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def reopen(store: dict[str, str]) -> Tracker:
    """A second tracker on the same store (another process, in effect)."""
    return Tracker(store, clock=lambda: TODAY)


def in_threads(work: Callable[[int], None], count: int, timeout: float | None = None) -> None:
    """Run ``work(n)`` for n in 0..count-1, each in a thread of its own, all at once; return when all are done
    (or, with ``timeout``, a safety net only, when each has had that long)."""
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def projecting(tracker: Tracker, store: dict[str, str], page_size: int | None = None) -> Iterator[Projector]:
    """A projector over the store (pages of ``page_size`` events, else its default), closed afterwards; for a
    fixture to ``yield from``."""
    projector = Projector(tracker, store) if page_size is None else Projector(tracker, store, page_size=page_size)
    try:
        yield projector
    finally:
        projector.close()


def network_times(terms: ContractTerms, times: int) -> ContractTerms:
    """The terms with the first activity's first cadence (Amager's network meeting) held ``times`` a year."""
    activity = terms.activities[0]
    cadence = activity.cadences[0]
    cadence = cadence.model_copy(update={"frequency": cadence.frequency.model_copy(update={"times": times})})
    activity = activity.model_copy(update={"cadences": [cadence, *activity.cadences[1:]]})
    return terms.model_copy(update={"activities": [activity, *terms.activities[1:]]})
