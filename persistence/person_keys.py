"""The key table: one random AES-256 key per contact person, beside the events, destroyed on erasure.

It is not an event table: a key is the one thing erasure deletes. On SQLite the connection
deletes with ``secure_delete`` (the freed bytes are overwritten) and checkpoints the WAL so the
key's old page images leave the log; on PostgreSQL the table is vacuumed after a delete. Without a
database (the in-memory store of unit tests) the keys live in a dict.
"""

from __future__ import annotations

import threading
import time

from domain.personal import new_key
from projections.database import ViewDatabase

TABLE = "person_keys"


class PersonKeyStore:
    """Make, read and destroy persons' keys, on one connection to the events' database."""

    def __init__(self, env: dict[str, str]):
        self._env = env if env.get("PERSISTENCE_MODULE", "").endswith(("sqlite", "postgres")) else None
        self._db: ViewDatabase | None = None
        self._memory: dict[str, tuple[str, bytes]] = {}
        self._lock = threading.Lock()

    def key(self, person: str) -> bytes | None:
        with self._lock:
            if self._env is None:
                found = self._memory.get(person)
                return None if found is None else found[1]
            row = self._connected().fetchone(f"SELECT key FROM {TABLE} WHERE person = ?", (person,))
            return None if row is None else bytes.fromhex(row[0])

    def make(self, person: str, contract: str) -> bytes:
        """The person's key; a new one is committed before any ciphertext made with it is recorded."""
        with self._lock:
            if self._env is None:
                return self._memory.setdefault(person, (contract, new_key()))[1]
            db = self._connected()
            with db.transaction():
                db.execute(
                    f"INSERT INTO {TABLE} (person, contract, key, made_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (person) DO NOTHING",
                    (person, contract, new_key().hex(), time.time()),
                )
                row = db.fetchone(f"SELECT key FROM {TABLE} WHERE person = ?", (person,))
            assert row is not None
            return bytes.fromhex(row[0])

    def destroy(self, person: str) -> bool:
        """Delete the person's key so that its bytes do not survive; False when there was none."""
        with self._lock:
            if self._env is None:
                return self._memory.pop(person, None) is not None
            db = self._connected()
            with db.transaction():
                existed = db.fetchone(f"SELECT 1 FROM {TABLE} WHERE person = ?", (person,)) is not None
                db.execute(f"DELETE FROM {TABLE} WHERE person = ?", (person,))
            self._scrub(db)
            return existed

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _scrub(self, db: ViewDatabase) -> None:
        """Leave no copy of a deleted key in free pages or the write-ahead log (as far as the store allows)."""
        if db.is_postgres:
            db.execute(f"VACUUM {TABLE}")
        else:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # busy readers may keep it from truncating: retried next time

    def _connected(self) -> ViewDatabase:
        if self._db is None:
            assert self._env is not None
            db = ViewDatabase(self._env)
            if not db.is_postgres:
                db.execute("PRAGMA secure_delete = ON")
            db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (person TEXT PRIMARY KEY, contract TEXT NOT NULL, "
                       "key TEXT NOT NULL, made_at REAL NOT NULL)")  # fmt: skip
            self._db = db
        return self._db
