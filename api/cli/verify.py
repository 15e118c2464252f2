"""`forum verify`, `forum seal`, `forum backup` and `forum db setup`: a log an auditor can check, kept safe."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

import typer

from api.cli.console import Json, emit, fail, opened
from api.settings import get_settings
from domain.tracker import Tracker
from persistence import append_only, chain
from persistence.document_check import check_documents
from persistence.documents import DocumentFiles, copy_documents, document_backup
from persistence.sealing import public_bytes, signing_key
from persistence.snapshot_check import check_snapshots
from persistence.verification import export
from persistence.verification import verify as verify_log
from projections.database import ViewDatabase

app = typer.Typer()
db_app = typer.Typer(no_args_is_help=True, help="Databasen: ejerrolle, programrolle og rettigheder.")
app.add_typer(db_app, name="db")

DAMAGED = 2  # the exit code when the log is damaged


@app.command()
def verify(
    start: Annotated[int | None, typer.Option("--from", min=1, help="Første position (standard: 1).")] = None,
    end: Annotated[int | None, typer.Option("--to", min=1, help="Sidste position (standard: den seneste).")] = None,
    export_dir: Annotated[
        Path | None, typer.Option("--export", help="Skriv hændelser, segl og kontrolpunkter til mappen.")
    ] = None,
    show_key: Annotated[bool, typer.Option("--public-key", help="Skriv den offentlige nøgle (hex).")] = False,
    trusted_key: Annotated[
        str | None, typer.Option("--trusted-key", help="Offentlig nøgle (hex) kontrolpunkterne skal bære.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Check the log against its seals and signed checkpoints; name the first damaged position (exit 2)."""
    public = public_bytes(signing_key(get_settings().seal_key_path()))
    if show_key:
        emit({"public_key": public.hex()}, as_json, public.hex())
        return
    trusted = _hex_key(trusted_key) if trusted_key else public
    with opened() as (tracker, settings):
        env, table = settings.store_env(), append_only.events_table(tracker.recorder)
        if export_dir is not None:
            manifest = export(env, table, trusted, export_dir, start, end)
            human = f"Udtræk skrevet til {export_dir}: " + ", ".join(f"{n} {f}" for f, n in manifest["counts"].items())
            emit(manifest, as_json, human + f". Kontrollér med: python {export_dir / 'verify_export.py'} {export_dir}")
            return
        report = verify_log(env, table, trusted, start, end)
        snapshots = documents = 0
        if start is None and end is None:  # snapshots and documents are checked against the whole history
            snapshots, forged = check_snapshots(tracker, env)
            documents, lost = check_documents(tracker, DocumentFiles.of(env))
            report.findings = sorted(report.findings + forged + lost, key=lambda f: f.position)
    data = {
        "intact": report.intact,
        "findings": [f.as_dict() | {"text": f.line()} for f in report.findings],
        "events": report.events,
        "sealed_to": report.sealed_to,
        "signed_to": report.signed_to,
        "unsealed": report.unsealed,
        "snapshots_checked": snapshots,
        "documents_checked": documents,
    }
    emit(data, as_json, "\n".join([*(f.line() for f in report.findings), chain.summary(report)]))
    if not report.intact:
        raise typer.Exit(DAMAGED)


def _hex_key(text: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        fail("--trusted-key skal være en Ed25519 offentlig nøgle: 64 hexcifre.")
    return key


@app.command()
def seal() -> None:
    """Seal every event not yet sealed and sign a checkpoint now (the follower does it continuously)."""
    with opened() as (tracker, settings):
        sealer = settings.sealer(tracker)
        try:
            made = sealer.seal(checkpoint=True)
        finally:
            sealer.close()
    typer.echo(f"{made} nye hændelser forseglet; kontrolpunkt underskrevet.")


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Backupfilen (SQLite: en databasefil; PostgreSQL: pg_dump -Fc).")],
) -> None:
    """Back up the store while it runs: SQLite's online backup, or pg_dump of the schema on PostgreSQL."""
    settings = get_settings()
    env = settings.store_env()
    if file.exists():
        fail(f"{file} findes allerede; vælg et nyt filnavn.")
    file.parent.mkdir(parents=True, exist_ok=True)
    if env["PERSISTENCE_MODULE"].endswith("sqlite"):
        with closing(sqlite3.connect(env["SQLITE_DBNAME"])) as source, closing(sqlite3.connect(file)) as target:
            source.backup(target)
    else:
        if shutil.which("pg_dump") is None:
            fail("pg_dump findes ikke på denne maskine (pakken postgresql-client).")
        schema = ["--schema", settings.postgres_schema] if settings.postgres_schema else []
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(file), *schema]
        done = subprocess.run([*command, str(settings.database_url)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            fail(f"pg_dump fejlede: {done.stderr.strip()}")
    copied = copy_documents(DocumentFiles.of(env), document_backup(file))  # after the log: it names no newer document
    typer.echo(
        f"Backup skrevet til {file} ({file.stat().st_size} bytes) og {copied} dokumenter til {document_backup(file)}."
    )


@db_app.command("setup")
def db_setup(
    app_role: Annotated[
        str | None, typer.Option("--app-role", help="Programmets rolle (standard: brugeren i FORUM_DATABASE_URL).")
    ] = None,
) -> None:
    """As the owner role (FORUM_OWNER_DATABASE_URL): make the tables and grant the app role read and append only."""
    settings = get_settings()
    if not settings.owner_database_url:
        fail("Sæt FORUM_OWNER_DATABASE_URL til ejerrollens postgresql://-adresse.")
    owner = settings.model_copy(update={"database_url": settings.owner_database_url})
    env = owner.store_env()
    if not env["PERSISTENCE_MODULE"].endswith("postgres"):
        fail("'forum db setup' gælder PostgreSQL; SQLite-filen beskyttes af sine triggere.")
    role: str = (
        app_role
        or urlparse(settings.database_url or "").username
        or fail("Angiv programmets rolle med --app-role (eller brugeren i FORUM_DATABASE_URL).")
    )
    tracker = Tracker(env)  # makes the library's tables, the seal tables and the triggers as the owner
    try:
        assert tracker.snapshots is not None  # the tracker always snapshots (StoredApplication.construct_env)
        tables = append_only.events_table(tracker.recorder), append_only.events_table(tracker.snapshots.recorder)
        with closing(ViewDatabase(env)) as db:
            append_only.grant(db, role, *tables)
    except ValueError as e:
        fail(str(e))
    finally:
        tracker.close()
    typer.echo(f"Tabellerne ejes af {urlparse(owner.database_url or '').username}; {role} må læse og tilføje.")
