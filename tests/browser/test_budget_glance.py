"""In a real browser: the budget page draws its chart under the Content-Security-Policy, its figures open for screen
readers, and a booking shows in the ledger's activity column and totals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Served
from tests.conftest import postgres_env
from tests.e2e.conftest import served as serving
from tests.web.facts import amager_app
from tests.web.test_budget_glance import AS_OF, LEDGER, book_expenses

pytestmark = pytest.mark.browser


@pytest.fixture
def booked(postgres_url: str, postgres_schema: str) -> Iterator[Served]:
    """The app over the Amager history and the example plan's expenses (one activity spends past its allocation)."""
    app, tokens = amager_app(
        postgres_env(postgres_url, postgres_schema), book_expenses, url=(postgres_url, postgres_schema)
    )
    with serving(app) as url:
        yield Served(url, tokens)


def test_the_budget_page_draws_the_chart_and_a_booking_reaches_the_ledger_totals(page: Any, booked: Served) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{booked.url}/log-ind")
    page.get_by_text("Log ind med et API-token").click()
    page.get_by_label("Dit token").fill(booked.tokens["koordinator"])
    page.get_by_role("button", name="Log ind med token").click()
    page.goto(f"{booked.url}{LEDGER}?as_of={AS_OF}")

    chart = page.get_by_role("img", name="Forbrug over tid: Eksempel: Boligsocial helhedsplan Eksempelby")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("rect.chart-bar").count() == 18 and violations == []
    page.get_by_text("Tallene bag grafen").click()
    assert page.get_by_role("row", name="mar. 2019 450.000,00 kr. 1.250.000,00 kr.").is_visible()
    over = page.get_by_role("row").filter(has_text="Overforbrug: 100.000,00 kr. over fordelingen")
    assert "At nedbringe antallet af nabostridigheder og konflikter" in over.inner_text()

    page.get_by_label("Beløb i kroner").fill("2.500,00")
    page.get_by_label("Tekst").fill("Kaffe til temadag")
    page.get_by_label("Aktivitet").select_option(label="At styrke beboernes tryghed og trivsel")
    page.get_by_role("button", name="Bogfør").click()
    page.goto(f"{booked.url}{LEDGER}?as_of={AS_OF}")

    ledger = page.locator("table.ledger")
    assert ledger.get_by_role("row").filter(has_text="Kaffe til temadag").filter(has_text="At styrke beboernes").count()
    assert "1.252.500,00 kr." in ledger.get_by_role("row", name="I alt, alle posteringer").inner_text()
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the chart and the tables scroll by themselves
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
