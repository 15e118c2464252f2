"""`forum users ...`: who may sign in, with which role; tokens are shown once, tokens and passwords stored hashed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from api.accounts.passwords import PasswordBook
from api.accounts.users import ROLE_NAMES, ROLES, UserDirectory
from api.cli.console import Json, emit, fail
from api.cli.options import UserName
from api.cli.text import dk_moment
from api.mail.password_link import password_link, send_password_link
from api.mail.sending import MailNotConfiguredError, MailUnavailableError
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
    email: Annotated[str | None, typer.Option(help="E-mailadressen brugeren logger ind med på webfladen.")] = None,
    as_json: Json = False,
) -> None:
    """Opret en bruger og skriv brugerens token (vises kun denne ene gang)."""
    with _directory() as users:
        user, token = users.add(name, role, party, created_by=get_settings().user, email=email)
    emit(
        {"name": user.name, "role": user.role, "party": user.party, "email": user.email, "token": token},
        as_json,
        f"Bruger {user.label} oprettet. Token (vises kun nu):\n{token}",
    )


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Brugerne, deres roller og om de er tilbagekaldt (aldrig tokens)."""
    with _directory() as users:
        rows = users.all()
    data = [
        {"name": u.name, "role": u.role, "party": u.party, "email": u.email, "revoked_at": u.revoked_at} for u in rows
    ]
    human = "\n".join(
        f"{u.name:24} {ROLE_NAMES[u.role]:12} {u.party or '':16} {u.email or '':32} {_revoked(u.revoked_at)}"
        for u in rows
    )
    emit(data, as_json, human or "Ingen brugere.")


def _revoked(when: str | None) -> str:
    return f"tilbagekaldt {dk_moment(when)}" if when else ""


@app.command("revoke")
def revoke(name: UserName) -> None:
    """Tilbagekald en brugers token med det samme; det brugeren har registreret, står fortsat i brugerens navn."""
    with _directory() as users:
        user = users.revoke(name)
    typer.echo(f"Bruger {user.label} er tilbagekaldt.")


@app.command("set-email")
def set_email(
    name: UserName, email: Annotated[str, typer.Argument(help="E-mailadressen brugeren logger ind med.")]
) -> None:
    """Angiv den e-mailadresse en bruger logger ind med (organisationens login eller adgangskode)."""
    with _directory() as users:
        user = users.set_email(name, email)
    typer.echo(f"Bruger {user.label} logger nu ind med {user.email}.")


@app.command("set-password")
def set_password(
    name: UserName,
    password: Annotated[
        str,
        typer.Option(
            prompt="Ny adgangskode",
            hide_input=True,
            confirmation_prompt="Gentag adgangskoden",
            help="Adgangskoden (spørges om, hvis den ikke gives).",
        ),
    ],
) -> None:
    """Giv en bruger en adgangskode (spørges om to gange, vises aldrig); brugerens websessioner afsluttes."""
    with _directory() as users:
        PasswordBook(users.db).set(name, password)
    typer.echo(f"Adgangskoden for {name} er sat; brugerens sessioner er afsluttet.")


@app.command("invite")
def invite(
    name: UserName,
    valid_hours: Annotated[int, typer.Option(min=1, max=24 * 14, help="Hvor længe linket virker.")] = 72,
) -> None:
    """Send en bruger et link til at vælge sin adgangskode (kræver FORUM_PUBLIC_URL og FORUM_SMTP_HOST)."""
    settings = get_settings()
    base = settings.public_url or fail(
        "Sæt FORUM_PUBLIC_URL (adressen brugerne når siden på), så linket i e-mailen peger det rigtige sted."
    )
    with _directory() as users:
        found = users.active(name)
        user = found[0] if found and found[0].email else fail(f"Der er ingen aktiv bruger '{name}' med e-mailadresse.")
        token = PasswordBook(users.db).start_reset(user, valid_hours * 3600)
    try:
        link = password_link(base, token)
        send_password_link(settings.mailer(), user.email or "", user.name, link, f"{valid_hours} timer", invited=True)
    except (MailNotConfiguredError, MailUnavailableError) as e:
        fail(str(e))
    typer.echo(f"Invitation sendt til {user.email}; linket virker i {valid_hours} timer.")


DEVELOPMENT_USER = "udvikler"
FIRST_COORDINATOR = "forum users add NAVN --role coordinator --email ADRESSE"


def first_user_for_development(url: str, *reasons: str | None) -> None:
    """On a store without users (a newcomer's `make run`), create a coordinator and print its token — unless a
    reason is given (not the embedded store, or a store holding more than the shipped files): then say how to
    create the first coordinator explicitly."""
    refusals = [r for r in reasons if r]
    with _directory() as users:
        if not users.is_empty():
            return
        if refusals:
            typer.echo(
                f"Ingen brugere endnu, og der oprettes ingen udviklerbruger: {refusals[0]}.\n"
                f"  Opret den første koordinator: {FIRST_COORDINATOR}",
                err=True,
            )
            return
        user, token = users.add(DEVELOPMENT_USER, "coordinator", None, created_by="make run")
    typer.echo(
        f"Ingen brugere endnu: oprettede {user.label} til udvikling.\n"
        f"  Token (vises kun nu): {token}\n"
        f"  API: curl -H 'Authorization: Bearer {token}' {url}/contracts\n"
        "  Flere brugere: forum users add NAVN --role coordinator|party|auditor|reader [--party PART]",
        err=True,
    )
