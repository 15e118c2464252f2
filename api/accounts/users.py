"""Who may use the API: users with a role, and bearer tokens stored only as hashes.

A token is 32 random bytes shown once when the user is added; the store keeps its SHA-256
(a random token needs no salt: it cannot be guessed from a dictionary). Revoking a user
keeps the row, so the audit log's actor names stay explained.
"""

from __future__ import annotations

import hashlib
import secrets
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import get_args

from domain.errors import AlreadyExistsError, NotFoundError, RuleError
from domain.permissions import ROLE_NAMES as ROLE_NAMES
from domain.permissions import Role as Role
from projections.database import ViewDatabase

ROLES: tuple[Role, ...] = get_args(Role)
TOKEN_PREFIX = "ft_"
TABLE = "forum_users"
_READY: weakref.WeakSet[ViewDatabase] = weakref.WeakSet()  # connections on which the table is known to exist


@dataclass(frozen=True)
class User:
    """An authenticated user: the name is the actor recorded on every event they cause."""

    name: str
    role: Role
    party: str | None = None
    created_at: str = ""
    revoked_at: str | None = None

    @property
    def label(self) -> str:
        party = f", {self.party}" if self.party else ""
        return f"{self.name} ({ROLE_NAMES[self.role]}{party})"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UserDirectory:
    """The users table, in the same database as the events."""

    def __init__(self, db: ViewDatabase):
        self.db = db
        if db in _READY:
            return  # every request authenticates: make the table once per connection, not once per request
        with db.transaction():
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (name TEXT PRIMARY KEY, role TEXT NOT NULL, party TEXT, "
                "token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
                "revoked_at TEXT)"
            )
        _READY.add(db)

    def add(self, name: str, role: str, party: str | None, created_by: str) -> tuple[User, str]:
        """Create a user; returns it with its token (shown once, never stored)."""
        if role not in ROLES:
            raise UnknownRoleError(role, tuple(ROLES))
        if (role == "party") != (party is not None):
            raise PartyBindingError()
        if not name.strip():
            raise UserNameRequiredError()
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.transaction():
            if self.db.fetchone(f"SELECT 1 FROM {TABLE} WHERE name = ?", (name,)):
                raise UserExistsError(name)
            self.db.execute(
                f"INSERT INTO {TABLE} (name, role, party, token_hash, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name, role, party, token_hash(token), now, created_by),
            )
        return User(name, role, party, now), token

    def authenticate(self, token: str) -> User | None:
        """The active user holding this token, or None."""
        row = self.db.fetchone(
            f"SELECT name, role, party, created_at, revoked_at FROM {TABLE} WHERE token_hash = ?",
            (token_hash(token),),
        )
        if row is None or row[4] is not None:
            return None
        return User(*row)

    def active(self, name: str) -> tuple[User, str] | None:
        """An active user with their stored token hash (to check tokens derived from it)."""
        row = self.db.fetchone(
            f"SELECT name, role, party, created_at, revoked_at, token_hash FROM {TABLE} "
            "WHERE name = ? AND revoked_at IS NULL",
            (name,),
        )
        return (User(*row[:5]), row[5]) if row else None

    def revoke(self, name: str) -> User:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.transaction():
            if not self.db.fetchone(f"SELECT 1 FROM {TABLE} WHERE name = ? AND revoked_at IS NULL", (name,)):
                raise UserNotFoundError(name)
            self.db.execute(f"UPDATE {TABLE} SET revoked_at = ? WHERE name = ?", (now, name))
        return next(u for u in self.all() if u.name == name)

    def all(self) -> list[User]:
        rows = self.db.fetchall(f"SELECT name, role, party, created_at, revoked_at FROM {TABLE} ORDER BY name")
        return [User(*row) for row in rows]

    def is_empty(self) -> bool:
        return self.db.fetchone(f"SELECT 1 FROM {TABLE} LIMIT 1") is None


class UnknownRoleError(RuleError):
    """A user has one of the known roles."""

    def __init__(self, role: str, roles: tuple[str, ...]) -> None:
        self.role, self.roles = role, roles
        super().__init__(f"Ukendt rolle '{role}'. Vælg en af: {', '.join(roles)}.")


class PartyBindingError(RuleError):
    """A user with the role 'party' is bound to one party; other roles are not."""

    def __init__(self) -> None:
        super().__init__("En bruger med rollen 'party' skal bindes til én part (--party); andre roller ikke.")


class UserNameRequiredError(RuleError):
    """A user has a name."""

    def __init__(self) -> None:
        super().__init__("Brugeren skal have et navn.")


class UserExistsError(AlreadyExistsError):
    """User names are unique."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"Der findes allerede en bruger med navnet '{name}'.")


class UserNotFoundError(NotFoundError):
    """Only an active user can be revoked."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"Der er ingen aktiv bruger med navnet '{name}'.")
