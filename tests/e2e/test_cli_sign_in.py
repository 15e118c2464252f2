"""`forum users` for sign-in: e-mail addresses, passwords asked for twice, invitations by e-mail."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from api.accounts.passwords import PasswordBook
from api.cli.main import app
from api.settings import get_settings
from projections.database import ViewDatabase
from tests.e2e.conftest import Forum
from tests.mail_server import Inbox, smtp_server

PASSWORD = "en lang sætning om Amager"


@pytest.fixture
def inbox(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with smtp_server() as received:
        monkeypatch.setenv("FORUM_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FORUM_SMTP_PORT", str(received.port))
        monkeypatch.setenv("FORUM_PUBLIC_URL", "https://forum.example.dk")
        get_settings.cache_clear()
        yield received


def test_a_user_is_added_with_an_email_address_and_given_a_password(forum: Forum, store: dict[str, str]) -> None:
    added = forum("users", "add", "kirsten", "--role", "coordinator", "--email", "Kirsten@Example.dk", "--json")
    forum("users", "add", "anden", "--role", "reader", "--email", "kirsten@example.dk", expect=1)
    result = CliRunner().invoke(app, ["users", "set-password", "kirsten"], input=f"{PASSWORD}\n{PASSWORD}\n")
    short = CliRunner().invoke(app, ["users", "set-password", "kirsten"], input="kort\nkort\n")
    listed = forum("users", "list", "--json")

    db = ViewDatabase(store)
    try:
        signed_in = PasswordBook(db).verify("kirsten@example.dk", PASSWORD)
    finally:
        db.close()
    assert added["email"] == "kirsten@example.dk"
    assert result.exit_code == 0 and PASSWORD not in result.output
    assert short.exit_code == 1 and "mellem 12 og" in short.output
    assert [(u["name"], u["email"]) for u in listed] == [("kirsten", "kirsten@example.dk")]
    assert signed_in is not None and signed_in.name == "kirsten"


def test_an_invitation_mails_a_link_to_choose_a_password_at_the_public_address(forum: Forum, inbox: Inbox) -> None:
    forum("users", "add", "kirsten", "--role", "coordinator")
    refused = forum("users", "invite", "kirsten", expect=1)
    forum("users", "set-email", "kirsten", "kirsten@example.dk")

    forum("users", "invite", "kirsten", "--valid-hours", "48")

    body = str(inbox.messages[0].get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "e-mailadresse" in refused.output
    assert inbox.messages[0]["Subject"] == "Du er oprettet som bruger af forum-tracker"
    assert re.search(r"https://forum\.example\.dk/log-ind/ny-adgangskode\?token=\S{40,}", body)
    assert "udløber om 48 timer" in body
