"""E-mail + password: a forgotten password is reset by a single-use link sent by a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.http.auth import SESSION_COOKIE
from tests.mail_server import Inbox, free_port, smtp_server
from tests.web.signing_in import EMAIL, PASSWORD, add_password_user, app_client, csrf, moved_clock, post_login

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
NEW_PASSWORD = "en helt anden sætning om Urbanplanen"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as received:
        yield received


def ask_for_link(client: TestClient, email: str) -> Response:
    form = client.get("/log-ind/glemt")
    return client.post("/log-ind/glemt", data={"csrf": csrf(form.text), "email": email})


def link_in(inbox: Inbox) -> str:
    found = re.search(r"http://testserver(/log-ind/ny-adgangskode\?token=\S+)", inbox.body())
    assert found, inbox.body()
    return found.group(1)


def choose(client: TestClient, path: str, password: str, again: str | None = None) -> Response:
    page = client.get(path)
    token = path.split("token=")[1]
    data = {"csrf": csrf(page.text), "token": token, "password": password, "password_again": again or password}
    return client.post("/log-ind/ny-adgangskode", data=data)


def test_a_forgotten_password_is_reset_by_the_emailed_link_once(store: dict[str, str], inbox: Inbox) -> None:
    add_password_user(store)
    with app_client(store, smtp_host="127.0.0.1", smtp_port=inbox.port, mail_from="forum@example.dk") as client:
        asked = ask_for_link(client, "Kirsten@Example.dk")
        path = link_in(inbox)
        chosen = choose(client, path, NEW_PASSWORD)
        old = post_login(client, email=EMAIL, password=PASSWORD)
        new = post_login(client, email=EMAIL, password=NEW_PASSWORD)
        again = client.get(path)

    message = inbox.messages[0]
    assert asked.status_code == 200 and "er der nu sendt en e-mail" in asked.text
    assert message["To"] == EMAIL and message["From"] == "forum@example.dk"
    assert message["Subject"] == "Vælg en ny adgangskode til forum-tracker" and "Linket virker én gang" in inbox.body()
    assert chosen.status_code == 303 and chosen.headers["location"] == "/log-ind?besked=adgangskode-sat"
    assert old.status_code == 422 and "forkert" in old.text
    assert new.status_code == 303 and new.cookies.get(SESSION_COOKIE)
    assert again.status_code == 410 and "brugt, udløbet eller ukendt" in again.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(store: dict[str, str], inbox: Inbox) -> None:
    add_password_user(store)
    with app_client(store, smtp_host="127.0.0.1", smtp_port=inbox.port) as client:
        unknown = ask_for_link(client, "fremmed@example.dk")
        known = ask_for_link(client, EMAIL)

    assert unknown.status_code == known.status_code == 200
    assert "er der nu sendt en e-mail" in unknown.text
    assert [m["To"] for m in inbox.messages] == [EMAIL]


def test_a_link_past_its_time_and_a_short_or_mistyped_password_are_refused(store: dict[str, str], inbox: Inbox) -> None:
    add_password_user(store)
    with app_client(store, smtp_host="127.0.0.1", smtp_port=inbox.port, password_reset_minutes=30) as client:
        ask_for_link(client, EMAIL)
        path = link_in(inbox)
        short = choose(client, path, "kort")
        mistyped = choose(client, path, NEW_PASSWORD, NEW_PASSWORD + "x")
        moved_clock(client, 31 * 60)
        late = client.get(path)
        still = post_login(client, email=EMAIL, password=PASSWORD)

    assert short.status_code == 422 and "mellem 12 og" in short.text
    assert mistyped.status_code == 422 and "ikke ens" in mistyped.text
    assert late.status_code == 410
    assert still.status_code == 303  # the old password stands


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(store: dict[str, str], inbox: Inbox) -> None:
    add_password_user(store)
    with app_client(store, smtp_host="127.0.0.1", smtp_port=inbox.port) as client:
        post_login(client, email=EMAIL, password=PASSWORD)
        before = client.get("/log-ud").status_code
        ask_for_link(client, EMAIL)
        choose(client, link_in(inbox), NEW_PASSWORD)
        after = client.get("/log-ud")

    assert before == 200 and after.status_code == 303


def test_a_mail_server_that_does_not_answer_gives_a_danish_503(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store, smtp_host="127.0.0.1", smtp_port=free_port()) as client:
        answer = ask_for_link(client, EMAIL)

    assert answer.status_code == 503 and "E-mailen kunne ikke sendes" in answer.text
