"""Signing in with the organisation's login: a real OpenID Connect provider on loopback, a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from api.accounts.users import UserDirectory
from api.app import create_app
from api.http.auth import SESSION_COOKIE
from api.settings import Settings
from projections.database import ViewDatabase
from tests.conftest import postgres_env
from tests.e2e.conftest import served as serving

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
EMAIL = "kirsten@example.dk"


@dataclass
class Site:
    url: str
    provider: str


@pytest.fixture
def site(postgres_url: str, postgres_schema: str) -> Iterator[Site]:
    """The app on PostgreSQL with the coordinator Kirsten (known by e-mail), signing in through a provider."""
    store = postgres_env(postgres_url, postgres_schema)
    db = ViewDatabase(store)
    try:
        UserDirectory(db).add("kirsten", "coordinator", None, "test", email=EMAIL)
    finally:
        db.close()
    people = [ProviderUser(sub="kirsten-sub", claims={"email": EMAIL.upper(), "name": "Kirsten"})]
    with run_server_in_thread(user_claims=people, require_nonce=True) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        settings = Settings(
            database_url=postgres_url,
            postgres_schema=postgres_schema,
            pool_size=2,
            oidc_issuer=issuer,
            oidc_client_id="forum-tracker",
            oidc_client_secret="hemmelig",
            oidc_name="Københavns Kommunes login",
        )
        with serving(create_app(settings)) as url:
            yield Site(url, issuer)


def start_at_a_page(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/log-ud")
    page.get_by_role("link", name="Log ind med Københavns Kommunes login").click()
    page.wait_for_url(f"{site.provider}/**")


def test_a_known_user_signs_in_with_the_organisations_login_and_returns_to_the_page(page: Any, site: Site) -> None:
    start_at_a_page(page, site)
    page.get_by_role("button", name="kirsten-sub").click()  # the provider's own sign-in page
    page.wait_for_url(f"{site.url}/log-ud")

    assert page.get_by_text("Du er logget ind som kirsten (koordinator)").is_visible()
    cookies = {c["name"]: c for c in page.context.cookies(site.url)}
    assert cookies[SESSION_COOKIE]["httpOnly"] and cookies[SESSION_COOKIE]["sameSite"] == "Lax"
    page.locator("#indhold").get_by_role("button", name="Log ud").click()
    page.wait_for_url(f"{site.url}/log-ind?besked=logget-ud")
    page.context.add_cookies([cookies[SESSION_COOKIE]])  # the cookie from before logging out, put back
    page.goto(f"{site.url}/log-ud")
    page.wait_for_url(f"{site.url}/log-ind?**besked=udloebet**")


def test_a_person_the_forum_has_not_added_is_refused_in_danish(page: Any, site: Site) -> None:
    start_at_a_page(page, site)
    page.get_by_placeholder("sub").fill("fremmed@example.dk")  # the provider knows them; the forum does not
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{site.url}/log-ind/oidc/svar**")

    assert page.get_by_text("men er ikke bruger af forum-tracker").is_visible()
    assert SESSION_COOKIE not in {c["name"] for c in page.context.cookies(site.url)}
