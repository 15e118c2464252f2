"""`--idempotency-key`: a write run again with the same key gives its first outcome instead of writing again.

The CLI writes to the store itself, so it claims the key in the same table as the HTTP API
(``persistence.idempotency``), per user, with a fingerprint of the command and its arguments (files
by their content). The outcome kept is what the command printed and its exit code.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TextIO
from uuid import uuid4

import click
import typer

from api.cli.console import UNAVAILABLE, Write, fail
from api.settings import Settings, get_settings, open_tracker
from persistence import idempotency
from persistence.idempotency import Attempt, Claim, IdempotencyKeys, KeyReusedError, KeyTakenError, Stored
from persistence.outages import is_outage, outage_message
from projections.database import ViewDatabase


def once(command: str, arguments: dict[str, Any], write: Write, run: Callable[[], None]) -> None:
    """Run a write under its idempotency key (given, or made here): run it, replay its first outcome,
    or decide from the event store what an attempt that ended without an outcome did."""
    key = write.key or uuid4().hex
    if not 0 < len(key) <= idempotency.MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        fail("--idempotency-key skal være 1–255 synlige ASCII-tegn, fx et UUID. Intet er registreret.")
    settings = get_settings()
    user = settings.actor(write.actor).name
    with _views(settings) as views:
        claim = _claim(views, settings, user, key, fingerprint(command, arguments), write.as_json)
        if claim.kind == "run":
            assert claim.attempt is not None
            _run(views, claim.attempt, run, None if write.key else key)
            return
    _replay(claim)


def fingerprint(command: str, arguments: dict[str, Any]) -> str:
    """What makes two runs the same write: the command, its arguments, and the content of the files named."""
    return hashlib.sha256(json.dumps([command, arguments], sort_keys=True, default=_plain).encode()).hexdigest()


@contextmanager
def _views(settings: Settings) -> Iterator[ViewDatabase]:
    try:
        views = ViewDatabase(settings.store_env())
    except Exception as e:
        if not is_outage(e):
            raise
        fail(outage_message(e), UNAVAILABLE)
    try:
        yield views
    finally:
        views.close()


def _claim(views: ViewDatabase, settings: Settings, user: str, key: str, fingerprint: str, as_json: bool) -> Claim:
    try:
        claim = IdempotencyKeys(views).claim(user, key, fingerprint, lambda: nullcontext(views))
        if claim.kind == "decide":
            claim = _decide(views, settings, claim, as_json)
    except KeyReusedError:
        return fail(  # type: ignore[no-any-return]
            "--idempotency-key er allerede brugt til en anden kommando eller andre argumenter; "
            "brug en ny nøgle til en ny skrivning. Intet er registreret."
        )
    except Exception as e:
        if not is_outage(e):
            raise
        return fail(outage_message(e), UNAVAILABLE)  # type: ignore[no-any-return]
    if claim.kind == "busy":
        return fail(str(KeyTakenError()), UNAVAILABLE)  # type: ignore[no-any-return]
    return claim


def _decide(views: ViewDatabase, settings: Settings, claim: Claim, as_json: bool) -> Claim:
    """An attempt that ended without an outcome: told from the event store (``UnknownOutcomeError`` if it cannot)."""
    tracker = open_tracker(settings)
    try:
        return IdempotencyKeys(views).decide(claim, tracker.recorder, lambda i, p: _recovered(i, p, tracker, as_json))
    finally:
        tracker.close()


def _recovered(intent: dict[str, Any], positions: list[int], tracker: Any, as_json: bool) -> Stored:
    """The outcome of a write recorded before its answer was lost: as JSON or as Danish lines, by the flag given."""
    answer = idempotency.recovered_answer(intent, positions, tracker.recorder, tracker.mapper)
    lines = [f"Registreret (version {answer['version']}, position {answer['position']}); svaret gik tabt og er "
             "genskabt fra lageret:", *(f"  {e['summary']}" for e in answer["events"])]  # fmt: skip
    out = json.dumps(answer, ensure_ascii=False, indent=2) if as_json else "\n".join(lines)
    return _outcome(0, out + "\n", "")


def _run(views: ViewDatabase, attempt: Attempt, run: Callable[[], None], made_key: str | None) -> None:
    token = idempotency.CURRENT.set(attempt)
    code: int | None = None
    try:
        with _captured() as (out, err):
            code = _exit_code(run)
    finally:
        idempotency.CURRENT.reset(token)
        definite = code is not None and code != UNAVAILABLE
        kept = _outcome(code, out.getvalue(), err.getvalue()) if definite and code is not None else None
        idempotency.settle(lambda: nullcontext(views), attempt, kept, is_outage)
        if not definite and made_key is not None:
            typer.echo(f"Kør kommandoen igen med --idempotency-key {made_key}, så afgøres det, om den blev "
                       "registreret, og intet registreres to gange.", err=True)  # fmt: skip
    if code:
        raise typer.Exit(code)


def _exit_code(run: Callable[[], None]) -> int:
    try:
        run()
    except (typer.Exit, click.exceptions.Exit) as e:
        return int(e.exit_code)
    return 0


def _replay(claim: Claim) -> None:
    assert claim.stored is not None
    kept = json.loads(claim.stored.body)
    typer.echo(kept["stdout"], nl=False)
    typer.echo(kept["stderr"], nl=False, err=True)
    if claim.stored.status:
        raise typer.Exit(claim.stored.status)


def _outcome(code: int, out: str, err: str) -> Stored:
    return Stored(code, [], json.dumps({"stdout": out, "stderr": err}, ensure_ascii=False).encode())


class _Tee(io.TextIOBase):
    """Passes what a command prints on, and keeps a copy (the outcome a retry replays)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream, self.kept = stream, io.StringIO()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def getvalue(self) -> str:
        return self.kept.getvalue()


@contextmanager
def _captured() -> Iterator[tuple[_Tee, _Tee]]:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return [str(value), _content(value)]
    return str(value)


def _content(path: Path) -> str | None:
    """A file's SHA-256, or a folder's over its files (so an edited file is another write); None if missing."""
    if path.is_file():
        with path.open("rb") as f:  # in chunks: a file too large to import is refused by the import, not here
            return hashlib.file_digest(f, "sha256").hexdigest()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return hashlib.sha256("".join(f"{p.relative_to(path)}:{_content(p)}\n" for p in files).encode()).hexdigest()
    return None
