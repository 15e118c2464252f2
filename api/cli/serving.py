"""What `forum serve` (and so `make run`) does around the server: a first run's demo data and development user,
only where the rules allow them, and the line that tells where the forum is running."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

import typer
import uvicorn

from api.cli import users as cli_users
from api.cli.console import opened
from api.demo.history import KEY, demo_loaded, load_demo_if_empty
from api.demo.shipped import not_only_shipped, shipped_keys
from api.mail.reminder_schedule import ReminderSchedule
from api.settings import Settings

ANY_ADDRESS = {"", "0.0.0.0", "::"}


def base_url(host: str, port: int) -> str:
    """The address a person on this machine opens: a server listening on every address is reached on loopback."""
    shown = ("::1" if ":" in host else "127.0.0.1") if host in ANY_ADDRESS else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


class AnnouncingServer(uvicorn.Server):
    """uvicorn's server on a socket bound beforehand (so the real port is known, also for --port 0); once it
    listens, it prints where the forum runs and where to log in."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(uvicorn.Config("api.app:create_app", factory=True, host=host, port=port))
        self.config.load_app()
        self.socket = self.config.bind_socket()
        self.url = base_url(host, self.socket.getsockname()[1])

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            typer.echo(f"Forum kører på {self.url} – log ind på {self.url}/log-ind", err=True)

    def serve_until_stopped(self) -> None:
        """As ``uvicorn.run`` does for one process: serve until stopped; exit 3 if it never started."""
        with contextlib.suppress(KeyboardInterrupt):
            self.run(sockets=[self.socket])
        if not self.started:
            raise typer.Exit(3)


def first_run(settings: Settings, import_first: bool, url: str) -> None:
    """The embedded store that holds nothing but the shipped contract files gets the demo history (with --import)
    and, without users, a development coordinator. Any other store gets neither, and is told why."""
    embedded = settings.store_env()["PERSISTENCE_MODULE"].endswith("sqlite")
    with opened() as (tracker, _):
        demo = demo_loaded(tracker)
        reason = not_only_shipped(tracker, shipped_keys(settings.contracts_dir) | {KEY}, history_counts=not demo)
        loaded = import_first and embedded and reason is None and load_demo_if_empty(tracker)
    if loaded:
        typer.echo(f"Lageret var tomt: demohistorikken 2014–2017 for {KEY} er indlæst (aktører 'demo:…').", err=True)
    elif import_first and not demo and reason is not None:
        typer.echo(f"Demodata indlæses ikke: {reason}.", err=True)
    elif import_first and not demo and not embedded:
        typer.echo("Demodata indlæses ikke i PostgreSQL af sig selv; brug 'forum demo' i et demolager.", err=True)
    not_embedded = None if embedded else "lageret er PostgreSQL, ikke det indlejrede SQLite-lager"
    cli_users.first_user_for_development(url, not_embedded, reason)


@contextlib.contextmanager
def reminders(settings: Settings) -> Iterator[ReminderSchedule | None]:
    """Send reminders every day at FORUM_REMINDERS_AT while the server runs (off when it is not set)."""
    if not settings.reminders_at:
        yield None
        return
    schedule = ReminderSchedule(settings)
    typer.echo(f"Påmindelser sendes hver dag kl. {settings.reminders_at} (dansk tid).", err=True)
    schedule.start()
    try:
        yield schedule
    finally:
        schedule.stop()
