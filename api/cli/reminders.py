"""`forum reminders`: send the reminders and escalations due today, and who wants them how often."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.accounts.users import UserNotFoundError
from api.cli.console import UNAVAILABLE, Json, Write, creates, emit, fail, opened, optional_day
from api.mail.reminder_run import run_with_views
from api.mail.subscriptions import set_user_choice
from domain.reminders import KIND_WORD
from domain.vocabulary import dk_date
from projections.database import ViewDatabase

app = typer.Typer(no_args_is_help=True, help="Påmindelser og eskaleringer pr. e-mail.")

Choice = Annotated[str, typer.Argument(help="daily (hver dag), weekly (hver uge) eller off (afmeldt).")]


@app.command("run")
def run(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Send som pr. denne dato (standard: i dag).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis hvad der ville blive sendt; intet sendes.")] = False,
    as_json: Json = False,
) -> None:
    """Send de påmindelser og eskaleringer, der ikke er sendt før; en ny kørsel samme dag sender intet."""
    with opened() as (tracker, settings):
        day = optional_day(as_of, "--as-of") or tracker.clock()
        result = run_with_views(tracker, settings, day, settings.actor(), dry_run)
    lines = [_line(letter, dry_run) for letter in result.letters]
    none = f"Ingen påmindelser at sende pr. {dk_date(day)}."
    emit({"as_of": day.isoformat(), "dry_run": dry_run, "letters": result.letters, "error": result.error},
         as_json, "\n".join(lines) or none)  # fmt: skip
    if result.error:
        fail(f"{result.error} Intet er registreret som sendt for de resterende; kør igen senere.", UNAVAILABLE)


def _line(letter: dict[str, Any], dry_run: bool) -> str:
    verb = "ville sende" if dry_run else "sendt"
    again = " (gentaget)" if letter["repeated"] else ""
    return (
        f"{verb}: {KIND_WORD[letter['kind']]} til {letter['name']} <{letter['email']}>{again} – "
        f"{len(letter['occurrences'])} frister i {', '.join(letter['contracts'])}: {letter['subject']}"
    )


@app.command("user")
def user(name: str, choice: Choice) -> None:
    """Hvor ofte en bruger får påmindelser (brugerens e-mailadresse: `forum users set-email`)."""
    with opened() as (_, settings):
        db = ViewDatabase(settings.store_env())
        try:
            set_user_choice(db, name, choice)
        except ValueError:
            fail(f"'{choice}' er ikke daily, weekly eller off.")
        except UserNotFoundError as e:
            fail(str(e))
        finally:
            db.close()
    typer.echo(f"{name}: påmindelser {CHOICE_WORD[choice]}.")


CHOICE_WORD = {"daily": "hver dag", "weekly": "hver uge", "off": "afmeldt"}


@app.command("consent")
@creates
def consent(key: str, person: str, choice: Choice, *, write: Write) -> None:
    """Registrér en kontaktpersons samtykke til påmindelser (daily/weekly), eller afmeld (off)."""
    what = f"Kontaktperson {person}: påmindelser {CHOICE_WORD.get(choice, choice)}"
    if choice == "off":
        write.record(what, lambda t, actor: t.withdraw_reminders(key, person, actor))
    else:
        write.record(what, lambda t, actor: t.consent_to_reminders(key, person, choice, actor))
