"""`forum reminders run` end to end on both stores, with a real SMTP server on loopback, and the signed
unsubscribe link over HTTP (the page's button and a mail program's one-click POST)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, get_settings
from tests.conftest import CONTRACTS, store_url
from tests.e2e.conftest import Forum
from tests.e2e.test_serve import serving
from tests.mail_server import Inbox, free_port, smtp_server

KEY = "amager-udsatte-grupper-2013"
SOF_LEADER = "sof-omraadechef-voksenenheden"


@pytest.fixture
def inbox(cli_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Inbox]:
    with smtp_server() as received:
        monkeypatch.setenv("FORUM_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FORUM_SMTP_PORT", str(received.port))
        monkeypatch.setenv("FORUM_PUBLIC_URL", "https://forum.example.dk")
        monkeypatch.setenv("FORUM_DATA_DIR", str(tmp_path))  # the seal key the unsubscribe links are signed from
        get_settings.cache_clear()
        yield received


def prepared(forum: Forum) -> str:
    """Amager imported, SOF's and 3B's users and a coordinator with addresses, SOF's leader consenting weekly."""
    forum("import", str(CONTRACTS))
    forum("users", "add", "sofie", "--role", "party", "--party", "sof", "--email", "sofie@sof.kk.dk")
    forum("users", "add", "kirsten", "--role", "coordinator", "--email", "kirsten@example.dk")
    person = next(p["person"] for p in forum("persons", "list", KEY, "--json") if p["contact"] == SOF_LEADER)
    forum("reminders", "consent", KEY, person, "weekly")
    return str(person)


def test_reminders_run_dry_then_for_real_then_again_sends_each_mail_once(forum: Forum, inbox: Inbox) -> None:
    prepared(forum)

    dry = forum("reminders", "run", "--as-of", "2014-05-20", "--dry-run")
    mailed_after_dry = len(inbox.messages)
    sent = forum("reminders", "run", "--as-of", "2014-05-20", "--json")
    again = forum("reminders", "run", "--as-of", "2014-05-20")
    audit = forum("audit", "--type", "Sent", "--json")

    assert "ville sende: påmindelse til sofie <sofie@sof.kk.dk>" in dry.output and mailed_after_dry == 0
    assert sorted(str(m["To"]) for m in inbox.messages) == [
        "J873@sof.kk.dk", "J873@sof.kk.dk", "kirsten@example.dk", "sofie@sof.kk.dk"
    ]  # fmt: skip
    assert [letter["kind"] for letter in sent["letters"]].count("escalation") == 2
    assert again.output.strip() == "Ingen påmindelser at sende pr. 20.05.2014."
    assert len(audit) == 4 and all("sendte" in row["summary"] for row in audit)


def test_with_the_mail_server_down_the_run_fails_in_danish_and_the_next_run_sends(
    forum: Forum, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared(forum)
    monkeypatch.setenv("FORUM_SMTP_PORT", str(free_port()))
    get_settings.cache_clear()

    down = forum("reminders", "run", "--as-of", "2014-05-20", expect=5)
    audit_after_outage = forum("audit", "--type", "Planned", "--json")
    monkeypatch.setenv("FORUM_SMTP_PORT", str(inbox.port))
    get_settings.cache_clear()
    forum("reminders", "run", "--as-of", "2014-05-20")

    assert "Fejl: E-mailen kunne ikke sendes (mailserveren svarer ikke" in down.output
    assert audit_after_outage == [] and len(inbox.messages) == 4


def test_the_unsubscribe_link_works_without_signing_in_and_stops_the_next_digest(
    forum: Forum, inbox: Inbox, store: dict[str, str], tmp_path: Path
) -> None:
    prepared(forum)
    forum("reminders", "run", "--as-of", "2014-05-20")
    digest = next(m for m in inbox.messages if m["To"] == "sofie@sof.kk.dk")
    leader = next(m for m in inbox.messages if m["To"] == "J873@sof.kk.dk")
    link = re.fullmatch(r"<https://forum\.example\.dk(/afmeld\?t=\S+)>", str(digest["List-Unsubscribe"]))
    one_click = re.fullmatch(r"<https://forum\.example\.dk(/afmeld\?t=\S+)>", str(leader["List-Unsubscribe"]))
    assert link is not None and one_click is not None
    url, schema = store_url(store)
    app = create_app(Settings(database_url=url, postgres_schema=schema, pool_size=2, data_dir=tmp_path))

    with TestClient(app) as http:
        page = http.get(link.group(1))
        forged = http.post(link.group(1)[:-3] + "abc")
        done = http.post(link.group(1))
        clicked = http.post(one_click.group(1), data={"List-Unsubscribe": "One-Click"})
    before = len(inbox.messages)
    forum("reminders", "run", "--as-of", "2014-05-27")

    assert page.status_code == 200 and "Afmeld påmindelser</button>" in page.text
    assert forged.status_code == 404 and "ugyldigt" in forged.text
    assert done.status_code == 200 and "Du er afmeldt" in done.text and clicked.status_code == 200
    assert [str(m["To"]) for m in inbox.messages[before:]] == []  # sofie and the leader unsubscribed; no new escalation


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # the schedule does not depend on the store
def test_forum_serve_sends_reminders_on_a_schedule_only_when_one_is_set(
    forum: Forum, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(tmp_path) as (_, printed_by_default):
        pass
    monkeypatch.setenv("FORUM_REMINDERS_AT", "7:30")
    with serving(tmp_path) as (_, printed):
        pass

    assert not any("Påmindelser sendes" in line for line in printed_by_default)
    assert "Påmindelser sendes hver dag kl. 07:30 (dansk tid)." in printed
