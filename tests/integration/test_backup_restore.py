"""A backup taken while the store runs (`forum backup`: SQLite's online backup, pg_dump) restores into a
store that rebuilds to the same answers and still verifies against its seals."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.conftest import POSTGRES_URL, store_url
from tests.integration import tampering
from tests.integration.tampering import forum, forum_json

sealed_store = tampering.sealed_store  # the fixture
KEY = "amager-udsatte-grupper-2013"


def _answers() -> list[object]:
    questions = [
        ("status", KEY, "--as-of", "2017-12-31"),
        ("overdue", "--as-of", "2016-06-30"),
        ("show", KEY),
        ("history", KEY),
    ]
    answers = []
    for question in questions:
        code, answer = forum_json(*question)
        assert code == 0, answer
        answers.append(answer)
    return answers


def test_a_restored_backup_rebuilds_to_the_same_answers_and_verifies(
    sealed_store: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _answers()
    backup = tmp_path / "backup" / "forum.backup"
    code, output = forum("backup", str(backup))
    assert code == 0, output
    assert forum("backup", str(backup))[0] == 1  # never overwrites a backup

    restored = _restore(sealed_store, backup, tmp_path, monkeypatch)
    try:
        rebuilt = forum("projections", "rebuild")
        after = _answers()
        verified = forum("verify")
    finally:
        restored()

    assert rebuilt[0] == 0, rebuilt[1]
    assert after == before
    assert verified[0] == 0 and verified[1].startswith("Loggen er intakt"), verified[1]


def _restore(store: dict[str, str], backup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Restore ``backup`` as a new store and point the settings at it; returns how to drop it again."""
    if store["PERSISTENCE_MODULE"].endswith("sqlite"):
        target = tmp_path / "restored" / "forum.sqlite3"
        target.parent.mkdir()
        shutil.copyfile(backup, target)  # the online backup is a complete database file
        monkeypatch.setenv("FORUM_DATABASE_URL", f"sqlite:///{target}")
        return lambda: None
    database = f"restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {database}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{database}"
    subprocess.run(["pg_restore", "--no-owner", "--dbname", url, str(backup)], check=True, capture_output=True)
    monkeypatch.setenv("FORUM_DATABASE_URL", url)
    assert store_url(store)[1] is not None  # the same schema name, in the new database

    def drop() -> None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as db:
            db.execute(f"DROP DATABASE {database} WITH (FORCE)")

    return drop
