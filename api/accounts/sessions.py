"""Web sessions: a random id in the browser's cookie, its hash on the server, idle and absolute expiry.

The cookie never holds an API token. A session ends when its user logs out (the row is deleted, so the
old cookie stops working), when it is idle too long, when it is too old, or when its user is revoked or
sets a new password.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from api.accounts import tables
from api.accounts.tables import SESSIONS, USERS
from api.accounts.users import COLUMNS, User
from projections.database import ViewDatabase

TOUCH_EVERY = 60  # seconds: a session's last use is written at most once a minute, not on every request
METHODS = ("oidc", "password", "token")


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lives: without use (idle) and at most (absolute), in seconds."""

    idle: int
    absolute: int


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    """The sessions table; ``clock`` gives seconds since the epoch (tests move it instead of waiting)."""

    def __init__(self, db: ViewDatabase, limits: SessionLimits, clock: Callable[[], float] = time.time):
        self.db, self.limits, self.clock = db, limits, clock
        tables.ensure(db)

    def open(self, user: User, method: str) -> str:
        """Start a session for a signed-in user; returns its id (for the cookie only, never stored)."""
        if method not in METHODS:
            raise ValueError(f"unknown sign-in method {method!r}")
        session_id = secrets.token_urlsafe(32)
        now = int(self.clock())
        with self.db.transaction():
            self._purge(now)
            self.db.execute(
                f"INSERT INTO {SESSIONS} (id_hash, user_name, method, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                (id_hash(session_id), user.name, method, now, now),
            )
        return session_id

    def user(self, session_id: str) -> User | None:
        """The active user of a live session (its use is recorded), or None: unknown, expired or revoked."""
        now = int(self.clock())
        columns = ", ".join(f"u.{c.strip()}" for c in COLUMNS.split(","))
        row = self.db.fetchone(
            f"SELECT s.created_at, s.last_seen, {columns} FROM {SESSIONS} s JOIN {USERS} u ON u.name = s.user_name "
            "WHERE s.id_hash = ? AND u.revoked_at IS NULL",
            (id_hash(session_id),),
        )
        if row is None:
            return None
        created_at, last_seen = int(row[0]), int(row[1])
        if now - last_seen > self.limits.idle or now - created_at > self.limits.absolute:
            self.end(session_id)
            return None
        if now - last_seen >= TOUCH_EVERY:
            with self.db.transaction():
                self.db.execute(f"UPDATE {SESSIONS} SET last_seen = ? WHERE id_hash = ?", (now, id_hash(session_id)))
        return User(*row[2:])

    def end(self, session_id: str) -> None:
        """Log out: the session's row is gone, and its cookie with it."""
        with self.db.transaction():
            tables.durable(self.db)
            self.db.execute(f"DELETE FROM {SESSIONS} WHERE id_hash = ?", (id_hash(session_id),))

    def end_all(self, user_name: str) -> None:
        """End every session of a user (a new password, a revoked user)."""
        with self.db.transaction():
            tables.durable(self.db)
            self.db.execute(f"DELETE FROM {SESSIONS} WHERE user_name = ?", (user_name,))

    def count(self, user_name: str) -> int:
        row = self.db.fetchone(f"SELECT COUNT(*) FROM {SESSIONS} WHERE user_name = ?", (user_name,))
        return int(row[0]) if row else 0

    def _purge(self, now: int) -> None:
        """Expired sessions are deleted when new ones start, so the table does not grow without bound."""
        self.db.execute(
            f"DELETE FROM {SESSIONS} WHERE last_seen < ? OR created_at < ?",
            (now - self.limits.idle, now - self.limits.absolute),
        )
