"""Append-only storage: the seal tables, and triggers that refuse to change or remove events and seals.

Both stores get the seal tables (``forum_seals``, ``forum_checkpoints``) and, on the events and
seal tables, triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL). On PostgreSQL
the tables belong to an owner role (`forum db setup`); the application's role may read and insert,
and may not drop a trigger. A superuser or the owner can still bypass them – that is what the
seals catch (`forum verify`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import closing

import psycopg

from persistence import wakeup
from projections.database import ViewDatabase

SEALS = "forum_seals"
CHECKPOINTS = "forum_checkpoints"
REFUSE_FUNCTION = "forum_refuse_change"
_INSTALL_KEY = "SELECT hashtext('forum-tracker append-only ' || current_schema())"
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")

_SEALS_SCHEMA = (
    "position {int} PRIMARY KEY, originator_id TEXT NOT NULL, originator_version {int} NOT NULL, "
    "content_hash {blob} NOT NULL, chain_hash {blob} NOT NULL"
)
_CHECKPOINTS_SCHEMA = (
    "position {int} PRIMARY KEY, sealed_count {int} NOT NULL, created_at TEXT NOT NULL, "
    "chain_hash {blob} NOT NULL, public_key {blob} NOT NULL, signature {blob} NOT NULL"
)


class SetupNeededError(Exception):
    """The application's role may not make the append-only tables: the owner must run `forum db setup`."""

    def __init__(self, missing: Sequence[str]):
        self.missing = list(missing)
        super().__init__(
            f"Databasen mangler {', '.join(self.missing)}, og programmets rolle må ikke oprette dem. "
            "Kør 'forum db setup' med ejerrollen (FORUM_OWNER_DATABASE_URL) først."
        )


def install(env: dict[str, str], recorder: object) -> None:
    """For a store's recorder: the seal tables and refusing triggers, made where missing."""
    with closing(ViewDatabase(env)) as db:
        install_tables(db, events_table(recorder))


def library_env(env: dict[str, str], events_table: str) -> dict[str, str]:
    """The library's settings: it does not try to make tables another role owns (it may not even look)."""
    if not env["PERSISTENCE_MODULE"].endswith("postgres"):
        return env
    with closing(ViewDatabase(env)) as db:
        owner = db.fetchone(
            "SELECT tableowner <> current_user FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?",
            (events_table,),
        )
    return env | {"CREATE_TABLE": "n"} if owner == (True,) else env


def events_table(recorder: object) -> str:
    """The table the library's recorder stores events (or snapshots) in."""
    return str(getattr(recorder, "events_table_name"))  # noqa: B009 - both stores' recorders have it, untyped


def install_tables(db: ViewDatabase, events_table: str) -> None:
    """Make the seal tables and the refusing triggers where they are missing (idempotent, cheap when done)."""
    guarded = [events_table, SEALS, CHECKPOINTS]
    if not db.is_postgres:  # SQLite serialises schema changes itself
        _install_sqlite(db, guarded)
    elif _missing_postgres(db, guarded) or not wakeup.has_notify(db, events_table):
        # A lock of its own: a caller may hold the views' setup lock on another connection meanwhile.
        db.execute(f"SELECT pg_advisory_lock(({_INSTALL_KEY}))")
        try:
            _install_postgres(db, guarded)
            wakeup.install_notify(db, events_table)
        finally:
            db.execute(f"SELECT pg_advisory_unlock(({_INSTALL_KEY}))")


def _install_sqlite(db: ViewDatabase, guarded: list[str]) -> None:
    types = {"int": "INTEGER", "blob": "BLOB"}
    db.execute(f"CREATE TABLE IF NOT EXISTS {SEALS} ({_SEALS_SCHEMA.format(**types)})")
    db.execute(f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS} ({_CHECKPOINTS_SCHEMA.format(**types)})")
    for table in guarded:
        for operation in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'forum: {table} kan kun tilføjes til ({operation} afvist)'); END"
            )


def _install_postgres(db: ViewDatabase, guarded: list[str]) -> None:
    missing = _missing_postgres(db, guarded)
    if not missing:
        return
    try:
        types = {"int": "bigint", "blob": "bytea"}
        db.execute(f"CREATE TABLE IF NOT EXISTS {SEALS} ({_SEALS_SCHEMA.format(**types)})")
        db.execute(f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS} ({_CHECKPOINTS_SCHEMA.format(**types)})")
        db.execute(
            f"CREATE OR REPLACE FUNCTION {REFUSE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'forum: %% kan kun tilføjes til (%% afvist)', TG_TABLE_NAME, TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        for table in guarded:
            db.execute(
                f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {REFUSE_FUNCTION}()"
            )
            db.execute(
                f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {REFUSE_FUNCTION}()"
            )
    except psycopg.errors.InsufficientPrivilege:
        raise SetupNeededError(missing) from None


def _missing_postgres(db: ViewDatabase, guarded: list[str]) -> list[str]:
    """The seal tables and triggers not there yet (read with the application's own rights)."""
    missing = [t for t in (SEALS, CHECKPOINTS) if db.fetchone("SELECT to_regclass(?)", (t,)) == (None,)]
    for table in guarded:
        for trigger in (f"{table}_append_only", f"{table}_no_truncate"):
            found = db.fetchone(
                "SELECT 1 FROM pg_trigger WHERE tgname = ? AND tgrelid = to_regclass(?)", (trigger, table)
            )
            if found is None:
                missing.append(f"triggeren {trigger}")
    return missing


def grant(db: ViewDatabase, app_role: str, events_table: str, snapshots_table: str) -> None:
    """As the owner: the application's role reads and appends; it neither rewrites nor removes history.

    UPDATE on the events table is granted only because the library takes ``LOCK TABLE … IN
    EXCLUSIVE MODE`` to keep positions in commit order, which PostgreSQL allows only with
    UPDATE, DELETE or TRUNCATE; the trigger refuses every UPDATE, and the role owns no trigger.
    """
    if not ROLE_NAME.fullmatch(app_role):
        raise ValueError(f"Rollenavnet '{app_role}' må kun have små bogstaver, cifre og _.")
    row = db.fetchone("SELECT current_schema()")
    schema = row[0] if row else "public"
    db.execute(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO {app_role}')
    rights = {events_table: "SELECT, INSERT, UPDATE", snapshots_table: "SELECT, INSERT"}
    for table in (events_table, snapshots_table, SEALS, CHECKPOINTS):
        db.execute(f"REVOKE ALL ON {table} FROM {app_role}")
        db.execute(f"GRANT {rights.get(table, 'SELECT, INSERT')} ON {table} TO {app_role}")
    db.execute(f"GRANT USAGE, SELECT ON SEQUENCE {events_table}_notification_id_seq TO {app_role}")
