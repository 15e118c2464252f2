"""How the `forum` commands talk: opening the store, Danish errors, human or JSON output, dates."""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

import typer

from api.reports.contract_views import aware
from api.settings import Settings, get_settings, open_tracker
from domain.errors import ConflictError, DomainError
from domain.permissions import Actor as Acting
from domain.terms import parse_kroner
from domain.tracker import Outcome, Tracker
from persistence.outages import is_outage, outage_message
from persistence.verification import DamagedLogError

Actor = Annotated[str | None, typer.Option("--as", help="Den handlende bruger (standard: FORUM_USER).")]
Json = Annotated[bool, typer.Option("--json", help="Maskinlæsbart JSON-output.")]
Expected = Annotated[int | None, typer.Option("--expected-version", help="Afvis hvis posten er ændret siden.")]
IdempotencyKey = Annotated[
    str | None,
    typer.Option(
        "--idempotency-key",
        help="Nøgle der gør skrivningen sikker at gentage (fx et UUID): kører du kommandoen igen med samme nøgle, "
        "får du det første udfald, og intet registreres to gange. Uden nøgle laves én, som vises, hvis udfaldet "
        "er ukendt.",
    ),
]
UNAVAILABLE = 5  # exit code: the store did not answer, or a write's outcome is unknown – run it again (with its key)


@contextmanager
def opened() -> Iterator[tuple[Tracker, Settings]]:
    settings = get_settings()
    try:
        tracker = open_tracker(settings)
    except Exception as e:  # the store is unreachable or misconfigured: say which, no traceback
        fail(f"Kan ikke åbne lageret {settings.store_name()}: {e}", UNAVAILABLE if is_outage(e) else 1)
    try:
        yield tracker, settings
    except ConflictError as e:
        fail(f"Konflikt: {e}", code=3)
    except DomainError as e:
        fail(str(e))
    except DamagedLogError as e:
        fail(str(e), code=2)
    except Exception as e:
        if not is_outage(e):
            raise
        fail(outage_message(e), UNAVAILABLE)
    finally:
        tracker.close()


def fail(message: str, code: int = 1) -> Any:
    typer.echo(f"Fejl: {message}", err=True)
    raise typer.Exit(code)


def emit(data: Any, as_json: bool, human: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else human)


def recorded(what: str, outcome: Outcome, as_json: bool, **extra: Any) -> None:
    data = {"version": outcome.version, "position": outcome.position, **extra}
    emit(data, as_json, f"{what} (version {outcome.version}, position {outcome.position}).")


def kroner(amount: str, option: str = "--amount") -> int:
    """An amount given in kroner ('1.500,50') as øre, or a Danish error naming the option."""
    try:
        return parse_kroner(amount)
    except ValueError as e:
        return fail(f"{option}: {e}")  # type: ignore[no-any-return]


def optional_day(value: str | None, option: str) -> date | None:
    return None if value is None else day(value, option)


def day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return fail(f"{option}: '{value}' er ikke en dato (skriv ÅÅÅÅ-MM-DD).")  # type: ignore[no-any-return]


def moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return fail(f"--known-at: '{value}' er ikke et tidspunkt (skriv fx 2015-06-01T12:00).")  # type: ignore[no-any-return]
    return aware(moment)


@dataclass(frozen=True)
class Write:
    """What every recording command is given: who acts (--as), the version they saw, JSON or text."""

    actor: str | None
    expected: int | None
    as_json: bool
    key: str | None = None

    @contextmanager
    def opened(self) -> Iterator[tuple[Tracker, Acting]]:
        """The store and the acting user, with the store's refusals as Danish errors."""
        with opened() as (tracker, settings):
            yield tracker, settings.actor(self.actor)

    def recorded(self, what: str, outcome: Outcome, **extra: Any) -> None:
        recorded(what, outcome, self.as_json, **extra)

    def record(self, what: str, use_case: Callable[[Tracker, Acting], Outcome]) -> None:
        """Run one use case as the acting user and say what it recorded."""
        with self.opened() as (tracker, actor):
            outcome = use_case(tracker, actor)
        self.recorded(what, outcome)


def writes(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the options every write shares (--as, --expected-version, --json, --idempotency-key)
    as ``write``, and run it under its idempotency key (``api.cli.idempotency``)."""
    return _with_write_options(command, versioned=True)


def creates(command: Callable[..., None]) -> Callable[..., None]:
    """Like ``writes``, for commands that record something new (no version to expect)."""
    return _with_write_options(command, versioned=False)


def _with_write_options(command: Callable[..., None], versioned: bool) -> Callable[..., None]:
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "write"]
    options = [("actor", Actor, None), ("expected", Expected, None), ("as_json", Json, False),
               ("idempotency_key", IdempotencyKey, None)]  # fmt: skip
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, kind, default in options
        if versioned or name != "expected"
    ]

    @functools.wraps(command)
    def run(
        *args: Any,
        actor: str | None,
        as_json: bool,
        expected: int | None = None,
        idempotency_key: str | None = None,
        **kw: Any,
    ) -> None:
        from api.cli.idempotency import once  # it runs commands with this module's helpers

        write = Write(actor, expected, as_json, idempotency_key)
        arguments = {"args": args, **kw, "expected": expected, "as_json": as_json}
        once(command.__name__, arguments, write, lambda: command(*args, write=write, **kw))

    parameters = own + shared
    run.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
