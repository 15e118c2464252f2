"""A real Chromium (Debian's, never Playwright's download) against the app served by uvicorn on PostgreSQL.

Without /usr/bin/chromium the tests skip, saying how to enable them; with FORUM_REQUIRE_BROWSER=1 (CI)
they fail instead. A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from domain.tracker import Tracker
from tests.conftest import ROOT, postgres_env
from tests.e2e.conftest import served as serving
from tests.web.facts import amager_app

CHROMIUM = Path(os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
ARTIFACTS = ROOT / "test-artifacts"
REQUIRED = os.environ.get("FORUM_REQUIRE_BROWSER", "0") == "1"


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (make install)"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the test, so the page fixture knows whether the test failed."""
    outcome: Any = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@dataclass
class Served:
    url: str
    tokens: dict[str, str]


@contextmanager
def amager_served(
    postgres_url: str, schema: str, *more: Callable[[Tracker], None], **settings: str
) -> Iterator[Served]:
    """The app on a free loopback port over a PostgreSQL schema holding the Amager history, then whatever
    ``more`` records; ``settings`` are added to the store's environment."""
    store = postgres_env(postgres_url, schema) | settings
    app, tokens = amager_app(store, *more, url=(postgres_url, schema))
    with serving(app) as url:
        yield Served(url, tokens)


@pytest.fixture
def served(postgres_url: str, postgres_schema: str) -> Iterator[Served]:
    """The app on a free loopback port over a PostgreSQL schema holding the Amager history."""
    with amager_served(postgres_url, postgres_schema) as found:
        yield found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problem = _browser_problem()
    if problem is not None:
        message = (
            f"{problem}: browser tests skipped. Enable them with `sudo apt-get install -y chromium` "
            "(as root: `make chromium`)."
        )
        if REQUIRED:
            pytest.fail(message + " (FORUM_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def browser_page(browser: Any, request: pytest.FixtureRequest, viewport: dict[str, int]) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page at ``viewport``; a screenshot is kept when the test fails."""
    context = browser.new_context(locale="da-DK", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(120_000)  # a safety net only: every step waits for its element, however slow
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a desktop window."""
    with browser_page(browser, request, {"width": 1280, "height": 900}) as page:
        yield page
