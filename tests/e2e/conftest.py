"""Run the real `forum` CLI against the test's store."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app

Forum = Callable[..., Any]


@pytest.fixture
def forum(cli_env: None) -> Forum:
    """forum(*args) runs the CLI; with --json its output is parsed. Fails on an unexpected exit code."""
    runner = CliRunner()

    def run(*args: str, expect: int = 0) -> Any:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == expect, f"forum {' '.join(args)} -> {result.exit_code}\n{result.output}"
        return json.loads(result.stdout) if "--json" in args and expect == 0 else result

    return run
