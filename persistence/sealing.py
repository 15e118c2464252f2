"""Sealing the log: each stored event, in position order, joins the hash chain; checkpoints sign its head.

The sealer trails the head: the projection follower (in the server, or `forum projections run`)
calls it every round, `forum seal` on demand. Seals are written a page per transaction under a
lock, so two sealers never fork the chain. A checkpoint (Ed25519) is signed once
``every_events`` seals or ``every_seconds`` have gathered since the last one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from persistence import chain
from persistence.append_only import CHECKPOINTS, SEALS
from projections.database import ViewDatabase

_SEALS_LOCK = "SELECT pg_advisory_xact_lock(hashtext('forum-tracker seals ' || current_schema()))"


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The checkpoints' private key from ``path``, made there (readable by the owner only) on first use."""
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        return _new_key(path)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} er ikke en Ed25519-nøgle.")
    return loaded


def _new_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return signing_key(path)
    with os.fdopen(handle, "wb") as file:
        file.write(pem)
    return key


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class Policy:
    """When a checkpoint is due: after this many new seals, or this many seconds with at least one."""

    every_events: int = 1000
    every_seconds: float = 300.0


class Sealer:
    """Seals what the log holds beyond the last seal; reopens its connection after a failure."""

    def __init__(self, env: dict[str, str], events_table: str, key: Ed25519PrivateKey, policy: Policy = Policy()):
        self.env, self.events_table, self.key, self.policy = env, events_table, key, policy
        self.page_size = 5000
        self._db: ViewDatabase | None = None

    def seal(self, checkpoint: bool = False) -> int:
        """Seal up to the head; sign a checkpoint when due (always, with ``checkpoint``). Returns seals made."""
        db = self._db = self._db or ViewDatabase(self.env)
        sealed = 0
        try:
            while (made := self._seal_page(db)) > 0:
                sealed += made
            self._checkpoint(db, force=checkpoint)
        except BaseException:
            self.close()
            raise
        return sealed

    def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            db.close()

    def _seal_page(self, db: ViewDatabase) -> int:
        if _last_seal(db)[0] >= db.head(self.events_table):  # nothing new: no write lock taken (SQLite's is global)
            return 0
        with db.transaction():
            if db.is_postgres:
                db.execute(_SEALS_LOCK)
            position, previous = _last_seal(db)
            rows = db.read_events(self.events_table, position + 1, self.page_size)
            db.insert_many(
                SEALS,
                ("position", "originator_id", "originator_version", "content_hash", "chain_hash"),
                _sealed(rows, previous),
            )
        return len(rows)

    def _checkpoint(self, db: ViewDatabase, force: bool) -> None:
        """Sign the last seal when due; two sealers signing the same seal keep the first signature."""
        head, digest = _last_seal(db)
        last = db.fetchone(
            f"SELECT position, sealed_count, created_at FROM {CHECKPOINTS} ORDER BY position DESC LIMIT 1"
        )
        since, count, signed_at = (last[0], last[1], last[2]) if last else (0, 0, None)
        if head <= since:
            return
        new = db.fetchone(f"SELECT count(*) FROM {SEALS} WHERE position > ? AND position <= ?", (since, head))
        fresh = int(new[0]) if new else 0
        age = time.time() - datetime.fromisoformat(signed_at).timestamp() if signed_at else float("inf")
        if not (force or fresh >= self.policy.every_events or age >= self.policy.every_seconds):
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        signature = self.key.sign(chain.checkpoint_message(head, count + fresh, now, digest))
        db.execute(
            f"INSERT INTO {CHECKPOINTS} (position, sealed_count, created_at, chain_hash, public_key, signature) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING",
            (head, count + fresh, now, digest, public_bytes(self.key), signature),
        )


def _last_seal(db: ViewDatabase) -> tuple[int, bytes]:
    row = db.fetchone(f"SELECT position, chain_hash FROM {SEALS} ORDER BY position DESC LIMIT 1")
    return (int(row[0]), bytes(row[1])) if row else (0, chain.GENESIS)


def _sealed(rows: list[tuple[int, object, int, str, bytes]], previous: bytes) -> Iterator[tuple[object, ...]]:
    for position, originator_id, version, topic, state in rows:
        name = chain.originator(originator_id)
        content = chain.content_hash(name, version, topic, bytes(state))
        previous = chain.link(previous, position, content)
        yield position, name, version, content, previous
