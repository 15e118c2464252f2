"""In a real browser: a coordinator finds Urbanplanen among the plans, reads its contract, the budget across its
contracts and its co-financing, and follows the lineage to its successor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from api.cli.plans import load_plans
from domain.tracker import Tracker
from domain.versions import Decision
from tests.browser.conftest import Served, amager_served
from tests.browser.test_dashboards import log_in
from tests.conftest import AMAGER, CONTRACTS, contract_file

pytestmark = pytest.mark.browser
FORUM = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), "Referat, punkt 5")


def plans_and_money(tracker: Tracker) -> None:
    """The plan files imported, Urbanplanen active, paid into, and a regulation-account use approved twice."""
    plans, _, _ = load_plans([CONTRACTS])
    tracker.import_contracts([(contract_file(AMAGER), AMAGER.name)], "koordinator", plans)
    for status, on in [
        ("prequalified", date(2013, 5, 1)),
        ("approved", date(2013, 10, 1)),
        ("active", date(2014, 1, 1)),
    ]:
        tracker.change_plan_status("urbanplanen", status, on, "LBF-brev", "koordinator")  # type: ignore[arg-type]
    tracker.record_payment(
        "urbanplanen", "lbf", "Landsbyggefonden", date(2014, 2, 1), 60_000_000, "LBF-1", "koordinator"
    )
    tracker.transfer_unspent("urbanplanen", date(2018, 1, 31), {"lbf": 15_000_000}, "koordinator")
    tracker.request_regulation_use("urbanplanen", 10_000_000, "Lektiecafé 2018", date(2018, 2, 15), "koordinator")
    for approver in ("municipality", "lbf"):
        tracker.approve_regulation_use(
            "urbanplanen",
            1,
            approver,
            approver,
            date(2018, 3, 1),
            f"J.nr. {approver}",
            FORUM,
            "koordinator",  # type: ignore[arg-type]
        )


@pytest.fixture
def served(postgres_url: str, postgres_schema: str) -> Iterator[Served]:
    with amager_served(postgres_url, postgres_schema, plans_and_money) as found:
        yield found


def test_a_coordinator_reads_a_plan_with_its_contracts_budget_co_financing_and_successor(
    page: Any, served: Served
) -> None:
    log_in(page, served, "koordinator")
    page.get_by_role("navigation").get_by_role("link", name="Helhedsplaner").click()
    page.get_by_role("link", name="Den boligsociale helhedsplan Urbanplanen").click()

    assert page.get_by_test_id("plan-status").inner_text() == "aktiv (siden 01.01.2014)"
    budget = page.get_by_role("table", name="Budget på tværs af kontrakterne pr. 15.01.2016")
    row = budget.get_by_role("row").filter(has_text="Amager, Udsatte grupper")
    assert "3.038.447,00 kr." in row.inner_text() and "450.000,00 kr." in row.inner_text()
    assert "Styrket kontaktpersonsordning" in row.inner_text()
    funders = page.get_by_role("table", name="Pr. finansieringskilde pr. 15.01.2016")
    assert "600.000,00 kr." in funders.get_by_role("row").filter(has_text="Landsbyggefonden").inner_text()
    payments = page.get_by_role("table", name="Indbetalinger")
    assert "LBF-1" in payments.inner_text() and "koordinator" in payments.inner_text()

    page.get_by_role("link", name="Amagerplanen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Amagerplanen"
    assert page.get_by_text("Forgænger: Den boligsociale helhedsplan Urbanplanen").is_visible()
