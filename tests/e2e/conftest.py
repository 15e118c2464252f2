"""Run the real `forum` CLI against a store chosen by FORUM_* settings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

Forum = Callable[..., Any]


def store_url(store: dict[str, str]) -> tuple[str, str | None]:
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        return "sqlite:///" + store["SQLITE_DBNAME"], None
    url = f"postgresql://{store['POSTGRES_USER']}@{store['POSTGRES_HOST']}:{store['POSTGRES_PORT']}/{store['POSTGRES_DBNAME']}"
    return url, store["POSTGRES_SCHEMA"]


@pytest.fixture
def forum(store: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Forum]:
    """forum(*args) runs the CLI; with --json its output is parsed. Fails on a non-zero exit."""
    url, schema = store_url(store)
    monkeypatch.setenv("FORUM_DATABASE_URL", url)
    monkeypatch.setenv("FORUM_USER", "test-koordinator")
    monkeypatch.setenv("FORUM_POOL_SIZE", "2")
    if schema:
        monkeypatch.setenv("FORUM_POSTGRES_SCHEMA", schema)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str, expect: int = 0) -> Any:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == expect, f"forum {' '.join(args)} -> {result.exit_code}\n{result.output}"
        return json.loads(result.stdout) if "--json" in args and expect == 0 else result

    yield run
    get_settings.cache_clear()
