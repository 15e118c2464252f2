"""Users' e-mail addresses, web sessions, passwords and reset links, on both stores."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from api.accounts.passwords import PasswordBook, PasswordTooShortError, ResetLinkInvalidError
from api.accounts.sessions import TOUCH_EVERY, SessionLimits, SessionStore
from api.accounts.tables import RESETS, SESSIONS, USERS
from api.accounts.users import EmailTakenError, InvalidEmailError, User, UserDirectory
from projections.database import ViewDatabase

LIMITS = SessionLimits(idle=30 * 60, absolute=8 * 3600)
PASSWORD = "en lang sætning om Amager"


class Clock:
    """Seconds since the epoch that a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(store: dict[str, str]) -> Iterator[ViewDatabase]:
    database = ViewDatabase(store)
    yield database
    database.close()


@pytest.fixture
def koordinator(db: ViewDatabase) -> User:
    return UserDirectory(db).add("koordinator", "coordinator", None, "test", email=" Kirsten@Example.DK ")[0]


def test_an_email_address_is_stored_in_lower_case_and_finds_its_active_user(
    db: ViewDatabase, koordinator: User
) -> None:
    directory = UserDirectory(db)

    assert koordinator.email == "kirsten@example.dk"
    assert directory.by_email("KIRSTEN@example.dk") == koordinator
    directory.revoke("koordinator")
    assert directory.by_email("kirsten@example.dk") is None


def test_two_users_cannot_share_an_email_address_and_a_bad_one_is_refused(db: ViewDatabase, koordinator: User) -> None:
    directory = UserDirectory(db)

    with pytest.raises(EmailTakenError):
        directory.add("anden", "reader", None, "test", email="kirsten@example.dk")
    with pytest.raises(InvalidEmailError):
        directory.add("tredje", "reader", None, "test", email="ikke en adresse")
    assert [u.name for u in directory.all()] == ["koordinator"]


def test_a_session_is_found_by_its_id_and_only_its_hash_is_stored(db: ViewDatabase, koordinator: User) -> None:
    session_id = SessionStore(db, LIMITS).open(koordinator, "password")

    stored = db.fetchall(f"SELECT id_hash FROM {SESSIONS}")
    assert SessionStore(db, LIMITS).user(session_id) == koordinator
    assert stored == [(hashlib.sha256(session_id.encode()).hexdigest(),)]
    assert SessionStore(db, LIMITS).user(session_id + "x") is None


def test_a_session_used_within_the_idle_limit_lives_on_until_the_absolute_limit(
    db: ViewDatabase, koordinator: User
) -> None:
    clock = Clock()
    sessions = SessionStore(db, LIMITS, clock)
    session_id = sessions.open(koordinator, "oidc")

    alive = []
    for _ in range(LIMITS.absolute // (20 * 60)):  # used every 20 minutes (under the 30 idle ones)
        clock.now += 20 * 60
        alive.append(sessions.user(session_id) is not None)
    clock.now += 20 * 60

    assert all(alive) and len(alive) == 24
    assert sessions.user(session_id) is None  # past 8 hours since sign-in
    assert sessions.count("koordinator") == 0


def test_a_session_unused_past_the_idle_limit_has_ended(db: ViewDatabase, koordinator: User) -> None:
    clock = Clock()
    sessions = SessionStore(db, LIMITS, clock)
    session_id = sessions.open(koordinator, "password")
    clock.now += LIMITS.idle - TOUCH_EVERY
    assert sessions.user(session_id) is not None

    clock.now += LIMITS.idle + 1

    assert sessions.user(session_id) is None


def test_ending_a_session_or_revoking_its_user_makes_its_id_useless(db: ViewDatabase, koordinator: User) -> None:
    sessions = SessionStore(db, LIMITS)
    ended, other = sessions.open(koordinator, "password"), sessions.open(koordinator, "token")

    sessions.end(ended)
    assert sessions.user(ended) is None and sessions.user(other) == koordinator
    UserDirectory(db).revoke("koordinator")
    assert sessions.user(other) is None


def test_a_password_is_stored_as_an_argon2id_hash_and_checked_by_email(db: ViewDatabase, koordinator: User) -> None:
    book = PasswordBook(db)
    book.set("koordinator", PASSWORD)

    (stored,) = db.fetchone(f"SELECT password_hash FROM {USERS} WHERE name = 'koordinator'") or ("",)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert book.verify("KIRSTEN@example.dk", PASSWORD) == koordinator
    assert book.verify("kirsten@example.dk", PASSWORD + "!") is None
    assert book.verify("ukendt@example.dk", PASSWORD) is None
    with pytest.raises(PasswordTooShortError):
        book.set("koordinator", "kort")


def test_a_new_password_ends_the_users_sessions(db: ViewDatabase, koordinator: User) -> None:
    session_id = SessionStore(db, LIMITS).open(koordinator, "password")

    PasswordBook(db).set("koordinator", PASSWORD)

    assert SessionStore(db, LIMITS).user(session_id) is None


def test_a_reset_link_works_once_and_is_stored_only_hashed(db: ViewDatabase, koordinator: User) -> None:
    book = PasswordBook(db)
    token = book.start_reset(koordinator, valid_for=3600)

    assert book.reset_pending(token)
    assert book.finish_reset(token, PASSWORD) == "koordinator"
    assert book.verify("kirsten@example.dk", PASSWORD) == koordinator
    assert not book.reset_pending(token)
    with pytest.raises(ResetLinkInvalidError):
        book.finish_reset(token, "en anden lang adgangskode")
    assert book.verify("kirsten@example.dk", PASSWORD) == koordinator
    assert token not in str(db.fetchall(f"SELECT * FROM {RESETS}"))


def test_an_expired_reset_link_is_refused(db: ViewDatabase, koordinator: User) -> None:
    clock = Clock()
    book = PasswordBook(db, clock)
    token = book.start_reset(koordinator, valid_for=3600)

    clock.now += 3601

    assert not book.reset_pending(token)
    with pytest.raises(ResetLinkInvalidError):
        book.finish_reset(token, PASSWORD)


def test_a_users_table_from_before_sign_in_by_email_gets_the_new_columns(store: dict[str, str]) -> None:
    old = ViewDatabase(store)
    try:
        old.execute(
            f"CREATE TABLE {USERS} (name TEXT PRIMARY KEY, role TEXT NOT NULL, party TEXT, "
            "token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT)"
        )
        old.execute(f"INSERT INTO {USERS} VALUES ('gammel', 'reader', NULL, 'h', '2016-01-01', 'test', NULL)")
    finally:
        old.close()
    db = ViewDatabase(store)  # a new connection, as a restarted server has
    try:
        directory = UserDirectory(db)
        directory.set_email("gammel", "gammel@example.dk")
        assert directory.by_email("gammel@example.dk") == User(
            "gammel", "reader", None, "2016-01-01", None, "gammel@example.dk"
        )
    finally:
        db.close()
