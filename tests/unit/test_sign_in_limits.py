"""The sign-in rate limits and who the client is behind proxies (pure parts, no database)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from api.accounts.throttle import Limit, LoginThrottle
from api.http.forwarded import client_address, is_https
from api.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_over_its_limit_waits_until_its_oldest_failure_leaves_the_window() -> None:
    clock = Clock()
    throttle = LoginThrottle(Limit(3, 600), Limit(100, 600), clock)
    for _ in range(3):
        assert throttle.retry_after("192.0.2.1", None) == 0
        throttle.failed("192.0.2.1", None)
        clock.now += 10

    assert throttle.retry_after("192.0.2.1", None) == 570
    assert throttle.retry_after("192.0.2.2", None) == 0  # another address is not held back
    clock.now += 570
    assert throttle.retry_after("192.0.2.1", None) == 0


def test_an_account_is_limited_whatever_address_guesses_and_a_right_password_clears_it() -> None:
    clock = Clock()
    throttle = LoginThrottle(Limit(100, 900), Limit(2, 900), clock)
    throttle.failed("192.0.2.1", "Kirsten@example.dk")
    throttle.failed("192.0.2.2", "kirsten@example.dk")

    assert throttle.retry_after("192.0.2.3", "kirsten@example.dk") == 900
    assert throttle.retry_after("192.0.2.3", "karen@example.dk") == 0
    throttle.succeeded("kirsten@example.dk")
    assert throttle.retry_after("192.0.2.3", "kirsten@example.dk") == 0


def request(peer: str, headers: dict[str, str], **settings: str) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(settings=Settings(**settings)))  # type: ignore[arg-type]
    return Request(
        {
            "type": "http",
            "scheme": "http",
            "server": ("forum.example.dk", 80),
            "path": "/log-ind",
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": (peer, 40000),
            "app": app,
        }
    )


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        ("198.51.100.7", "192.0.2.1", "", "198.51.100.7"),  # no proxies trusted: the header is anyone's
        ("10.0.0.1", "192.0.2.1", "10.0.0.0/8", "192.0.2.1"),
        ("10.0.0.1", "203.0.113.9, 192.0.2.1, 10.0.0.2", "10.0.0.0/8", "192.0.2.1"),  # the first untrusted hop
        ("10.0.0.1", "", "10.0.0.0/8", "10.0.0.1"),
    ],
)
def test_the_client_is_the_last_address_not_added_by_a_trusted_proxy(
    peer: str, forwarded_for: str, trusted: str, client: str
) -> None:
    assert client_address(request(peer, {"X-Forwarded-For": forwarded_for}, trusted_proxies=trusted)) == client


def test_https_is_believed_from_the_public_url_or_a_trusted_proxy_only() -> None:
    https = {"X-Forwarded-Proto": "https"}

    assert is_https(request("198.51.100.7", {}, public_url="https://forum.example.dk"))
    assert is_https(request("10.0.0.1", https, trusted_proxies="10.0.0.1"))
    assert not is_https(request("198.51.100.7", https, trusted_proxies="10.0.0.1"))
    assert not is_https(request("198.51.100.7", {}, public_url="http://forum.example.dk"))


def test_trusted_proxies_that_are_not_addresses_are_refused_in_danish() -> None:
    with pytest.raises(ValidationError, match="FORUM_TRUSTED_PROXIES"):
        Settings(trusted_proxies="10.0.0.1, proxy.example.dk")
