"""The budget at a glance: the spending chart with its figures, allocation against spending per activity, and the
ledger with an activity column and totals (on the page, overall and per funder)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from domain.tracker import Tracker
from tests.web.conftest import Web, missing
from tests.web.facts import amager_app

KEY = "eksempel-social-vicevaert"
PLAN = "eksempel-helhedsplan"
LEDGER = f"/kontrakter/{KEY}/budget/{PLAN}"
AS_OF = "2019-06-30"
# (booked on, øre, activity, funder): konfliktmaegling goes 100.000 kr. over its 900.000 kr.
EXPENSES = [
    (date(2018, 2, 10), 20_000_000, "forebyggelse-af-udsaettelser", "lbf"),
    (date(2018, 9, 1), 60_000_000, "konfliktmaegling", None),
    (date(2019, 3, 15), 40_000_000, "konfliktmaegling", "municipality"),
    (date(2019, 3, 20), 5_000_000, None, "lbf"),
]


def book_expenses(tracker: Tracker) -> None:
    for booked_on, ore, activity, funder in EXPENSES:
        tracker.book_expense(KEY, PLAN, booked_on, ore, "Udgift", "koordinator", activity, funder)


@pytest.fixture(scope="module")
def glance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path_factory.mktemp("g") / "s.db")}
    app, tokens = amager_app(store, book_expenses)
    with TestClient(app, follow_redirects=False) as client:
        yield Web(client, tokens)


def test_the_budget_page_draws_spending_per_month_cumulative_frame_and_projection_as_inline_svg(glance: Web) -> None:
    page = glance.login("koordinator").get(LEDGER, params={"as_of": AS_OF}).text
    svg = page[page.index('<svg viewBox="0 0 720 420"') : page.index("</svg>", page.index("0 0 720 420"))]

    assert missing(
        svg, "<title", "Forbrug over tid: Eksempel", "<desc", "Brugt 1.250.000 kr. af budgetrammen 2.400.000 kr.",
        "Budgetramme 2.400.000 kr.", 'class="chart-spent"', "stroke-dasharray", "jan. 2019",
    ) == []  # fmt: skip
    assert svg.count('class="chart-bar"') == 18  # January 2018 to June 2019, one bar per month
    assert "style=" not in svg and "<script" not in page  # the Content-Security-Policy admits neither
    months = re.findall(
        r"<tr><th scope=\"row\">(\w+\.? \d{4})</th><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)<", page
    )
    assert ("mar. 2019", "450.000,00 kr.", "1.250.000,00 kr.") in months and (
        "feb. 2018",
        "200.000,00 kr.",
        "200.000,00 kr.",
    ) in months


def test_the_budget_page_marks_an_activity_spending_more_than_its_allocation_in_words(glance: Web) -> None:
    page = glance.login("koordinator").get(LEDGER, params={"as_of": AS_OF}).text
    row = re.search(r'<tr class="over-allocation"><th scope="row">([^<]+)</th>(.*?)</tr>', page, re.S)

    assert row and row.group(1) == "At nedbringe antallet af nabostridigheder og konflikter"
    assert "Overforbrug: 100.000,00 kr. over fordelingen" in row.group(2)
    assert page.count('class="over-allocation"') == 1 and "uden aktivitet" in page


def test_the_ledger_names_each_entrys_activity_and_totals_it_overall_and_per_funder(glance: Web) -> None:
    page = glance.login("koordinator").get(LEDGER, params={"as_of": AS_OF}).text
    ledger = page[page.index('<table class="ledger">') :]

    assert missing(
        ledger, "<th scope=\"col\">Aktivitet</th>", "At nedbringe antallet af udsættelser",
        "I alt, alle posteringer</th><td class=\"num\">1.250.000,00 kr.",
        "Heraf Landsbyggefonden</th><td class=\"num\">250.000,00 kr.",
        "Heraf Kommunen</th><td class=\"num\">400.000,00 kr.",
        "Heraf fordelt efter finansieringsandele</th><td class=\"num\">600.000,00 kr.",
    ) == []  # fmt: skip
    assert "kr.." not in page


def test_the_contract_page_shows_the_chart_and_activity_use_to_a_reader(glance: Web) -> None:
    page = glance.login("revisor").get(f"/kontrakter/{KEY}", params={"as_of": AS_OF}).text

    assert "Forbrug over tid: Eksempel" in page and "Overforbrug: 100.000,00 kr. over fordelingen" in page
    assert "kr.." not in page


def test_the_overview_counts_overdue_obligations_in_the_plural(glance: Web) -> None:
    page = glance.login("koordinator").get("/", params={"as_of": AS_OF, "eksempler": "1"}).text

    counts = re.findall(r'state-overdue"[^>]*>(\d+) (forfalden|forfaldne)<', page)
    assert counts and all((n == "1") == (word == "forfalden") for n, word in counts), counts


def test_a_ledger_page_that_is_not_a_number_is_refused_in_danish(glance: Web) -> None:
    response = glance.login("koordinator").get(LEDGER, params={"side": "sidste"})

    assert response.status_code == 422 and "side skal være et helt tal" in response.text
