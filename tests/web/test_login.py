"""Logging in with a token, the session cookie, CSRF on every form, logging out."""

from __future__ import annotations

from api.accounts.users import UserDirectory
from api.http.auth import SESSION_COOKIE
from projections.database import ViewDatabase
from tests.web.conftest import Web, form_token
from tests.web.facts import KEY


def test_a_page_without_a_session_redirects_to_the_log_in_page_with_a_danish_message(web: Web) -> None:
    page = web.client.get(f"/kontrakter/{KEY}", params={"as_of": "2016-01-15"})
    login = web.client.get(page.headers["location"])

    assert page.status_code == 303
    assert page.headers["location"].startswith("/log-ind?naeste=%2Fkontrakter%2Famager")
    assert login.status_code == 200 and "Log ind for at se siden." in login.text


def test_logging_in_sets_an_http_only_lax_session_cookie_and_returns_to_the_page(web: Web) -> None:
    form = web.client.get("/log-ind", params={"naeste": f"/kontrakter/{KEY}"})
    response = web.client.post(
        "/log-ind",
        data={"csrf": form_token(form.text), "token": web.tokens["laeser"], "naeste": f"/kontrakter/{KEY}"},
    )
    page = web.client.get(response.headers["location"])

    cookie = response.headers["set-cookie"]
    assert response.status_code == 303 and response.headers["location"] == f"/kontrakter/{KEY}"
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; https requests get Secure
    assert page.status_code == 200 and "laeser (læser)" in page.text


def test_a_wrong_token_is_refused_in_danish_and_a_foreign_next_address_is_ignored(web: Web) -> None:
    form = web.client.get("/log-ind")
    wrong = web.client.post("/log-ind", data={"csrf": form_token(form.text), "token": "ft_forkert", "naeste": "/"})
    form = web.client.get("/log-ind")
    right = web.client.post(
        "/log-ind", data={"csrf": form_token(form.text), "token": web.tokens["laeser"], "naeste": "//evil.example"}
    )

    assert wrong.status_code == 422 and "Tokenet er ukendt eller tilbagekaldt." in wrong.text
    assert right.status_code == 303 and right.headers["location"] == "/"


def test_a_log_in_form_posted_from_elsewhere_is_refused(web: Web) -> None:
    response = web.client.post("/log-ind", data={"csrf": "gæt", "token": web.tokens["koordinator"]})

    assert response.status_code == 403 and "sikkerhedsnøglen" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_form_without_the_session_token_is_refused_with_403(web: Web) -> None:
    client = web.login("koordinator")

    response = client.post(
        f"/kontrakter/{KEY}/moeder/netvaerksmoede", data={"held_on": "2015-11-20", "attendees": ["sof"]}
    )

    assert response.status_code == 403 and "Formularen kunne ikke godkendes" in response.text


def test_logging_out_clears_the_session_cookie(web: Web) -> None:
    client = web.login("koordinator")
    token = form_token(client.get("/log-ud").text)

    response = client.post("/log-ud", data={"csrf": token})

    assert response.status_code == 303 and response.headers["location"] == "/log-ind?besked=logget-ud"
    assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]


def test_a_revoked_token_sends_the_user_to_log_in_again(web: Web, store: dict[str, str]) -> None:
    client = web.login("laeser")
    db = ViewDatabase(store)
    try:
        UserDirectory(db).revoke("laeser")
    finally:
        db.close()

    response = client.get("/")

    assert response.status_code == 303 and "besked=udloebet" in response.headers["location"]
