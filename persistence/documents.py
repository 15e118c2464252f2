"""Documents' bytes beside the store, addressed by their SHA-256: written atomically, once per content.

The folder is ``FORUM_DOCUMENTS_DIR``, else ``<the SQLite file>.documents`` next to an SQLite store. A
document is kept at ``<folder>/<first two hex digits>/<sha256>``; it is written to a temporary file in the
same folder, flushed to disk and renamed into place, so a reader never sees half a document, and the same
bytes kept twice are one file. The sealed event recording the attachment holds the hash (``forum verify``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from domain.errors import DomainError

CHUNK = 1024 * 1024
Finding = Literal["missing", "changed"]


class DocumentFiles:
    """The folder of documents of one store."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def of(cls, env: dict[str, str]) -> DocumentFiles:
        """The folder the store's settings name (None: a PostgreSQL store without FORUM_DOCUMENTS_DIR)."""
        if env.get("FORUM_DOCUMENTS_DIR"):
            return cls(Path(env["FORUM_DOCUMENTS_DIR"]))
        if env.get("SQLITE_DBNAME") and env["SQLITE_DBNAME"] != ":memory:":
            sqlite = Path(env["SQLITE_DBNAME"])
            return cls(sqlite.with_name(sqlite.name + ".documents"))
        return cls(None)

    def keep(self, content: bytes) -> str:
        """Store the bytes (once) and answer their SHA-256."""
        sha256 = hashlib.sha256(content).hexdigest()
        path = self.path(sha256)
        if path.exists() and self.finding(sha256) is None:
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)
        return sha256

    def path(self, sha256: str) -> Path:
        if self.folder is None:
            raise DocumentsFolderMissingError()
        return self.folder / sha256[:2] / sha256

    def read(self, sha256: str) -> Iterator[bytes]:
        """The document's bytes in chunks (for a download)."""
        with self.path(sha256).open("rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk

    def finding(self, sha256: str) -> Finding | None:
        """None when the kept bytes hash to ``sha256``; else whether the file is missing or changed."""
        path = self.path(sha256)
        if not path.is_file():
            return "missing"
        digest = hashlib.sha256()
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                digest.update(chunk)
        return None if digest.hexdigest() == sha256 else "changed"


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a directory)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class DocumentsFolderMissingError(DomainError):
    """A PostgreSQL store keeps documents only where FORUM_DOCUMENTS_DIR says."""

    def __init__(self) -> None:
        super().__init__("Der er ingen mappe til dokumenter: sæt FORUM_DOCUMENTS_DIR (eller FORUM_DATA_DIR).")


def document_backup(backup: Path) -> Path:
    """Where a backup's documents go: a folder beside the backup file, named like an SQLite store's."""
    return backup.with_name(backup.name + ".documents")


def copy_documents(shelf: DocumentFiles, target: Path) -> int:
    """Copy every kept document (not half-written ones) into ``target``, in the same layout; how many."""
    if shelf.folder is None or not shelf.folder.is_dir():
        return 0
    copied = 0
    for path in sorted(shelf.folder.glob("??/*")):
        if path.name.startswith(".") or not path.is_file():
            continue
        (target / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / path.parent.name / path.name)
        copied += 1
    return copied
