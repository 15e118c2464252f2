"""Pages and the API explorer work in Chromium under the Content-Security-Policy, which refuses inline code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings
from tests.e2e.conftest import served as serving

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture
def site(postgres_url: str, postgres_schema: str) -> Iterator[str]:
    with serving(create_app(Settings(database_url=postgres_url, postgres_schema=postgres_schema, pool_size=2))) as url:
        yield url


def violations_on(page: Any) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if "Content Security" in message.text else None)
    return found


def test_the_log_in_page_loads_its_stylesheet_and_refuses_an_injected_inline_style(page: Any, site: str) -> None:
    violations = violations_on(page)
    page.goto(f"{site}/log-ind")
    page.get_by_text("Log ind med et API-token").click()

    assert page.get_by_label("Dit token").is_visible()
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")  # forum.css applied
    assert violations == []
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"  # an inline style is refused
    assert len(violations) == 1


def test_the_api_explorer_shows_the_operations_without_a_cdn(page: Any, site: str) -> None:
    violations = violations_on(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}/docs")

    page.get_by_text("Opret en kontrakt (kontraktfilens format)").wait_for()
    assert violations == []
    assert all(url.startswith(site) for url in requested), requested
