"""Who may use the API: users with a role, and bearer tokens stored only as hashes.

A token is 32 random bytes shown once when the user is added; the store keeps its SHA-256
(a random token needs no salt: it cannot be guessed from a dictionary). Revoking a user
keeps the row, so the audit log's actor names stay explained.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import get_args

from api.accounts import tables
from api.accounts.tables import USERS as TABLE
from domain.errors import AlreadyExistsError, NotFoundError, RuleError
from domain.permissions import ROLE_NAMES as ROLE_NAMES
from domain.permissions import Role as Role
from projections.database import ViewDatabase

ROLES: tuple[Role, ...] = get_args(Role)
TOKEN_PREFIX = "ft_"
COLUMNS = "name, role, party, created_at, revoked_at, email"


@dataclass(frozen=True)
class User:
    """An authenticated user: the name is the actor recorded on every event they cause."""

    name: str
    role: Role
    party: str | None = None
    created_at: str = ""
    revoked_at: str | None = None
    email: str | None = None

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
        tables.ensure(db)

    def add(
        self, name: str, role: str, party: str | None, created_by: str, email: str | None = None
    ) -> tuple[User, str]:
        """Create a user; returns it with its token (shown once, never stored)."""
        email = normal_email(email) if email is not None else None
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
            self._refuse_taken(email, name)
            self.db.execute(
                f"INSERT INTO {TABLE} (name, role, party, token_hash, created_at, created_by, email) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, role, party, token_hash(token), now, created_by, email),
            )
        return User(name, role, party, now, email=email), token

    def set_email(self, name: str, email: str) -> User:
        """Give a user the e-mail address they sign in with (organisation login or password)."""
        email = normal_email(email)
        with self.db.transaction():
            self._require_active(name)
            self._refuse_taken(email, name)
            self.db.execute(f"UPDATE {TABLE} SET email = ? WHERE name = ?", (email, name))
        return self._one(name)

    def by_email(self, email: str) -> User | None:
        """The active user with this e-mail address (compared without regard to case), or None."""
        row = self.db.fetchone(
            f"SELECT {COLUMNS} FROM {TABLE} WHERE email = ? AND revoked_at IS NULL", (email.strip().lower(),)
        )
        return User(*row) if row else None

    def _refuse_taken(self, email: str | None, name: str) -> None:
        if email is None:
            return
        row = self.db.fetchone(f"SELECT name FROM {TABLE} WHERE email = ? AND name <> ?", (email, name))
        if row:
            raise EmailTakenError(email, row[0])

    def _require_active(self, name: str) -> None:
        if not self.db.fetchone(f"SELECT 1 FROM {TABLE} WHERE name = ? AND revoked_at IS NULL", (name,)):
            raise UserNotFoundError(name)

    def _one(self, name: str) -> User:
        return next(u for u in self.all() if u.name == name)

    def authenticate(self, token: str) -> User | None:
        """The active user holding this token, or None."""
        row = self.db.fetchone(f"SELECT {COLUMNS} FROM {TABLE} WHERE token_hash = ?", (token_hash(token),))
        if row is None or row[4] is not None:
            return None
        return User(*row)

    def active(self, name: str) -> tuple[User, str] | None:
        """An active user with their stored token hash (to check tokens derived from it)."""
        row = self.db.fetchone(
            f"SELECT {COLUMNS}, token_hash FROM {TABLE} WHERE name = ? AND revoked_at IS NULL", (name,)
        )
        return (User(*row[:6]), row[6]) if row else None

    def calendar_secret(self, name: str) -> tuple[User, str] | None:
        """An active user with what their calendar key is derived from: the token's hash and the key's renewal."""
        row = self.db.fetchone(
            f"SELECT {COLUMNS}, token_hash, calendar_salt FROM {TABLE} WHERE name = ? AND revoked_at IS NULL", (name,)
        )
        return (User(*row[:6]), row[6] + (row[7] or "")) if row else None

    def renew_calendar_key(self, name: str) -> None:
        """A new calendar key for the user: every calendar address given before stops working."""
        with self.db.transaction():
            tables.durable(self.db)
            self._require_active(name)
            self.db.execute(f"UPDATE {TABLE} SET calendar_salt = ? WHERE name = ?", (secrets.token_hex(16), name))

    def revoke(self, name: str) -> User:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.transaction():
            tables.durable(self.db)
            self._require_active(name)
            self.db.execute(f"UPDATE {TABLE} SET revoked_at = ? WHERE name = ?", (now, name))
        return self._one(name)

    def all(self) -> list[User]:
        rows = self.db.fetchall(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY name")
        return [User(*row) for row in rows]

    def is_empty(self) -> bool:
        return self.db.fetchone(f"SELECT 1 FROM {TABLE} LIMIT 1") is None


def normal_email(email: str) -> str:
    """An e-mail address as stored and compared: trimmed, lower case, one @ with text on both sides."""
    value = email.strip().lower()
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or len(value) > 254 or any(c.isspace() for c in value):
        raise InvalidEmailError(email)
    return value


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


class InvalidEmailError(RuleError):
    """An e-mail address has a name, an @ and a domain."""

    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(f"'{email}' er ikke en gyldig e-mailadresse.")


class EmailTakenError(AlreadyExistsError):
    """Two users cannot sign in with the same e-mail address."""

    def __init__(self, email: str, holder: str) -> None:
        self.email, self.holder = email, holder
        super().__init__(f"E-mailadressen {email} bruges allerede af brugeren '{holder}'.")
