"""`forum documents attach|list`, and the documents in `forum verify` (a missing or changed one is damage, exit 2)
and in `forum backup` (copied beside the backup file), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from api.settings import get_settings
from tests import document_samples as sample
from tests.conftest import CONTRACTS
from tests.e2e.conftest import KEY, Forum


@pytest.fixture
def shelf(forum: Forum, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The imported contracts, their documents kept in the test's own folder."""
    monkeypatch.setenv("FORUM_DOCUMENTS_DIR", str(tmp_path / "dokumenter"))
    get_settings.cache_clear()
    forum("import", str(CONTRACTS))
    return tmp_path / "dokumenter"


def test_a_document_attached_by_the_cli_is_listed_verified_and_backed_up(
    forum: Forum, shelf: Path, tmp_path: Path
) -> None:
    minutes = tmp_path / "referat.pdf"
    minutes.write_bytes(sample.PDF)
    forum("documents", "attach", KEY, str(minutes), "--concerning", "referat", "--expected-version", "0")
    listed = forum("documents", "list", KEY, "--json")
    sha256 = hashlib.sha256(sample.PDF).hexdigest()
    assert [(d["file_name"], d["sha256"], d["fact"]) for d in listed["documents"]] == [
        ("referat.pdf", sha256, "contract")
    ]
    assert forum("verify", "--json")["documents_checked"] == 1

    backup = tmp_path / "backup" / "forum.backup"
    forum("backup", str(backup))
    assert (backup.parent / "forum.backup.documents" / sha256[:2] / sha256).read_bytes() == sample.PDF

    (shelf / sha256[:2] / sha256).write_bytes(b"%PDF-1.4 ombyttet")
    changed = forum("verify", expect=2).output
    assert "dokument ændret" in changed and "referat.pdf" in changed
    (shelf / sha256[:2] / sha256).unlink()
    assert "dokument mangler" in forum("verify", expect=2).output


def test_the_cli_refuses_a_program_and_a_document_over_the_limit(
    forum: Forum, shelf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "referat.pdf"
    program.write_bytes(sample.EXE)
    refused = forum("documents", "attach", KEY, str(program), "--expected-version", "0", expect=1).output
    assert "kan ikke vedhæftes" in refused
    monkeypatch.setenv("FORUM_DOCUMENT_MAX_BYTES", "10")
    get_settings.cache_clear()
    text = tmp_path / "noter.txt"
    text.write_bytes(sample.TEXT)
    assert "må højst fylde" in forum("documents", "attach", KEY, str(text), "--expected-version", "0", expect=1).output
    assert forum("documents", "list", KEY, "--json")["documents"] == []
    assert not shelf.exists() or not any(shelf.rglob("*"))
