"""The tables of who may sign in, beside the events: users, web sessions, password resets.

They hold no contract facts, so they are ordinary tables (not events): a session ends by deleting
its row, a password changes in place. Secrets are stored only as hashes: SHA-256 of random session
ids and reset tokens (random values need no salt), argon2id of passwords.
"""

from __future__ import annotations

import weakref

from projections.database import ViewDatabase

USERS = "forum_users"
SESSIONS = "forum_sessions"
RESETS = "forum_password_resets"
_READY: weakref.WeakSet[ViewDatabase] = weakref.WeakSet()  # connections on which the tables are known to exist

_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {USERS} (name TEXT PRIMARY KEY, role TEXT NOT NULL, party TEXT, "
    "token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT)",
    f"CREATE TABLE IF NOT EXISTS {SESSIONS} (id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, "
    "method TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {SESSIONS}_user ON {SESSIONS} (user_name)",
    f"CREATE TABLE IF NOT EXISTS {RESETS} (token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, "
    "created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT)",
)
# Columns added after the users table first shipped: added to an existing table on first use.
# reminders: daily|weekly|off; calendar_salt: renewing it ends every older calendar address
_ADDED_USER_COLUMNS = {"email": "TEXT", "password_hash": "TEXT", "reminders": "TEXT", "calendar_salt": "TEXT"}


def ensure(db: ViewDatabase) -> None:
    """Make the tables (once per connection: every request authenticates)."""
    if db in _READY:
        return
    with db.transaction():
        for statement in _CREATE:
            db.execute(statement)
        present = _user_columns(db)
        for column, kind in _ADDED_USER_COLUMNS.items():
            if column not in present:
                db.execute(f"ALTER TABLE {USERS} ADD COLUMN {column} {kind}")
        db.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {USERS}_email ON {USERS} (email)")
    _READY.add(db)


def durable(db: ViewDatabase) -> None:
    """Inside a transaction: wait for the disk at commit, although view connections do not.

    A logout, a revocation or a new password must survive a crash of PostgreSQL; losing it would
    bring an ended session back.
    """
    if db.is_postgres:
        db.execute("SET LOCAL synchronous_commit TO on")


def _user_columns(db: ViewDatabase) -> set[str]:
    if db.is_postgres:
        rows = db.fetchall(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = current_schema()",
            (USERS,),
        )
        return {row[0] for row in rows}
    return {row[1] for row in db.fetchall(f"PRAGMA table_info({USERS})")}
