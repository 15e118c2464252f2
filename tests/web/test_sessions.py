"""Web sessions: a cookie of their own that logout, idleness and age end; rate-limited sign-in; headers."""

from __future__ import annotations

import pytest

from api.http.auth import SESSION_COOKIE
from tests.web.signing_in import EMAIL, PASSWORD, add_password_user, app_client, csrf, moved_clock, post_login

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_signing_in_gives_a_random_session_id_not_the_token_in_an_http_only_lax_cookie(store: dict[str, str]) -> None:
    token = add_password_user(store)
    with app_client(store) as client:
        by_token = post_login(client, token=token)
        first = client.cookies.get(SESSION_COOKIE)
        client.cookies.clear()
        by_password = post_login(client, email=EMAIL, password=PASSWORD)
        second = client.cookies.get(SESSION_COOKIE)

    cookie = by_password.headers["set-cookie"]
    assert by_token.status_code == 303 and by_password.status_code == 303
    assert first and second and len({first, second, token}) == 3
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_after_logging_out_the_old_session_cookie_no_longer_works(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store) as client:
        post_login(client, email=EMAIL, password=PASSWORD)
        old = client.cookies.get(SESSION_COOKIE)
        logout = client.post("/log-ud", data={"csrf": csrf(client.get("/log-ud").text)})
        client.cookies.set(SESSION_COOKIE, old or "")  # a copy of the cookie, kept from before
        page = client.get("/log-ud")
        api = client.get("/contracts")

    assert logout.status_code == 303 and "Max-Age=0" in logout.headers["set-cookie"]
    assert page.status_code == 303 and "besked=udloebet" in page.headers["location"]
    assert api.status_code == 401 and api.headers["content-type"].startswith("application/problem+json")


def test_a_session_unused_longer_than_the_idle_limit_asks_to_log_in_again(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store, session_idle_minutes=30, session_max_hours=8) as client:
        post_login(client, email=EMAIL, password=PASSWORD)
        moved_clock(client, 29 * 60)
        within = client.get("/log-ud")
        moved_clock(client, 31 * 60)
        after = client.get("/log-ud")

    assert within.status_code == 200
    assert after.status_code == 303 and "besked=udloebet" in after.headers["location"]


def test_a_session_ends_at_the_absolute_limit_however_busy(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store, session_idle_minutes=30, session_max_hours=1) as client:
        post_login(client, email=EMAIL, password=PASSWORD)
        answers = []
        for _ in range(4):  # used every 25 minutes: never idle, but 1 hour after sign-in it is over
            moved_clock(client, 25 * 60)
            answers.append(client.get("/log-ud").status_code)

    assert answers == [200, 200, 303, 303]


def test_a_form_token_from_another_session_is_refused(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store) as client:
        post_login(client, email=EMAIL, password=PASSWORD)
        first_token = csrf(client.get("/log-ud").text)
        client.cookies.clear()
        post_login(client, email=EMAIL, password=PASSWORD)
        refused = client.post("/log-ud", data={"csrf": first_token})
        own = client.post("/log-ud", data={"csrf": csrf(client.get("/log-ud").text)})

    assert refused.status_code == 403 and own.status_code == 303


def test_300_wrong_passwords_from_one_address_are_stopped_with_429_and_retry_after(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store, login_attempts_per_client=20, login_attempts_per_account=1000) as client:
        answers = [post_login(client, email=EMAIL, password=f"forkert {n:04}") for n in range(300)]
        right = post_login(client, email=EMAIL, password=PASSWORD)

    checked = [a for a in answers if a.status_code == 422]
    stopped = [a for a in answers if a.status_code == 429]
    assert len(checked) == 20 and len(stopped) == 280
    assert all(0 < int(a.headers["retry-after"]) <= 15 * 60 for a in stopped)
    assert "For mange mislykkede forsøg" in stopped[-1].text
    assert right.status_code == 429  # not even the right password gets through while the address waits


def test_wrong_passwords_for_one_account_from_many_addresses_lock_that_account_only(store: dict[str, str]) -> None:
    add_password_user(store)
    proxy = ("10.0.0.2", 40000)
    with app_client(store, client=proxy, trusted_proxies="10.0.0.0/8", login_attempts_per_account=5) as client:
        answers = [
            post_login(client, {"X-Forwarded-For": f"192.0.2.{n}"}, email=EMAIL, password="forkert igen og igen")
            for n in range(1, 9)
        ]
        other = post_login(client, {"X-Forwarded-For": "192.0.2.99"}, email="ukendt@example.dk", password="gæt")

    assert [a.status_code for a in answers] == [422] * 5 + [429] * 3
    assert other.status_code == 422


def test_a_forwarded_address_from_an_untrusted_peer_does_not_escape_the_limit(store: dict[str, str]) -> None:
    add_password_user(store)
    with app_client(store, login_attempts_per_client=3, login_attempts_per_account=1000) as client:
        answers = [
            post_login(client, {"X-Forwarded-For": f"192.0.2.{n}"}, email=f"gaet{n}@example.dk", password="gæt")
            for n in range(6)
        ]

    assert [a.status_code for a in answers] == [422] * 3 + [429] * 3


@pytest.mark.parametrize("path", ["/log-ind", "/health", "/contracts", "/static/forum.css", "/findes-ikke", "/docs"])
def test_every_answer_carries_the_security_headers(store: dict[str, str], path: str) -> None:
    with app_client(store) as client:
        headers = client.get(path).headers

    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy  # nothing inline, nothing from elsewhere
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    ("settings", "peer", "forwarded", "secure"),
    [
        ({"public_url": "https://forum.example.dk"}, "testclient", {}, True),
        ({"trusted_proxies": "10.0.0.1"}, "10.0.0.1", {"X-Forwarded-Proto": "https"}, True),
        ({"trusted_proxies": "10.0.0.1"}, "10.0.0.9", {"X-Forwarded-Proto": "https"}, False),
        ({}, "testclient", {"X-Forwarded-Proto": "https"}, False),
    ],
    ids=["public-url-https", "trusted-proxy", "untrusted-proxy", "no-proxies"],
)
def test_the_session_cookie_is_secure_over_https_and_behind_a_trusted_tls_proxy(
    store: dict[str, str], settings: dict[str, str], peer: str, forwarded: dict[str, str], secure: bool
) -> None:
    add_password_user(store)
    with app_client(store, client=(peer, 40000), **settings) as client:
        response = post_login(client, forwarded, email=EMAIL, password=PASSWORD)

    assert response.status_code == 303
    assert ("Secure" in response.headers["set-cookie"]) is secure
