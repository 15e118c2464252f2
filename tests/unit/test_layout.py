"""The model stays a model: domain/ imports no web framework, no SQL driver, and (but for the tracker) no store."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

FORBIDDEN = ("fastapi", "starlette", "psycopg", "sqlite3", "api", "projections", "persistence")
COMPOSES_THE_STORE = {"domain/tracker.py"}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return {name.split(".")[0] for name in names}


def test_the_domain_imports_no_framework_no_sql_and_no_store() -> None:
    offending = {
        str(path.relative_to(ROOT)): sorted(imported(path) & set(FORBIDDEN))
        for path in sorted((ROOT / "domain").rglob("*.py"))
    }
    allowed = {"persistence"}
    wrong = {
        name: found
        for name, found in offending.items()
        if found and not (name in COMPOSES_THE_STORE and set(found) <= allowed)
    }
    assert not wrong
