"""`forum users ...`: who may use the API, with which role; tokens are shown once and stored as hashes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from api.accounts.users import ROLE_NAMES, ROLES, UserDirectory
from api.cli.console import Json, emit, fail
from api.settings import get_settings
from domain.errors import DomainError
from projections.database import ViewDatabase

app = typer.Typer(no_args_is_help=True, help="Brugere og tokens til API'et og webfladen.")


@contextmanager
def _directory() -> Iterator[UserDirectory]:
    settings = get_settings()
    try:
        db = ViewDatabase(settings.store_env())
    except Exception as e:  # unreachable store: say which, no traceback
        fail(f"Kan ikke åbne lageret {settings.store_name()}: {e}")
    try:
        yield UserDirectory(db)
    except DomainError as e:
        fail(str(e))
    finally:
        db.close()


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Brugernavn; registreres som aktør på alt brugeren gør.")],
    role: Annotated[str, typer.Option(help=f"Rolle: {', '.join(ROLES)}.")],
    party: Annotated[str | None, typer.Option(help="Parten en bruger med rollen 'party' handler for.")] = None,
    as_json: Json = False,
) -> None:
    """Add a user and print their token (shown only this once)."""
    with _directory() as users:
        user, token = users.add(name, role, party, created_by=get_settings().user)
    emit(
        {"name": user.name, "role": user.role, "party": user.party, "token": token},
        as_json,
        f"Bruger {user.label} oprettet. Token (vises kun nu):\n{token}",
    )


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Users, their roles and whether they are revoked (never tokens)."""
    with _directory() as users:
        rows = users.all()
    data = [{"name": u.name, "role": u.role, "party": u.party, "revoked_at": u.revoked_at} for u in rows]
    human = "\n".join(f"{u.name:24} {ROLE_NAMES[u.role]:12} {u.party or '':16} {_revoked(u.revoked_at)}" for u in rows)
    emit(data, as_json, human or "Ingen brugere.")


def _revoked(when: str | None) -> str:
    return f"tilbagekaldt {when}" if when else ""


@app.command("revoke")
def revoke(name: str) -> None:
    """Revoke a user's token at once; what they recorded stays attributed to them."""
    with _directory() as users:
        user = users.revoke(name)
    typer.echo(f"Bruger {user.label} er tilbagekaldt.")


DEVELOPMENT_USER = "udvikler"


def first_user_for_development() -> None:
    """On a store without users (a newcomer's `make run`), create a coordinator and print its token."""
    with _directory() as users:
        if not users.is_empty():
            return
        user, token = users.add(DEVELOPMENT_USER, "coordinator", None, created_by="make run")
    typer.echo(
        f"Ingen brugere endnu: oprettede {user.label} til udvikling.\n"
        f"  Token (vises kun nu): {token}\n"
        f"  API: curl -H 'Authorization: Bearer {token}' http://127.0.0.1:8000/contracts\n"
        "  Flere brugere: forum users add NAVN --role coordinator|party|auditor|reader [--party PART]",
        err=True,
    )
