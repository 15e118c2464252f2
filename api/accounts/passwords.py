"""E-mail + password sign-in for small installations: argon2id hashes and single-use reset links.

A reset token is random, sent by e-mail only, stored as its SHA-256, valid for a limited time and once.
A new password ends the user's other sessions.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.accounts import tables
from api.accounts.tables import RESETS, SESSIONS, USERS
from api.accounts.users import COLUMNS, User, UserNotFoundError
from domain.errors import RuleError
from projections.database import ViewDatabase

MIN_LENGTH = 12
MAX_LENGTH = 1024
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters (RFC 9106, low memory)
# Checked against when no user has the address, so an unknown address costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PasswordBook:
    """Passwords of users and the reset links sent to them."""

    def __init__(self, db: ViewDatabase, clock: Callable[[], float] = time.time):
        self.db, self.clock = db, clock
        tables.ensure(db)

    def set(self, name: str, password: str) -> None:
        """Give a user a (new) password; their sessions end."""
        _check(password)
        hashed = _HASHER.hash(password)
        with self.db.transaction():
            self._store(name, hashed)

    def _store(self, name: str, hashed: str) -> None:
        tables.durable(self.db)
        if not self.db.fetchone(f"SELECT 1 FROM {USERS} WHERE name = ? AND revoked_at IS NULL", (name,)):
            raise UserNotFoundError(name)
        self.db.execute(f"UPDATE {USERS} SET password_hash = ? WHERE name = ?", (hashed, name))
        self.db.execute(f"DELETE FROM {SESSIONS} WHERE user_name = ?", (name,))

    def verify(self, email: str, password: str) -> User | None:
        """The active user with this e-mail address and password, or None."""
        row = self.db.fetchone(
            f"SELECT password_hash, {COLUMNS} FROM {USERS} WHERE email = ? AND revoked_at IS NULL",
            (email.strip().lower(),),
        )
        stored = row[0] if row and row[0] else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password[:MAX_LENGTH])
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row[0]:
            return None
        if _HASHER.check_needs_rehash(stored):
            rehashed = _HASHER.hash(password)
            with self.db.transaction():
                self.db.execute(f"UPDATE {USERS} SET password_hash = ? WHERE name = ?", (rehashed, row[1]))
        return User(*row[1:])

    def start_reset(self, user: User, valid_for: int) -> str:
        """A reset token for a user, valid for ``valid_for`` seconds (to send by e-mail; stored only hashed)."""
        token = secrets.token_urlsafe(32)
        now = int(self.clock())
        with self.db.transaction():
            self.db.execute(f"DELETE FROM {RESETS} WHERE expires_at < ?", (now,))
            self.db.execute(
                f"INSERT INTO {RESETS} (token_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (_digest(token), user.name, now, now + valid_for),
            )
        return token

    def reset_pending(self, token: str) -> bool:
        """Whether a reset link can still be used (unused, not expired, its user active)."""
        return self._holder(token) is not None

    def finish_reset(self, token: str, password: str) -> str:
        """Set the password a reset link was sent for and use the link up; returns the user's name."""
        _check(password)
        hashed, now = _HASHER.hash(password), int(self.clock())
        with self.db.transaction():
            # One statement claims the link: of two requests with the same link, only one gets a row back.
            row = self.db.fetchone(
                f"UPDATE {RESETS} SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at >= ? "
                "RETURNING user_name",
                (now, _digest(token), now),
            )
            if row is None:
                raise ResetLinkInvalidError()
            try:
                self._store(str(row[0]), hashed)
            except UserNotFoundError:
                raise ResetLinkInvalidError() from None
        return str(row[0])

    def _holder(self, token: str) -> str | None:
        row = self.db.fetchone(
            f"SELECT r.user_name FROM {RESETS} r JOIN {USERS} u ON u.name = r.user_name "
            "WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at >= ? AND u.revoked_at IS NULL",
            (_digest(token), int(self.clock())),
        )
        return str(row[0]) if row else None


def _check(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise PasswordTooShortError(MIN_LENGTH, MAX_LENGTH)


class PasswordTooShortError(RuleError):
    """A password is at least 12 characters (and not endless)."""

    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum, self.maximum = minimum, maximum
        super().__init__(f"Adgangskoden skal være mellem {minimum} og {maximum} tegn lang.")


class ResetLinkInvalidError(RuleError):
    """A reset link works once, before it expires, for an active user."""

    def __init__(self) -> None:
        super().__init__("Linket til at vælge ny adgangskode er brugt, udløbet eller ukendt. Bed om et nyt.")
